"""A plain model of the entities' CEA-2024 holdings, used to plan trades that the ledger will accept.

Every trade of a round is planned against the holdings committed before the round (the node
dry-runs each submission against its committed state), so a seller only sells what it held
when the round began. Purchases within a round count only from the next round on.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from .outcomes import NORMAL, Outcome

LOT_T = 100  # trades are in lots of 100 t
MEAN_TRADE_T = 37_800  # report §四: 1.89 亿吨 traded in 2024 ≈ 5,000 trades of 37,800 t
LISTED_SHARE = 0.85  # share of listed trades (挂牌协议); the rest block trades (大宗协议). The exchange settles both


@dataclass(frozen=True)
class Trade:
    """One planned transfer of CEA-2024, settled by the exchange under `trade_ref`."""

    seller: str
    buyer: str
    amount: int
    trade_ref: str
    memo: str | None = None


@dataclass
class Market:
    """Holdings of CEA-2024 in the entities' own accounts, in tonnes."""

    outcomes: dict[str, Outcome]
    held: dict[str, int] = field(default_factory=dict)
    trade_no: int = 0
    offsets: dict[str, int] = field(default_factory=dict)  # tonnes of CCER each entity surrenders as offset

    def owed(self, account: str) -> int:
        """Tonnes of CEA the entity must surrender: its verified emissions less its CCER offset."""
        return self.outcomes[account].entity.verified - self.offsets.get(account, 0)

    @staticmethod
    def of(outcomes: list[Outcome]) -> Market:
        return Market({o.entity.account: o for o in outcomes})

    def issue(self, account: str, amount: int) -> None:
        """Record units issued to (or, negative, withdrawn from) `account`."""
        self.held[account] = self.held.get(account, 0) + amount

    def traders(self) -> list[str]:
        """The accounts that trade: normal entities (the forced and the defaulters stay out)."""
        return [a for a, o in self.outcomes.items() if o.role == NORMAL]

    def next_ref(self, month: str) -> str:
        self.trade_no += 1
        return f"CEEX-{month}-{self.trade_no:06d}"

    def settle(self, trades: list[Trade]) -> list[Trade]:
        """Apply planned trades to the model and return them."""
        for t in trades:
            self.held[t.seller] -= t.amount
            self.held[t.buyer] = self.held.get(t.buyer, 0) + t.amount
        return trades

    def plan_round(self, rng: random.Random, count: int, month: str) -> list[Trade]:
        """About `count` random trades between traders, each within what its seller held at the start."""
        traders = self.traders()
        sellable = {a: self.held.get(a, 0) for a in traders}
        trades: list[Trade] = []
        for _ in range(count * 3):
            if len(trades) == count or len(traders) < 2:
                break
            seller, buyer = rng.sample(traders, 2)
            amount = draw_amount(rng, sellable[seller])
            if amount:
                sellable[seller] -= amount
                trades.append(self.make_trade(rng, seller, buyer, amount, month))
        return self.settle(trades)

    def make_trade(self, rng: random.Random, seller: str, buyer: str, amount: int, month: str) -> Trade:
        """A listed trade (most) or a block trade, both settled by the exchange."""
        if rng.random() < LISTED_SHARE:
            return Trade(seller, buyer, amount, trade_ref=self.next_ref(month))
        return Trade(seller, buyer, amount, trade_ref=self.next_ref(month), memo="大宗协议 block trade")

    def plan_compliance_purchases(self, month: str) -> list[Trade]:
        """Every short trader buys what it lacks from the long ones, largest needs first (exchange-settled)."""
        need = {a: self.owed(a) - self.held.get(a, 0) for a in self.traders()}
        shorts = sorted((a for a in need if need[a] > 0), key=lambda a: (-need[a], a))
        longs = sorted((a for a in need if need[a] < 0), key=lambda a: (need[a], a))
        trades, j = [], 0
        for buyer in shorts:
            while need[buyer] > 0:
                seller = longs[j]
                amount = min(need[buyer], -need[seller])
                trades.append(Trade(seller, buyer, amount, trade_ref=self.next_ref(month)))
                need[buyer] -= amount
                need[seller] += amount
                j += need[seller] == 0
        return self.settle(trades)


def draw_amount(rng: random.Random, sellable: int) -> int:
    """A trade size in whole lots: log-normal around the national mean, at most a quarter of what is sellable."""
    cap = sellable // 4
    amount = min(cap, int(rng.lognormvariate(0, 1.0) * MEAN_TRADE_T / 1.65))
    return amount // LOT_T * LOT_T
