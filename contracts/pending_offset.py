"""Pending offsets: the CCER an entity froze for one compliance year, and the rules every offset obeys.

`ccer/pending_offset/<year>/<account>` ({instrument: ranges}, contracts/ccer.py) lists the units an
entity froze with freeze_offset, in its PENDING_OFFSET sub-state, until its surrender consumes them or
the deadline releases them (contracts/offset_release.py). What counts as pending is the record's ranges
still held in that sub-state, so that a court's freeze or a succession that moved some never breaks a
later step. Per entity and year, across all its freezes and surrenders (S2 Art.29): offset + pending ≤
the cycle's cap (verified × offset_cap_bp, rounded down) and covered + pending ≤ verified emissions;
only a CCER of a project not under ETS allowance management, registered after the cycle's
ccer_registered_after. Features: tests/features/freeze_offset.feature, surrender.feature.
"""
from __future__ import annotations

from typing import Any

from ledger import keys, serials
from ledger.ccer_errors import CcerNotEligible
from ledger.constants import PENDING_OFFSET
from ledger.chain import BlockContext
from ledger.errors import DeadlinePassed, ExceedsObligation, OffsetCapExceeded
from ledger.holdings import get_holding
from ledger.serials import Ranges
from ledger.state import State

from . import fields
from .ccer import CCER, get_project
from .compliance_notice import compute_offset_cap
from .compliance_status import compute_covered
from .project_checks import describe_ets



def compute_overlap(a: Ranges, b: Ranges) -> Ranges:
    """The serials in both `a` and `b`. Requires both normalized."""
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        first, last = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if first <= last:
            out.append((first, last))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return tuple(out)


def get_pending(state: State, year: int, account: str) -> dict[str, Ranges]:
    """{instrument: ranges} `account` froze for `year` and still holds pending offset (empty when none)."""
    record = state.get(keys.pending_offset(year, account)) or {}
    pending = {}
    for iid, ranges in record.items():
        held = compute_overlap(serials.normalize(ranges), get_holding(state, account, iid).get(PENDING_OFFSET, ()))
        if held:
            pending[iid] = held
    return pending


def compute_pending_t(state: State, year: int, account: str) -> int:
    """Tonnes `account` holds pending offset for `year`."""
    return sum(serials.count(ranges) for ranges in get_pending(state, year, account).values())


def put_pending(state: State, year: int, account: str, pending: dict[str, Ranges]) -> None:
    """Write the pending offset record of `account` for `year` (deleted when nothing is pending)."""
    record = {iid: serials.to_json(ranges) for iid, ranges in sorted(pending.items()) if ranges}
    state.put(keys.pending_offset(year, account), record or None)


def is_under_ets(state: State, project: dict[str, Any]) -> bool:
    """True when the project's facility is a key emitting entity or a facility of a local ETS (S2 Art.29)."""
    return describe_ets(state, project["facility"]) is not None


def check_by_deadline(cycle: dict[str, Any], ctx: BlockContext, what: str) -> None:
    """Raise DeadlinePassed when block time is after the cycle's deadline (`what` names the step)."""
    # Verify the cycle's deadline has not passed
    if ctx.time > cycle["deadline"]:
        raise DeadlinePassed(f"{what} for {cycle['year']}: block time {fields.format_time(ctx.time)} is after the "
                             f"deadline {fields.format_time(cycle['deadline'])}; pending offsets are released then")


def check_eligible(state: State, cycle: dict[str, Any], instrument: dict[str, Any]) -> None:
    """Raise CcerNotEligible unless `instrument` is a CCER that may offset the cycle's year."""
    # Verify the instrument is a CCER
    if instrument.get("kind") != CCER:
        raise CcerNotEligible(f"{instrument['id']} is a {instrument.get('kind')} instrument, not a CCER: only CCER "
                              "offset; surrender allowances directly")
    project = get_project(state, instrument["project"])
    # Verify the project is not under national or local ETS allowance management
    if is_under_ets(state, project):
        raise CcerNotEligible(f"project {project['id']}'s facility {project['facility']} is under ETS allowance "
                              "management: its CCER never offset (S2 Art.29)")
    registered, after = project.get("registered_time"), cycle.get("ccer_registered_after")
    # Verify the project was registered
    if registered is None:
        raise CcerNotEligible(f"project {project['id']} has status {project['status']}, never registered: only the "
                              "CCER of a registered project offset")
    # Verify it was registered after the cycle's eligibility date (on the date is not after)
    if after is not None and fields.format_date(registered) <= after:
        raise CcerNotEligible(f"project {project['id']} was registered on {fields.format_date(registered)}; the "
                              f"{cycle['year']} cycle takes CCER of projects registered after {after}")


def check_offset_cap(record: dict[str, Any], cycle: dict[str, Any], pending_t: int, amount: int) -> None:
    """Raise OffsetCapExceeded when offset + `pending_t` + `amount` pass the cycle's cap on verified emissions."""
    cap = compute_offset_cap(record["verified"], cycle["offset_cap_bp"])
    total = record["offset"] + pending_t + amount
    # Verify the CCER offset stays within the cap, across all freezes and surrenders of the year
    if total > cap:
        raise OffsetCapExceeded(f"offset {record['offset']} t + pending {pending_t} t + {amount} t = {total} t > cap "
                                f"{cap} t ({cycle['offset_cap_bp']} bp of verified {record['verified']} t, rounded "
                                f"down) of {record['account']} for {record['year']}")


def check_offset_room(record: dict[str, Any], pending_t: int, amount: int) -> None:
    """Raise ExceedsObligation when covered + `pending_t` + `amount` pass verified emissions."""
    covered = compute_covered(record)
    total = covered + pending_t + amount
    # Verify what is handed in or pending stays within verified emissions
    if total > record["verified"]:
        raise ExceedsObligation(f"handed in {covered} t + pending offset {pending_t} t + {amount} t = {total} t "
                                f"> verified emissions {record['verified']} t of {record['account']} for {record['year']}")
