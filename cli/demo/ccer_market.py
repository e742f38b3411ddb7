"""The CCER market of the demo year: exchange-settled trades, voluntary cancellations, the 5 % offset.

Pure, like `scenario`. Report §六: on the first trading day in March 2025, 74.88 万 t changed hands;
here the institutional holders buy that much from the first batch's owners. Report §五(二): 58 entities
of 18 provinces used 647.27 万 t of CCER in their surrender (scaled to the population). Each offsetting
entity buys its CCER from the owners through the exchange (batch 1 in June, batch 2 in September),
freezes it as pending offset in November, within its cap (5 % of its verified emissions, rounded down),
and the surrender consumes it; its CEA surrender and purchases shrink by as much. One entity freezes
exactly its cap and holds one tonne more: freezing that tonne is refused (offset_cap_exceeded), and so
is freezing it after the deadline (deadline_passed).
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from ledger.constants import BP

from .ccer import issued_units
from .outcomes import NORMAL, Outcome, scaled
from .population import NATIONAL_ENTITIES, signers_of
from .scenario import DEADLINE, OFFSET_CAP_BP, YEAR, Phase, TxSpec, at

NATIONAL_OFFSET_ENTITIES = 58  # report §五(二)
NATIONAL_OFFSET_PROVINCES = 18
NATIONAL_OFFSET_T = 6_472_700  # 647.27 万 t
# The first trading day (74.88 万 t): what each holder buys, and what it cancels voluntarily, for whom, why
HOLDER_BUYS = {"bank": 500_000, "games": 120_000, "pilot": 100_000, "charity": 28_800}
CANCELLATIONS = (
    ("bank", "company_offset", 20_000, "某商业银行股份有限公司", "2024 年度自身运营排放抵消"),
    ("games", "large_event_neutrality", 120_000, "第十五届全国运动会", "赛事碳中和"),
    ("pilot", "local_ets_offset", 100_000, "上海某制造有限公司", "上海市碳排放权交易试点 2024 年度清缴抵销"),
    ("charity", "public_interest", 28_800, "社会公众", "公益注销: 世界环境日"),
)
Lot = tuple[str, str, int]  # (owner key, instrument id, tonnes)


@dataclass
class CcerPlan:
    """Who offsets how much, and the lots every buyer gets from the owners, by trading phase."""

    offsets: dict[str, int]  # account → tonnes offset; the first one at exactly its cap
    holder_lots: dict[str, list[Lot]]  # holder key → lots bought on the first trading day
    entity_lots: dict[str, list[tuple[int, Lot]]]  # account → (batch, lot); the first one's last lot has a spare tonne


def cap_of(o: Outcome) -> int:
    """The entity's offset cap: 5 % of its verified emissions, rounded down."""
    return o.entity.verified * OFFSET_CAP_BP // BP


def choose_offsetters(outcomes: list[Outcome], seed: int) -> list[Outcome]:
    """The offsetting entities, the one with the smallest cap first: normal ones able to take the average share,
    in as many provinces as the report's."""
    count = scaled(NATIONAL_OFFSET_ENTITIES, len(outcomes))
    provinces = min(count, scaled(NATIONAL_OFFSET_PROVINCES, len(outcomes)))
    normal = sorted((o for o in outcomes if o.role == NORMAL), key=lambda o: (cap_of(o), o.entity.account))
    able = [o for o in normal if cap_of(o) >= target_tonnes(outcomes) // count] or normal[-count:]
    chosen, rest = able[:1], able[1:]
    random.Random(seed * 53 + 11).shuffle(rest)
    for o in rest:
        if len({c.entity.province for c in chosen} | {o.entity.province}) <= provinces and len(chosen) < count:
            chosen.append(o)
    return chosen


def target_tonnes(outcomes: list[Outcome]) -> int:
    """The report's CCER offset, scaled to the population."""
    return NATIONAL_OFFSET_T * len(outcomes) // NATIONAL_ENTITIES


def compute_offsets(outcomes: list[Outcome], seed: int) -> dict[str, int]:
    """Tonnes each chosen entity offsets: the first its whole cap, the others the rest of the target by cap."""
    first, *rest = choose_offsetters(outcomes, seed)
    offsets = {first.entity.account: cap_of(first)}
    remaining, caps = max(0, target_tonnes(outcomes) - cap_of(first)), sum(cap_of(o) for o in rest)
    for o in rest:
        offsets[o.entity.account] = min(cap_of(o), remaining * cap_of(o) // caps)
    return {a: t for a, t in offsets.items() if t > 0}


def draw(pool: dict[tuple[str, str], int], tonnes: int) -> list[Lot]:
    """Take `tonnes` from the pool's instruments in order; return the lots."""
    lots = []
    for (owner, iid), left in pool.items():
        take = min(left, tonnes - sum(t for _, _, t in lots))
        if take > 0:
            pool[(owner, iid)] -= take
            lots.append((owner, iid, take))
    return lots


def plan_ccer(outcomes: list[Outcome], seed: int) -> CcerPlan:
    """Offsets and lots: holders from batch 1; entities alternately from batch 1 and 2 (the other when it runs out)."""
    offsets = compute_offsets(outcomes, seed)
    pools = {1: issued_units(1), 2: issued_units(2)}
    holder_lots = {key: draw(pools[1], t) for key, t in HOLDER_BUYS.items()}
    entity_lots: dict[str, list[tuple[int, Lot]]] = {}
    for i, (account, tonnes) in enumerate(offsets.items()):
        need = tonnes + (i == 0)
        batch = 1 + i % 2
        lots = [(batch, lot) for lot in draw(pools[batch], need)]
        lots += [(3 - batch, lot) for lot in draw(pools[3 - batch], need - sum(lot[2] for _, lot in lots))]
        entity_lots[account] = lots
    return CcerPlan(offsets, holder_lots, entity_lots)


def ccer_transfer(owner: str, buyer: str, lot: Lot, ref: str) -> TxSpec:
    """A CCER trade settled by the exchange."""
    return TxSpec("transfer", {"from": owner, "to": buyer, "instrument": lot[1], "amount": lot[2], "trade_ref": ref},
                  ("EXCHANGE",))


def trading(plan: CcerPlan, accounts: dict[str, str]) -> list[Phase]:
    """The first trading day (holders), then the entities' purchases from batch 1 (June) and batch 2 (September)."""
    first = [(accounts[k], lot) for k, lots in plan.holder_lots.items() for lot in lots]
    by_batch = {b: [(a, lot) for a, lots in plan.entity_lots.items() for lb, lot in lots if lb == b] for b in (1, 2)}
    phases = []
    for key, when, buys in (("03", "03-20", first), ("06", "06-16", by_batch[1]), ("09", "09-16", by_batch[2])):
        txs = [ccer_transfer(accounts[lot[0]], buyer, lot, f"CCER-2025{key}-{n:06d}") for n, (buyer, lot) in enumerate(buys, 1)]
        phases.append(Phase(f"ccer-trade-{key}", f"CCER trading, 2025-{key}", at(when), txs))
    return phases


def cancellations(plan: CcerPlan, accounts: dict[str, str]) -> Phase:
    """Each holder cancels what it bought, for its purpose and beneficiary: one certificate per transaction."""
    txs = []
    for key, purpose, amount, beneficiary, reason in CANCELLATIONS:
        pool = {(owner, iid): t for owner, iid, t in plan.holder_lots[key]}
        for _, iid, t in draw(pool, amount):
            txs.append(TxSpec("cancel", {"account": accounts[key], "instrument": iid, "amount": t, "purpose": purpose,
                                         "beneficiary": beneficiary, "reason": reason}, (accounts[key],)))
    return Phase("ccer-cancel", "Voluntary CCER cancellations with certificates", at("06-05"), txs)


def offset_bodies(plan: CcerPlan) -> list[dict[str, Any]]:
    """{account, year, instrument, amount} of every lot an entity offsets (the spare tonne left out)."""
    bodies = []
    for account, lots in plan.entity_lots.items():
        left = plan.offsets[account]
        for _, (_, iid, t) in lots:
            if min(t, left) > 0:
                bodies.append({"account": account, "year": YEAR, "instrument": iid, "amount": min(t, left)})
            left -= min(t, left)
    return bodies


def offsetting(plan: CcerPlan) -> list[Phase]:
    """Freeze as pending offset (November), one tonne above the cap refused, the surrender consumes it (December)."""
    bodies = offset_bodies(plan)
    first, lots = next(iter(plan.entity_lots.items()))
    spare = TxSpec("freeze_offset", {"account": first, "year": YEAR, "instrument": lots[-1][1][1], "amount": 1},
                   signers_of(first))
    return [Phase("ccer-freeze", "Entities freeze CCER as pending offset", at("11-20"),
                  [TxSpec("freeze_offset", b, signers_of(b["account"])) for b in bodies]),
            Phase("refused-cap", "Refused: an offset above the 5 % cap", at("11-21"), [spare], expect="offset_cap_exceeded"),
            Phase("ccer-surrender", "Surrender the pending CCER as offset", at("12-18"),
                  [TxSpec("surrender", b, signers_of(b["account"])) for b in bodies]),
            Phase("refused-deadline", "Refused: an offset after the deadline", moment_after(DEADLINE), [spare],
                  expect="deadline_passed")]


def moment_after(deadline: str) -> str:
    """A working morning after the deadline: 2026-01-05 (the deadline is 2025-12-31)."""
    return at("01-05", int(deadline[:4]) + 1, "09:00:00")


def market_phases(plan: CcerPlan, accounts: dict[str, str]) -> list[Phase]:
    """Every CCER market phase of the year, by time."""
    return [*trading(plan, accounts), cancellations(plan, accounts), *offsetting(plan)]

