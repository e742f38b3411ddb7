"""How each demo entity's compliance year turns out: its final allocation and its role.

- Power: pre-allocation 70 % of 2023 emissions; final allocation by benchmark, around verified
  emissions ± 3 %, a few well below 80 % so that the shortfall floor lifts them (S3 §五(三)).
- Steel, cement, aluminium: 2024 allocation equal to verified emissions (report §三: "2024年度
  企业获得的配额量将与其实际排放量相等"), issued at true-up, no pre-allocation.
- Risky entities (强制履约): allocation to the province's account, surrendered by the registry.
- Defaulters: the report's "仅 4 家重点排放单位未按时足额履约" with a 99.98 % completion rate;
  their shortfalls together make 0.02 % of all verified emissions.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

from ledger.constants import BP, DEFAULT_SHORTFALL_FLOOR_BP

from .population import NATIONAL_ENTITIES, Entity

NORMAL, FORCED, DEFAULTER = "normal", "forced", "defaulter"
NATIONAL_DEFAULTERS = 4  # report §五(三)
NATIONAL_FORCED = 10  # risky entities designated by their provinces (the report gives no count)
COMPLETION_TARGET_BP = 9_998  # report §五(三): 99.98 %
FLOORED_SHARE = 0.01  # share of power entities whose benchmark allocation falls below the 80 % floor


@dataclass(frozen=True)
class Outcome:
    """An entity's allocation and role. `final_milli` is the benchmark allocation in thousandths of a tonne."""

    entity: Entity
    role: str
    final_milli: int

    @property
    def final_text(self) -> str:
        """The final allocation as the decimal string the allocate transaction carries."""
        return f"{self.final_milli // 1000}.{self.final_milli % 1000:03d}"

    @property
    def allocation(self) -> int:
        """Tonnes the entity ends with: rounded down, raised to the 80 % floor."""
        return max(self.final_milli // 1000, self.entity.verified * DEFAULT_SHORTFALL_FLOOR_BP // BP)

    @property
    def pre_allocation(self) -> int:
        """Tonnes of the pre-allocation: 70 % of 2023 emissions, rounded down (power only)."""
        return self.entity.previous * 7_000 // BP


def scaled(national: int, entities: int) -> int:
    """A national count scaled to the population, at least 1."""
    return max(1, round(national * entities / NATIONAL_ENTITIES))


def choose_roles(rng: random.Random, population: list[Entity]) -> dict[str, str]:
    """Pick the forced and the defaulting entities among power entities; everyone else is normal."""
    power = [e for e in population if e.sector == "power"]
    total = sum(e.verified for e in population)
    n_default = scaled(NATIONAL_DEFAULTERS, len(population))
    per_default = compute_target_shortfall(total, n_default)
    roles = {e.account: NORMAL for e in population}
    big_enough = [e for e in power if e.verified * (BP - DEFAULT_SHORTFALL_FLOOR_BP) // BP > per_default]
    for e in rng.sample(big_enough, min(n_default, len(big_enough))):
        roles[e.account] = DEFAULTER
    normal_power = [e for e in power if roles[e.account] == NORMAL]
    for e in rng.sample(normal_power, min(scaled(NATIONAL_FORCED, len(population)), len(normal_power) // 2)):
        roles[e.account] = FORCED
    return roles


def compute_target_shortfall(total_verified: int, defaulters: int) -> int:
    """Tonnes each defaulter misses so that the completion rate is 99.98 %."""
    return max(1, total_verified * (BP - COMPLETION_TARGET_BP) // BP // defaulters)


def draw_final_milli(rng: random.Random, entity: Entity, role: str, shortfall: int) -> int:
    """The benchmark allocation of one entity, in thousandths of a tonne."""
    if entity.sector != "power":
        return entity.verified * 1000
    if role == DEFAULTER:
        return (entity.verified - shortfall) * 1000 + rng.randrange(1000)
    if role == FORCED:
        return entity.verified * 1020 + rng.randrange(1000)
    if rng.random() < FLOORED_SHARE:
        factor_ppm = rng.randint(700_000, 790_000)
    else:
        factor_ppm = int(min(1.1, max(0.9, rng.gauss(1.003, 0.03))) * 1_000_000)
    return entity.verified * factor_ppm // 1000


def build_outcomes(population: list[Entity], seed: int = 2024) -> list[Outcome]:
    """Every entity's outcome, in population order; normal entities together hold enough to comply."""
    rng = random.Random(seed * 7919 + 1)
    roles = choose_roles(rng, population)
    defaulters = sum(1 for r in roles.values() if r == DEFAULTER)
    shortfall = compute_target_shortfall(sum(e.verified for e in population), defaulters)
    outcomes = [Outcome(e, roles[e.account], draw_final_milli(rng, e, roles[e.account], shortfall)) for e in population]
    return balance(outcomes)


def balance(outcomes: list[Outcome]) -> list[Outcome]:
    """Raise the largest normal power entity's allocation if normal entities together are short."""
    normal = [o for o in outcomes if o.role == NORMAL]
    gap = sum(o.entity.verified - o.allocation for o in normal)
    if gap <= 0:
        return outcomes
    biggest = max((o for o in normal if o.entity.sector == "power"), key=lambda o: o.entity.verified)
    lifted = Outcome(biggest.entity, biggest.role, max(biggest.final_milli, biggest.allocation * 1000) + (gap + 1000) * 1000)
    return [lifted if o is biggest else o for o in outcomes]
