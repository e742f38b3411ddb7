"""Compliance status: what each entity owes and has handed in for a year, in the EU registry's codes.

A pure query module (no transaction): "A" surrendered (CEA) and offset (CCER; late surrenders
included, refunds deducted) cover the verified emissions, "B" they fall short, "C" verified emissions are not entered,
"X" the entity is exempt. `on_time` counts only what was handed in by the deadline; carry-over
eligibility (S3 annex 5) reads it. Every key emitting entity appears in a year's list (C without a
record). The status as fixed at the deadline: contracts/status_fixing.py. Records: contracts/records.py.
Feature: tests/features/compliance_status.feature.
"""
from __future__ import annotations

from typing import Any

from ledger import keys
from ledger.constants import BP
from ledger.state import State

from .set_compliance_cycle import is_covered
from .records import get_obligation
from .roles import ENTITY, has_role

STATUS_COMPLIANT = "A"  # surrendered + offset (incl. late) ≥ verified
STATUS_SHORT = "B"  # less than verified
STATUS_NOT_ENTERED = "C"  # verified emissions not entered
STATUS_EXEMPT = "X"  # exempt from this year's compliance
NUMBERS = ("verified", "allocated", "surrendered", "offset", "late_surrendered", "shortfall", "fine_fen")
ADDED_NUMBERS = ("refunded", "corrected")  # fields later than the first records: absent reads as 0


def compute_covered(obligation: dict[str, Any]) -> int:
    """Tonnes handed in for the year: CEA surrendered (on time and late) plus CCER offset, less refunds."""
    covered: int = (obligation["surrendered"] + obligation["offset"] + obligation["late_surrendered"]
                    - obligation.get("refunded", 0))
    return covered


def compute_outstanding(obligation: dict[str, Any]) -> int:
    """Verified emissions not yet covered, never negative. Requires verified emissions recorded."""
    verified: int = obligation["verified"]
    return max(0, verified - compute_covered(obligation))


def compute_province_balance(obligation: dict[str, Any]) -> int:
    """Tonnes of the entity's allocation still in the province's account (forced compliance)."""
    balance: int = (obligation["to_province"] - obligation.get("province_surrendered", 0)
                    - obligation.get("province_released", 0))
    return balance


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
    on_time: int = obligation["surrendered"] + obligation["offset"] - obligation.get("refunded", 0)
    verified: int = obligation["verified"]
    return on_time >= verified


def describe(obligation: dict[str, Any]) -> dict[str, Any]:
    """The public status of one obligation record."""
    verified = obligation["verified"]
    return {
        "account": obligation["account"], "year": obligation["year"], "province": obligation["province"],
        "status": compute_code(obligation), "on_time": is_on_time(obligation),
        **{name: obligation[name] for name in NUMBERS}, **{name: obligation.get(name, 0) for name in ADDED_NUMBERS},
        "covered": compute_covered(obligation),
        "outstanding": None if verified is None else compute_outstanding(obligation),
    }


def compute_status(state: State, year: int, account: str) -> dict[str, Any]:
    """The status of `account` for `year`; an account with no record is "C" (not entered)."""
    return describe(get_obligation(state, year, account))


def list_accounts(state: State, year: int, opened_by: int | None = None) -> list[str]:
    """Every account with a record of `year` and every entity of a sector the year's cycle covers (opened by height
    `opened_by` if given), sorted."""
    recorded = {record["account"] for _, record in state.scan(keys.obligation_prefix(year))}
    cycle = state.get(keys.cycle(year))
    entities = {record["id"] for _, record in state.scan(keys.participant(""))
                if has_role(record, ENTITY) and is_covered(cycle, record.get("sector"))
                and (opened_by is None or (record.get("opened_at") or 0) <= opened_by)}
    return sorted(recorded | entities)


def list_statuses(state: State, year: int, opened_by: int | None = None) -> list[dict[str, Any]]:
    """The status of every entity of `year` (see list_accounts), sorted by account; one without a record is "C"."""
    return [compute_status(state, year, account) for account in list_accounts(state, year, opened_by)]


def compute_rate_bp(numerator: int, denominator: int) -> int | None:
    """numerator / denominator in basis points, rounded half up (exact to 0.01 %); None when denominator is 0."""
    return (2 * numerator * BP + denominator) // (2 * denominator) if denominator else None


def summarize(statuses: list[dict[str, Any]], year: int) -> dict[str, Any]:
    """Totals over every entity of `statuses` (every code), and the completion rates over entities A and B.

    `completion` = covered / verified and `on_time_completion` = (surrendered + offset − refunded) / verified,
    each as exact {numerator, denominator} and in basis points rounded half up (None without verified emissions).
    CEA and CCER apart: `surrendered` and `offset` tonnes, `offset_t` and `offsetting_entities` (those that offset).
    """
    totals = {name: sum(s[name] or 0 for s in statuses) for name in (*NUMBERS, *ADDED_NUMBERS, "covered")}
    owing = [s for s in statuses if s["status"] in (STATUS_COMPLIANT, STATUS_SHORT)]
    verified = sum(s["verified"] for s in owing)
    covered = sum(s["covered"] for s in owing)
    on_time = sum(s["surrendered"] + s["offset"] - s["refunded"] for s in owing)
    return {
        "year": year, "entities": len(statuses),
        "by_status": {code: sum(1 for s in statuses if s["status"] == code)
                      for code in (STATUS_COMPLIANT, STATUS_SHORT, STATUS_NOT_ENTERED, STATUS_EXEMPT)},
        "on_time": sum(1 for s in statuses if s["on_time"]), **totals,
        "offset_t": totals["offset"], "offsetting_entities": sum(1 for s in statuses if s["offset"]),
        "completion": {"numerator": covered, "denominator": verified},
        "on_time_completion": {"numerator": on_time, "denominator": verified},
        "completion_bp": compute_rate_bp(covered, verified), "on_time_bp": compute_rate_bp(on_time, verified),
    }


def summary(state: State, year: int, opened_by: int | None = None) -> dict[str, Any]:
    """Totals of `year` over every entity and the completion rates (see summarize)."""
    return summarize(list_statuses(state, year, opened_by), year)
