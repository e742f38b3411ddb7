"""Surrender refund: what a downward correction or an exemption returns of the units handed in for a year.

Units in SURRENDERED-<year> never move again. When verified emissions are corrected below what was
handed in (record_emissions, before the deadline) or the entity is exempted (record_exemption), the
excess comes back as new serials of the vintages surrendered for the year, newest vintage first,
issued to the entity's own account with reason "surrender_refund"; the obligation counts it as
`refunded`, so that covered = surrendered + offset + late − refunded never exceeds verified emissions.
CCER cancelled as an offset is final (S8 Art.28, a published cancellation): a correction below the
offset is refused (offset_not_refundable). The obligation tallies the tonnes surrendered per
instrument (`surrendered_by_instrument`); tonnes not in the tally (records from before it) come back
in the newest eligible vintage of the cycle that is not later than the year.
Features: tests/features/record_emissions.feature, tests/features/record_exemption.feature.
"""
from __future__ import annotations

from typing import Any

from ledger.errors import NotFound
from ledger.account_errors import OffsetNotRefundable
from ledger.holdings import apply_issue, get_instrument
from ledger.state import State

from .compliance_status import compute_covered
from .records import get_cycle
from .roles import check_can_receive

TALLY = "surrendered_by_instrument"


def tally_changes(record: dict[str, Any], iid: str, amount: int) -> dict[str, Any]:
    """The obligation change that adds `amount` t of `iid` to the per-instrument tally of surrenders."""
    tally = dict(record.get(TALLY) or {})
    return {TALLY: {**tally, iid: tally.get(iid, 0) + amount}}


def compute_excess(record: dict[str, Any], obligation_t: int) -> int:
    """Tonnes handed in beyond an obligation of `obligation_t` t (0 when none)."""
    return max(0, compute_covered(record) - obligation_t)


def compute_plan(state: State, record: dict[str, Any], excess: int) -> list[tuple[str, int]]:
    """(instrument, tonnes) to refund: the tallied vintages newest first, then the cycle's newest for the rest."""
    tally = record.get(TALLY) or {}
    order = sorted(tally, key=lambda iid: (get_instrument(state, iid)["vintage"], iid), reverse=True)
    plan, rest = [], excess
    for iid in order:
        take = min(rest, tally[iid])
        if take:
            plan.append((iid, take))
            rest -= take
    if rest:
        plan.append((get_fallback_vintage(state, record["year"]), rest))
    return plan


def get_fallback_vintage(state: State, year: int) -> str:
    """The newest eligible vintage of the cycle of `year` not later than `year`; raise NotFound."""
    cycle = get_cycle(state, year)
    vintages: list[tuple[int, str]] = [(get_instrument(state, iid)["vintage"], iid)
                                       for iid in cycle["eligible_vintages"]]
    usable = [pair for pair in vintages if pair[0] <= year]
    if not usable:
        raise NotFound(f"the {year} cycle lists no vintage to refund in")
    return max(usable)[1]


def check_refund(state: State, record: dict[str, Any], obligation_t: int, what: str) -> None:
    """Raise OffsetNotRefundable or AccountClosed unless `record` can come down to `obligation_t` t (`what` says why)."""
    # Verify the CCER offset fits in the new obligation
    if record["offset"] > obligation_t:
        raise OffsetNotRefundable(f"{what}: CCER offset {record['offset']} t > new obligation {obligation_t} t of "
                                  f"{record['account']} for {record['year']}; a CCER offset is final and is not returned")
    excess = compute_excess(record, obligation_t)
    if excess:
        # Verify the entity's account can receive the refund
        check_can_receive(state, record["account"])
        compute_plan(state, record, excess)


def apply_refund(state: State, record: dict[str, Any], obligation_t: int) -> dict[str, Any]:
    """Issue the excess over `obligation_t` back to the entity; return the obligation changes. Requires check_refund."""
    excess = compute_excess(record, obligation_t)
    if not excess:
        return {}
    tally = dict(record.get(TALLY) or {})
    plan = compute_plan(state, record, excess)
    for iid, amount in plan:
        apply_issue(state, iid, record["account"], amount, "surrender_refund")
        if iid in tally:
            tally[iid] -= min(amount, tally[iid])
    state.emit({"op": "surrender_refund", "account": record["account"], "year": record["year"], "amount": excess,
                "instruments": dict(plan)})
    return {"refunded": record.get("refunded", 0) + excess, TALLY: tally}
