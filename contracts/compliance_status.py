"""Compliance status: what each entity owes and has handed in for a year, in the EU registry's codes.

A pure query module (no transaction): "A" surrendered and offset (late surrenders included)
cover the verified emissions, "B" they fall short, "C" verified emissions are not entered,
"X" the entity is exempt. `on_time` counts only what was handed in by the deadline; carry-over
eligibility (S3 annex 5) reads it. Records: contracts/records.py.
Feature: tests/features/compliance_status.feature.
"""
from __future__ import annotations

from typing import Any

from ledger import keys
from ledger.constants import BP
from ledger.state import State

from .records import get_obligation

STATUS_COMPLIANT = "A"  # surrendered + offset (incl. late) ≥ verified
STATUS_SHORT = "B"  # less than verified
STATUS_NOT_ENTERED = "C"  # verified emissions not entered
STATUS_EXEMPT = "X"  # exempt from this year's compliance
NUMBERS = ("verified", "allocated", "surrendered", "offset", "late_surrendered", "shortfall", "fine_fen")


def compute_covered(obligation: dict[str, Any]) -> int:
    """Tonnes handed in for the year: CEA surrendered (on time and late) plus CCER offset."""
    return obligation["surrendered"] + obligation["offset"] + obligation["late_surrendered"]


def compute_outstanding(obligation: dict[str, Any]) -> int:
    """Verified emissions not yet covered, never negative. Requires verified emissions recorded."""
    return max(0, obligation["verified"] - compute_covered(obligation))


def compute_province_balance(obligation: dict[str, Any]) -> int:
    """Tonnes of the entity's allocation still in the province's account (forced compliance)."""
    return (obligation["to_province"] - obligation.get("province_surrendered", 0)
            - obligation.get("province_released", 0))


def compute_code(obligation: dict[str, Any]) -> str:
    """The status code A, B, C or X of one obligation record."""
    if obligation["exempt"]:
        return STATUS_EXEMPT
    if obligation["verified"] is None:
        return STATUS_NOT_ENTERED
    return STATUS_COMPLIANT if compute_covered(obligation) >= obligation["verified"] else STATUS_SHORT


def is_on_time(obligation: dict[str, Any]) -> bool:
    """True when CEA and CCER handed in by the deadline cover verified emissions (never for C or X)."""
    if obligation["exempt"] or obligation["verified"] is None:
        return False
    return obligation["surrendered"] + obligation["offset"] >= obligation["verified"]


def describe(obligation: dict[str, Any]) -> dict[str, Any]:
    """The public status of one obligation record."""
    verified = obligation["verified"]
    return {
        "account": obligation["account"], "year": obligation["year"], "province": obligation["province"],
        "status": compute_code(obligation), "on_time": is_on_time(obligation),
        **{name: obligation[name] for name in NUMBERS},
        "outstanding": None if verified is None else compute_outstanding(obligation),
    }


def compute_status(state: State, year: int, account: str) -> dict[str, Any]:
    """The status of `account` for `year`; an account with no record is "C" (not entered)."""
    return describe(get_obligation(state, year, account))


def list_statuses(state: State, year: int) -> list[dict[str, Any]]:
    """The status of every obligation record of `year`, sorted by account."""
    records = [record for _, record in state.scan(keys.obligation_prefix(year))]
    return [describe(record) for record in sorted(records, key=lambda r: r["account"])]


def summary(state: State, year: int) -> dict[str, Any]:
    """Totals of `year` over entities with verified emissions (exempt ones aside) and the completion rate.

    `completion_bp` = (surrendered + offset + late_surrendered) / verified and `on_time_bp` =
    (surrendered + offset) / verified, both in basis points rounded down, None without verified emissions.
    """
    statuses = list_statuses(state, year)
    counted = [s for s in statuses if s["status"] in (STATUS_COMPLIANT, STATUS_SHORT)]
    totals = {name: sum(s[name] or 0 for s in counted) for name in NUMBERS}
    verified = totals["verified"]
    covered = totals["surrendered"] + totals["offset"] + totals["late_surrendered"]
    return {
        "year": year, "entities": len(statuses),
        "by_status": {code: sum(1 for s in statuses if s["status"] == code)
                      for code in (STATUS_COMPLIANT, STATUS_SHORT, STATUS_NOT_ENTERED, STATUS_EXEMPT)},
        "on_time": sum(1 for s in counted if s["on_time"]), **totals,
        "completion_bp": covered * BP // verified if verified else None,
        "on_time_bp": (totals["surrendered"] + totals["offset"]) * BP // verified if verified else None,
    }
