"""The compliance records shared by several rule modules: cycles and obligations.

`cycle/<year>` (set by the MEE's `set_compliance_cycle`):
    year, deadline (ms, block time), eligible_vintages (instrument ids), offset_cap_bp (CCER
    ≤ 5 % of the obligation = 500), pre_allocation_bp (7000 for 2023–2024), shortfall_floor_bp
    (8000: top up to 80 % of verified emissions), set_at (height), sector_rules ({sector:
    {pre_allocation_bp, final: "plan" | "verified"}}, see contracts/set_compliance_cycle.py).
    Optional: ccer_registered_after (YYYY-MM-DD: a CCER offsets the year only if its project was registered
    after that date, contracts/pending_offset.py; absent: no date condition).

`obligation/<year>/<account>` (one per key emitting entity and compliance year):
    account, year, province, verified (t, None until recorded), pre_allocated (t),
    allocated (t, net of every allocation and take-back), to_province (t issued to the
    province's account for forced compliance), forced (bool), surrendered (t CEA before the
    deadline), offset (t CCER), late_surrendered (t after the deadline), shortfall (t, None
    until enforced), fine_fen (None until enforced), deduction (t to take from this year's
    allocation, the previous year's unpaid shortfall), deduction_applied (t), exempt (bool),
    province_surrendered (t the registry force-surrendered from the province's account, out of
    to_province), province_released (t released from the province's account back to the entity).
    What the province's account still holds for the entity: to_province − province_surrendered
    − province_released (contracts/compliance_status.compute_province_balance), in its EARMARKED
    sub-state. Added by allocate: pre_allocated_at, trued_up_at (heights), pre_allocation_basis,
    final_allocation (t, before the floor), allocation_instrument, allocation_holder; by a
    designation: forced_reason, forced_at, forced_automatically.
    succeeded_from (accounts whose open obligation of this year the entity took over by a court's
    succession order, contracts/succession.py; absent when none).
    Added later, absent in older records (read as 0 or None): refunded (t handed in and returned by a
    downward correction or an exemption, contracts/refund.py), surrendered_by_instrument ({instrument:
    t} surrendered and not refunded), correction_deadline (ms, set by the province's enforcement
    order), corrected (t surrendered in the correction period, contracts/correction.py), exempt_reason,
    exempt_at (height). covered = surrendered + offset + late_surrendered − refunded ≤ verified.
"""
from __future__ import annotations

from typing import Any

from ledger import keys
from ledger.errors import NoObligation, NotFound
from ledger.state import State

EMPTY_OBLIGATION: dict[str, Any] = {
    "verified": None, "pre_allocated": 0, "allocated": 0, "to_province": 0, "forced": False,
    "surrendered": 0, "offset": 0, "late_surrendered": 0, "shortfall": None, "fine_fen": None,
    "deduction": 0, "deduction_applied": 0, "exempt": False,
    "province_surrendered": 0, "province_released": 0,
}


def get_cycle(state: State, year: int) -> dict[str, Any]:
    """The compliance cycle of `year`; raise NotFound if the MEE has not set it."""
    cycle: dict[str, Any] | None = state.get(keys.cycle(year))
    if cycle is None:
        raise NotFound(f"compliance cycle {year} has not been set by the MEE")
    return cycle


def get_obligation(state: State, year: int, account: str, province: str | None = None) -> dict[str, Any]:
    """The obligation record of `account` for `year`, or a fresh empty one in the entity's province."""
    record: dict[str, Any] | None = state.get(keys.obligation(year, account))
    if record is None:
        province = province or (state.get(keys.participant(account)) or {}).get("province")
        return {"account": account, "year": year, "province": province, **EMPTY_OBLIGATION}
    return record


def put_obligation(state: State, record: dict[str, Any]) -> None:
    """Write an obligation record (a new dict; never mutate the old one)."""
    state.put(keys.obligation(record["year"], record["account"]), record)


def update_obligation(state: State, year: int, account: str, province: str | None = None, **changes: Any) -> dict[str, Any]:
    """Apply `changes` to the obligation record and write it; return the new record."""
    record = {**get_obligation(state, year, account, province), **changes}
    put_obligation(state, record)
    return record


def require_obligation(state: State, year: int, account: str) -> dict[str, Any]:
    """The existing obligation record; raise NotFound."""
    record: dict[str, Any] | None = state.get(keys.obligation(year, account))
    if record is None:
        raise NotFound(f"{account} has no compliance record for {year}")
    return record


def require_verified(state: State, year: int, account: str) -> dict[str, Any]:
    """The obligation record with verified emissions; raise NoObligation if absent or exempt."""
    record: dict[str, Any] | None = state.get(keys.obligation(year, account))
    # Verify verified emissions are recorded and the entity is not exempt
    if record is None or record["verified"] is None:
        raise NoObligation(f"{account} has no verified emissions recorded for {year}")
    if record["exempt"]:
        raise NoObligation(f"{account} is exempt from compliance for {year}")
    return record
