"""The books the demo's genesis brings in: the national registry as of 2025-01-01, what the 2024 year needs.

A migration opens the entities' accounts at genesis and carries the registry's books over instead of
replaying 2019–2024 (contracts/opening.py):
- the past vintages CEA-2019-2020, CEA-2021, CEA-2022 and CEA-2023, and the 2023 cycle (deadline
  2024-12-31, S3 §六; every vintage up to 2023 eligible, S3 §七);
- each power entity's 2023 record (the 2024 pre-allocation's basis): verified emissions, its 2023
  allocation (report §五: 52.15 亿 t issued for 52.44 亿 t verified, a gap of 0.55 %) and a full surrender,
  the gap covered with CEA-2022 ("部分企业还使用2022、2021、2019-2020等过往年度配额"). Steel, cement and
  aluminium entities are covered from 2024 on and have no 2023 record;
- the old-vintage balances: report §八, 564 of the ~2,200 power entities hold a surplus of 5,825 万 t,
  spread here over the vintages by fixed shares; every other past tonne is in its cycle's SURRENDERED account.
Scaled to the population; deterministic from its seed. Each vintage's serials run from 1 without a gap, so
supply balances from block 1.
"""
from __future__ import annotations

import random
from typing import Any

from ledger.constants import BP, surrendered_account

from .population import Entity, confirmer

YEAR = 2023
DEADLINE = "2024-12-31T23:59:59+08:00"
ALLOCATION_BP = 9_945  # report §五: 52.15 / 52.44 亿 t, the 2023 allocation 0.55 % short of verified emissions
NATIONAL_POWER = 2_200
NATIONAL_SURPLUS_ENTITIES = 564  # report §八: power entities that turned to a surplus
NATIONAL_SURPLUS_T = 58_250_000  # report §八: 5,825 万 t of surplus allowances
# (instrument, vintage, the cycle year its surrendered units count for, share of the surplus in bp,
#  tonnes issued per tonne of 2023 emissions: two years for the first period)
VINTAGES = (("CEA-2019-2020", 2020, 2020, 4_000, 2), ("CEA-2021", 2021, 2022, 2_000, 1),
            ("CEA-2022", 2022, 2022, 2_000, 1), ("CEA-2023", 2023, 2023, 2_000, 1))
OLD_VINTAGES = tuple(v[0] for v in VINTAGES)
GAP_VINTAGE = "CEA-2022"  # what entities used to cover the 2023 gap


def entity_participants(population: list[Entity], pubkeys: dict[str, str]) -> list[dict[str, Any]]:
    """Every key emitting entity's account, opened at genesis (the registry's migration, 一户一账户), with an
    initiator's and a confirmer's key, both needed to sign (maker–checker)."""
    return [{"id": e.account, "name": e.name, "roles": ["entity"],
             "pubkeys": [pubkeys[e.account], pubkeys[confirmer(e.account)]], "threshold": 2,
             "province": e.province, "sector": e.sector} for e in population]


def compute_surpluses(population: list[Entity], seed: int) -> dict[str, int]:
    """Tonnes of old-vintage surplus per account: the report's share of power entities, in proportion to emissions."""
    power = [e for e in population if e.previous]
    count = max(1, round(NATIONAL_SURPLUS_ENTITIES * len(power) / NATIONAL_POWER))
    total = NATIONAL_SURPLUS_T * len(power) // NATIONAL_POWER
    chosen = random.Random(seed * 104_729 + 3).sample(power, min(count, len(power)))
    weight = sum(e.previous for e in chosen)
    return {e.account: total * e.previous // weight for e in chosen}


def compute_obligations(population: list[Entity]) -> list[dict[str, Any]]:
    """Each power entity's 2023 record: verified, allocated (0.55 % short), surrendered in full on time."""
    return [{"account": e.account, "year": YEAR, "verified": e.previous, "allocated": e.previous * ALLOCATION_BP // BP,
             "surrendered": e.previous} for e in population if e.previous]


def vintage_holdings(iid: str, parts: list[tuple[str, int]]) -> list[dict[str, Any]]:
    """Consecutive serial ranges from 1, one row per (account, tonnes) with tonnes > 0."""
    rows, first = [], 1
    for account, amount in parts:
        if amount > 0:
            rows.append({"account": account, "instrument": iid, "ranges": [[first, first + amount - 1]]})
            first += amount
    return rows


def surrendered_parts(iid: str, cycle_year: int, years: int, verified: int, allocated: int,
                      kept_2023: int) -> list[tuple[str, int]]:
    """Where a vintage's surrendered tonnes are. CEA-2023: what its holders did not keep, in SURRENDERED-2023;
    an older vintage: its period's emissions (taken as 2023's per year) in its cycle's account, and for
    CEA-2022 also what covered the 2023 gap and the CEA-2023 the surplus holders kept."""
    if iid == "CEA-2023":
        return [(surrendered_account(YEAR), allocated - kept_2023)]
    parts = [(surrendered_account(cycle_year), verified * years)]
    if iid == GAP_VINTAGE:
        parts.append((surrendered_account(YEAR), verified - allocated + kept_2023))
    return parts


def build_books(population: list[Entity], seed: int) -> dict[str, Any]:
    """The genesis `opening`: past vintages, the 2023 cycle, the 2023 records and every past tonne's holder."""
    obligations = compute_obligations(population)
    verified = sum(o["verified"] for o in obligations)
    allocated = sum(o["allocated"] for o in obligations)
    surpluses = compute_surpluses(population, seed)
    shares = {iid: {a: t * share_bp // BP for a, t in sorted(surpluses.items())} for iid, _, _, share_bp, _ in VINTAGES}
    holdings, instruments = [], []
    for iid, vintage, cycle_year, _, years in VINTAGES:
        kept_2023 = sum(shares["CEA-2023"].values())
        parts = surrendered_parts(iid, cycle_year, years, verified, allocated, kept_2023) + list(shares[iid].items())
        holdings += vintage_holdings(iid, parts)
        instruments.append({"id": iid, "vintage": vintage, "name": "碳排放配额" + "-".join(y[2:] for y in iid[4:].split("-"))})
    cycle = {"year": YEAR, "deadline": DEADLINE, "eligible_vintages": list(OLD_VINTAGES), "offset_cap_bp": 500,
             "pre_allocation_bp": 7_000, "shortfall_floor_bp": 8_000}
    return {"instruments": instruments, "cycles": [cycle], "holdings": holdings, "obligations": obligations}
