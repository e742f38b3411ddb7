"""Set a compliance cycle: the MEE fixes a year's surrender deadline and its parameters.

The cycle names the CEA vintages an entity may surrender for the year (the current and
earlier vintages, never a later one: no borrowing), the CCER offset cap (≤ 5 % of the
obligation), the pre-allocation ratio and the 80 % shortfall floor, all in basis points, and
per-sector allocation rules, and optionally the CCER eligibility date `ccer_registered_after`
(YYYY-MM-DD: a CCER offsets the year only if its project was registered after it; S4 §五(二), draft,
2024-01-22; without it every registered project not under ETS qualifies). A new cycle names its
deadline and vintages; its pre-allocation
ratio defaults to S3's 7,000 bp only for 2023 and 2024, later years must name it (S4, draft:
≤ 5,000 bp). Re-setting a cycle changes only the fields the transaction names, and only before
its deadline. Sources: S3 §五, §六, §七; S4; S2 Art.29.
Record schema: contracts/records.py. Feature: tests/features/set_compliance_cycle.feature.
"""
from __future__ import annotations

from typing import Any

from ledger import keys
from ledger.chain import BlockContext
from ledger.constants import BP, DEFAULT_SHORTFALL_FLOOR_BP
from ledger.errors import DeadlinePassed, InvalidField, VintageNotEligible
from ledger.holdings import get_instrument
from ledger.state import State
from ledger.tx import Transaction

from . import fields
from .register_participant import SECTORS
from .roles import MEE, check_signed_by_role

# Defaults of S2 Art.29 (offset cap 5 %) and S3 §五 (pre-allocation 70 % for 2023–2024, floor 80 %).
DEFAULT_OFFSET_CAP_BP = 500
DEFAULT_PRE_ALLOCATION_BP = 7_000
RATIOS = {
    "offset_cap_bp": DEFAULT_OFFSET_CAP_BP,
    "pre_allocation_bp": DEFAULT_PRE_ALLOCATION_BP,
    "shortfall_floor_bp": DEFAULT_SHORTFALL_FLOOR_BP,
}
MAX_VINTAGES = 16

# How a sector's final allocation is found at true-up: the province's figure, or the verified emissions.
FINAL_PLAN, FINAL_VERIFIED = "plan", "verified"
NEW_SECTOR = {"pre_allocation_bp": 0, "final": FINAL_VERIFIED}
# The years S3 fixes: pre-allocation 70 %; in 2024 steel, cement and aluminium (newly covered) get no
# pre-allocation and a final allocation equal to their verified emissions. Later years name their own.
# Which sectors a cycle covers (its list of key emitting entities): power until 2023; steel, cement and
# aluminium from 2024 (S4). A later cycle covers every sector unless it names its own list.
YEAR_DEFAULTS: dict[int, dict[str, Any]] = {
    2023: {"pre_allocation_bp": DEFAULT_PRE_ALLOCATION_BP, "sector_rules": {}, "covered_sectors": ("power",)},
    2024: {"pre_allocation_bp": DEFAULT_PRE_ALLOCATION_BP,
           "sector_rules": dict.fromkeys(("steel", "cement", "aluminium"), NEW_SECTOR)},
}
POWER_ONLY_UNTIL = 2023  # cycles of this year and earlier cover the power sector only
NEW_CYCLE_FIELDS = ("deadline", "eligible_vintages")
CCER_DATE = "ccer_registered_after"  # optional: a CCER offsets the year only if its project registered after it


def check_shape(body: dict[str, Any]) -> None:
    """Year; and, where given, a deadline, distinct vintages, ratios from 0 to 10,000 bp, sector rules."""
    fields.check_keys(body, {"year"}, {*NEW_CYCLE_FIELDS, *RATIOS, "sector_rules", "covered_sectors", CCER_DATE})
    fields.get_year(body, "year")
    # Verify the transaction names at least one field to set
    if len(body) == 1:
        raise InvalidField(f"name at least one field of cycle {body['year']} to set: "
                           f"{', '.join((*NEW_CYCLE_FIELDS, *RATIOS, 'sector_rules'))}")
    if "deadline" in body:
        fields.get_time(body, "deadline")
    if "eligible_vintages" in body:
        check_vintage_list(body["eligible_vintages"])
    # Verify each ratio lies in 0..10,000 basis points
    for name in RATIOS:
        if name in body:
            fields.get_int(body, name, 0, BP)
    if "sector_rules" in body:
        check_sector_rules(body["sector_rules"])
    if "covered_sectors" in body:
        check_covered_sectors(body["covered_sectors"])
    if CCER_DATE in body:
        fields.get_date(body, CCER_DATE)


def check_covered_sectors(sectors: Any) -> None:
    """Raise InvalidField unless `sectors` is a non-empty list of distinct known sectors."""
    # Verify the covered sectors are distinct known sectors
    if not isinstance(sectors, list) or not sectors or len(set(sectors)) != len(sectors) or any(
            s not in SECTORS for s in sectors):
        raise InvalidField(f"covered_sectors must list distinct sectors from {', '.join(SECTORS)}, got {sectors!r}")


def check_vintage_list(vintages: Any) -> None:
    """Raise InvalidField unless `vintages` is a list of 1 to 16 distinct instrument ids."""
    # Verify the vintages are a non-empty list of distinct instrument ids
    if not isinstance(vintages, list) or not 1 <= len(vintages) <= MAX_VINTAGES or len(set(vintages)) != len(vintages):
        raise InvalidField(f"eligible_vintages must list 1 to {MAX_VINTAGES} distinct instrument ids")
    for iid in vintages:
        if not isinstance(iid, str) or not fields.is_instrument_id(iid):
            raise InvalidField(f"eligible_vintages: {iid!r} is not an instrument id such as CEA-2024")


def check_sector_rules(rules: Any) -> None:
    """Raise InvalidField unless `rules` maps known sectors to {pre_allocation_bp: 0..10,000, final: plan|verified}."""
    # Verify the rules are an object keyed by sector
    if not isinstance(rules, dict):
        raise InvalidField(f"sector_rules must be an object keyed by sector ({', '.join(SECTORS)})")
    for sector, rule in rules.items():
        # Verify each sector is known and its rule complete
        if sector not in SECTORS:
            raise InvalidField(f"sector_rules: unknown sector {sector!r}; sectors: {', '.join(SECTORS)}")
        if not isinstance(rule, dict):
            raise InvalidField(f"sector_rules.{sector} must be an object {{pre_allocation_bp, final}}")
        fields.check_keys(rule, {"pre_allocation_bp", "final"})
        fields.get_int(rule, "pre_allocation_bp", 0, BP)
        if rule["final"] not in (FINAL_PLAN, FINAL_VERIFIED):
            raise InvalidField(f"sector_rules.{sector}.final must be {FINAL_PLAN!r} or {FINAL_VERIFIED!r}, "
                               f"got {rule['final']!r}")


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """The MEE signed; the cycle is still open; a new one is complete; the deadline is ahead; the vintages are eligible."""
    body = tx.body
    # Verify the MEE signed
    check_signed_by_role(state, tx, MEE)
    # Verify an existing cycle is still before its deadline
    current = state.get(keys.cycle(body["year"]))
    if current is not None and ctx.time >= current["deadline"]:
        raise DeadlinePassed(f"cycle {body['year']}: block time {fields.format_time(ctx.time)} ≥ deadline "
                             f"{fields.format_time(current['deadline'])}; it can no longer change")
    if current is None:
        check_new_cycle(body)
    # Verify the new deadline lies ahead of the block time
    if "deadline" in body and fields.get_time(body, "deadline") <= ctx.time:
        raise InvalidField(f"deadline {fields.format_time(fields.get_time(body, 'deadline'))} is not after "
                           f"block time {fields.format_time(ctx.time)}")
    for iid in body.get("eligible_vintages", ()):
        check_vintage(state, iid, body["year"])


def check_new_cycle(body: dict[str, Any]) -> None:
    """Raise InvalidField unless a new cycle names its deadline, vintages and (after 2024) its pre-allocation ratio."""
    # Verify a new cycle names its deadline and eligible vintages
    missing = [name for name in NEW_CYCLE_FIELDS if name not in body]
    if missing:
        raise InvalidField(f"cycle {body['year']} is new: name {' and '.join(missing)}")
    # Verify a year without S3's default names its pre-allocation ratio
    if body["year"] not in YEAR_DEFAULTS and "pre_allocation_bp" not in body:
        raise InvalidField(f"cycle {body['year']} is new: name pre_allocation_bp (S3 fixes 7000 bp only for "
                           f"2023–2024; the 2025 plan says ≤ 5000)")


def check_vintage(state: State, iid: str, year: int) -> None:
    """Raise NotFound for an unknown instrument, VintageNotEligible for a non-CEA or later vintage."""
    # Verify the instrument exists
    instrument = get_instrument(state, iid)
    # Verify it is a CEA vintage
    if instrument["kind"] != "CEA":
        raise VintageNotEligible(f"eligible_vintages: {iid} is a {instrument['kind']} instrument, not a CEA vintage")
    # Verify it is not a later vintage (no borrowing)
    if instrument["vintage"] > year:
        raise VintageNotEligible(f"eligible_vintages: {iid} has vintage {instrument['vintage']} > cycle year {year}: "
                                 "no borrowing from later years")


def compute_defaults(year: int) -> dict[str, Any]:
    """The fields a new cycle of `year` takes when the transaction does not name them."""
    covered = ("power",) if year <= POWER_ONLY_UNTIL else SECTORS
    return {**RATIOS, "sector_rules": {}, "covered_sectors": tuple(covered), **YEAR_DEFAULTS.get(year, {})}


def is_covered(cycle: dict[str, Any] | None, sector: str | None) -> bool:
    """True when the cycle's list of key emitting entities covers `sector` (every sector without a cycle or a list)."""
    covered = (cycle or {}).get("covered_sectors")
    return covered is None or sector in covered


def get_sector_rule(cycle: dict[str, Any], sector: str | None) -> dict[str, Any]:
    """The allocation rule of `sector` in `cycle`: its own entry, else the cycle's ratio and the province's final figure."""
    rule = cycle.get("sector_rules", {}).get(sector)
    return rule or {"pre_allocation_bp": cycle["pre_allocation_bp"], "final": FINAL_PLAN}


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Write the named fields over the current cycle (a new one over its defaults); other fields stay."""
    body = tx.body
    current = state.get(keys.cycle(body["year"])) or compute_defaults(body["year"])
    named = {name: value for name, value in body.items() if name != "eligible_vintages"}
    if "deadline" in body:
        named["deadline"] = fields.get_time(body, "deadline")
    if "eligible_vintages" in body:
        named["eligible_vintages"] = tuple(body["eligible_vintages"])
    state.put(keys.cycle(body["year"]), {**current, **named, "set_at": ctx.height})
