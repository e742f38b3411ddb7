"""The demo's key emitting entities, built from the figures of the Ministry's 2025 report.

National scale (全国碳市场发展报告 2025, §三 table): about 3,500 entities emitting about
8 billion tonnes, of which power about 2,200 entities and 5 billion tonnes, and 1,334 newly
covered steel, cement and aluminium entities adding about 3 billion tonnes. Each entity's
emissions are drawn from a log-normal distribution per sector (a few very large plants, a
long tail down to the 26,000 t threshold) and scaled so that each sector meets its total.
Everything is drawn from one seeded `random.Random`: the same seed, the same population.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass

from contracts.fields import USCC_CHARS, uscc_with_check

from ..provinces import CODES, NAMES, PROVINCES

THRESHOLD_T = 26_000  # S2 Art.8: covered from 26,000 tCO2e a year


@dataclass(frozen=True)
class Sector:
    """A covered sector at national scale: entity count, total verified emissions, spread."""

    name: str
    label: str  # the word used in company names
    count: int
    total_t: int
    sigma: float  # log-normal spread of entity emissions


# Report §三: power ~2,200 entities / ~5.0 bn t; 1,334 new entities / ~3.0 bn t (steel, cement, aluminium).
SECTORS: tuple[Sector, ...] = (
    Sector("power", "发电", 2_200, 5_000_000_000, 1.0),
    Sector("steel", "钢铁", 195, 1_800_000_000, 0.8),
    Sector("cement", "水泥", 1_050, 1_120_000_000, 0.7),
    Sector("aluminium", "铝业", 89, 80_000_000, 0.7),
)
NATIONAL_ENTITIES = sum(s.count for s in SECTORS)  # 3,534


@dataclass(frozen=True)
class Entity:
    """One key emitting entity of the demo, with its 2023 and 2024 emissions in tonnes."""

    account: str  # its unified social credit code, also its account id
    name: str
    province: str
    sector: str
    verified: int  # verified emissions of 2024, the compliance obligation
    previous: int  # verified emissions of 2023, the pre-allocation basis (power only; 0 for new sectors)


def compute_sector_counts(entities: int) -> dict[str, int]:
    """Entities per sector for a population of `entities`, in the national proportions, at least 1 each."""
    counts = {s.name: max(1, round(entities * s.count / NATIONAL_ENTITIES)) for s in SECTORS}
    counts["power"] += entities - sum(counts.values())
    return counts


def draw_emissions(rng: random.Random, sector: Sector, count: int) -> list[int]:
    """`count` log-normal emissions whose total is the sector's national mean times `count`."""
    raw = [rng.lognormvariate(0.0, sector.sigma) for _ in range(count)]
    target = sector.total_t * count // sector.count
    scale = target / sum(raw)
    values = [max(THRESHOLD_T, int(x * scale)) for x in raw]
    biggest = max(range(count), key=values.__getitem__)
    values[biggest] = max(THRESHOLD_T, values[biggest] + target - sum(values))
    return values


def draw_province(rng: random.Random) -> str:
    """A province code weighted by how many key emitting entities it hosts."""
    return rng.choices(CODES, weights=[w for _, _, w in PROVINCES])[0]


def make_uscc(rng: random.Random, province: str, taken: set[str]) -> str:
    """A fresh valid credit code: 9 (industry and commerce), 1 (enterprise), the region, an organization code."""
    while True:
        org = "".join(rng.choice("0123456789") for _ in range(8)) + rng.choice(USCC_CHARS)
        code = uscc_with_check(f"91{province}{rng.randint(1, 20):02d}00{org}")
        if code not in taken:
            taken.add(code)
            return code


def build_population(entities: int = NATIONAL_ENTITIES, seed: int = 2024) -> list[Entity]:
    """The demo's entities in a fixed order. Requires entities >= len(SECTORS)."""
    rng = random.Random(seed)
    counts = compute_sector_counts(entities)
    taken: set[str] = set()
    population = []
    for sector in SECTORS:
        for n, verified in enumerate(draw_emissions(rng, sector, counts[sector.name]), start=1):
            province = draw_province(rng)
            previous = int(verified * rng.uniform(0.94, 1.06)) if sector.name == "power" else 0
            name = f"{NAMES[province]}{sector.label}第{n:04d}有限公司"
            population.append(Entity(make_uscc(rng, province, taken), name, province, sector.name, verified, previous))
    return population


def describe_scale(population: list[Entity]) -> str:
    """One line: entities and total verified emissions in billions of tonnes."""
    total = sum(e.verified for e in population)
    return f"{len(population):,} entities, {total / 1e9:.2f} bn t verified ({math.ceil(total / 1e6):,} Mt)"


def confirmer(account: str) -> str:
    """The key name of an entity account's second key: its confirmer (maker–checker, market rule entity_min_signers)."""
    return f"{account}/confirmer"


def signers_of(account: str) -> tuple[str, str]:
    """An entity account signs with both its keys: the initiator's and the confirmer's."""
    return account, confirmer(account)
