"""The whole demo year: population, outcomes and phases, from three numbers and a seed."""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from node.clock import parse_time

from . import compliance, scenario
from .ccer import lifecycle
from .ccer_market import CcerPlan, market_phases, plan_ccer
from .ccer_parties import make_accounts
from .market import Market
from .outcomes import Outcome, build_outcomes
from .population import Entity, build_population
from .scenario import Phase

@dataclass
class Plan:
    """What the demo will do, decided before anything is signed."""

    population: list[Entity]
    outcomes: list[Outcome]
    phases: list[Phase]
    market: Market
    ccer: CcerPlan | None = None
    accounts: dict[str, str] = field(default_factory=dict)  # the CCER parties' account ids by key (ccer_parties)

    @property
    def tx_count(self) -> int:
        return sum(len(p.txs) for p in self.phases)

    def phase(self, key: str) -> Phase:
        """The phase named `key`; raise KeyError."""
        for p in self.phases:
            if p.key == key:
                return p
        raise KeyError(key)


def split_trades(total: int) -> dict[str, int]:
    """The year's regular trades per month, by the shares of `scenario.TRADING_MONTHS`."""
    weight = sum(w for _, w in scenario.TRADING_MONTHS)
    counts = {m: total * w // weight for m, w in scenario.TRADING_MONTHS}
    counts["12"] += total - sum(counts.values())
    return counts


def build_plan(entities: int, transfers: int, seed: int) -> Plan:
    """Every phase of the year in order; the entities' accounts and past books are the genesis's (books.py)."""
    population = build_population(entities, seed)
    outcomes = build_outcomes(population, seed)
    ccer = plan_ccer(outcomes, seed)
    market = Market.of(outcomes)
    market.offsets = dict(ccer.offsets)
    rng = random.Random(seed * 31 + 7)
    trades = split_trades(transfers)
    phases = [scenario.vintages(), scenario.cycle_and_designation(outcomes),
              scenario.pre_allocation(outcomes, market)]
    for month, _ in scenario.TRADING_MONTHS:
        if month == "07":
            phases.append(scenario.verification(outcomes))
        if month == "10":
            phases.append(scenario.true_up(outcomes, market))
        phases.append(scenario.trading(market, rng, month, trades[month]))
    phases += [compliance.purchases(market), compliance.surrenders(outcomes, market), *compliance.forced_compliance(outcomes),
               compliance.price(outcomes), compliance.enforcement(outcomes), compliance.next_cycle(), compliance.next_pre_allocation(outcomes)]
    accounts = ccer_accounts(population)
    phases += [*lifecycle(accounts), *market_phases(ccer, accounts)]
    ordered = sorted((p for p in phases if p.txs), key=lambda p: parse_time(p.time))  # stable: same time, same order
    return Plan(population, outcomes, ordered, market, ccer, accounts)


def ccer_accounts(population: list[Entity]) -> dict[str, str]:
    """The CCER parties' account ids (ccer_parties.make_accounts), none an entity's."""
    return make_accounts({e.account for e in population})


def entity_accounts(entities: int, seed: int) -> list[str]:
    """The entities' account ids, to make their keys before the plan is built."""
    return [e.account for e in build_population(entities, seed)]
