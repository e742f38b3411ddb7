"""The CCER registry's records, shared by its rule modules: methodologies, VVBs, projects, reports, units.

`ccer/methodology/<code>` (MEE, set_methodology): code (CCER-14-001-V01), name, field (2 digits: the
    sector field a VVB is accredited for; 01 energy, 07 transport, 10 mining, 14 forestry …),
    max_crediting_years, version (V01), status (active | withdrawn), set_at (height).
`ccer/vvb/<account>` (MEE, accredit_vvb): vvb, fields (tuple of 2-digit fields), status (active |
    suspended | revoked), history ((status, fields, time ms, height), oldest first).
`ccer/project/<id>`: id, owner, name, methodology, field, province, location, facility,
    external_ref (None or text), construction_start, crediting_start, crediting_end (dates
    YYYY-MM-DD), pdd_hash, validating_vvb, status (see STATUSES), submitted ({tx, height, time}),
    publicity_closes (ms), comments (count), validation (None or {tx, report_hash, conclusion,
    height, time}), application (None or {tx, commitment_hash, height, time, decision_due}),
    decision (None or {tx, outcome: registered | refused, reason, height, time, late}),
    registered_time (ms or None), cancellation (None or {tx, by, reason, height, time}),
    reductions (count of reduction reports).
`ccer/claim/<facility|ref>/<value>`: {project} for a project that holds the claim (registered or
    cancelled), or {elsewhere, by, tx} for a claim the registry recorded elsewhere
    (record_external_claim: a green certificate, another registry, a local ETS).
`ccer/reduction/<project>/<n>`: project, number, period_start, period_end (dates), verifying_vvb,
    report_hash, status (see REPORT_STATUSES), submitted, publicity_closes, verification (None or
    {tx, report_hash, verified: {"<year>": t}, amount, conclusion, height, time}), application (None
    or {tx, amount, commitment_hash, height, time, decision_due}), decision (None or {tx, outcome,
    reason, height, time, late, issued: {instrument: ranges}}); the decision's outcome is the
    report's new status, "issued" or "refused"; a negative verification refuses the report.
`ccer/comment/<project>/<n>`: project, number, by, content_hash, tx, height, time (comment_project).
CCER instruments: `instrument/CCER-<project>-<year>` with kind "CCER", vintage, project, methodology,
    and the usual issued and next_serial; each issue event names project and report (provenance).
`ccer/certificate/<tx id>`: the public record of one cancellation (any instrument): tx, height,
    time, account, instrument, project (None for CEA), ranges, amount, purpose, beneficiary, reason.
`ccer/pending_offset/<year>/<account>`: {instrument: ranges} frozen as PENDING_OFFSET for that year.
`ccer/fraud/<project>`: the registry's fraud order: ref, amount, due (ms), reason, cancelled (t),
    status (open | fulfilled | enforced), tx, height.
    Added by the fraud rules (contracts/fraud.py): project, owner (the owner when ordered), time,
    enforcement (None or {tx, height, time, amount (t force-cancelled), owed (t still owed)}),
    previous (the earlier, closed orders on the project, oldest first). A certificate of an
    enforcement that takes several instruments adds parts ([{instrument, project, ranges, amount}]).
Sources: S8 (管理办法), S9 (registration rules), S10, S11. Features: tests/features/<kind>.feature.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from ledger import keys, serials
from ledger.ccer_errors import (CommitmentSameInstitution, CommitmentSameParty, PublicityWindowOpen, UnitsSuspended,
                                VvbNotAccredited, VvbSuspended)
from ledger.chain import BlockContext
from ledger.errors import CommitmentMissing, NotFound
from ledger.state import State
from ledger.tx import Transaction

from . import fields
from .market_rules import get_rule
from .roles import get_participant, signer_ids
from .working_days import compute_add_working_days, compute_day_start

CCER = "CCER"
# Project statuses, in the order of the lifecycle; refused and cancelled are final.
SUBMITTED, VALIDATED, APPLIED, REGISTERED, REFUSED, CANCELLED = (
    "submitted", "validated", "applied", "registered", "refused", "cancelled")
STATUSES = (SUBMITTED, VALIDATED, APPLIED, REGISTERED, REFUSED, CANCELLED)
# Reduction report statuses (refused is final for the report, not for the project).
REPORT_STATUSES = (SUBMITTED, "verified", APPLIED, "issued", REFUSED)
# Cancellation purposes (S8 Art.28, S9 Art.15); national_ets_offset only through a surrender's offset,
# fraud_remedy only for a fraud order (S8 Art.43).
PURPOSES = ("national_ets_offset", "local_ets_offset", "large_event_neutrality", "company_offset", "public_interest",
            "fraud_remedy")
VVB_ACTIVE, VVB_SUSPENDED, VVB_REVOKED = "active", "suspended", "revoked"


def ccer_instrument_id(project: str, year: int) -> str:
    """The instrument of one project's vintage: CCER-<project>-<year>."""
    return f"{CCER}-{project}-{year}"


def get_methodology(state: State, code: str) -> dict[str, Any]:
    """The methodology record; raise NotFound."""
    record: dict[str, Any] | None = state.get(keys.methodology(code))
    if record is None:
        raise NotFound(f"methodology {code} has not been published by the MEE")
    return record


def get_project(state: State, pid: str) -> dict[str, Any]:
    """The project record; raise NotFound."""
    record: dict[str, Any] | None = state.get(keys.project(pid))
    if record is None:
        raise NotFound(f"project {pid} does not exist")
    return record


def put_project(state: State, record: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """Write the project with `changes` (a new dict; never mutate the old one); return it."""
    new = {**record, **changes}
    state.put(keys.project(new["id"]), new)
    return new


def get_reduction(state: State, pid: str, number: int) -> dict[str, Any]:
    """Reduction report `number` of project `pid`; raise NotFound."""
    record: dict[str, Any] | None = state.get(keys.reduction(pid, number))
    if record is None:
        raise NotFound(f"project {pid} has no reduction report {number}")
    return record


def check_vvb_may_report(state: State, vvb: str, field: str) -> None:
    """Raise VvbNotAccredited or VvbSuspended unless `vvb` is accredited and active for sector `field`."""
    record = state.get(keys.vvb(vvb))
    # Verify the body is accredited, not revoked, for the methodology's field
    if record is None or record["status"] == VVB_REVOKED or field not in record["fields"]:
        held = "no accreditation" if record is None else f"status {record['status']}, fields {', '.join(record['fields'])}"
        raise VvbNotAccredited(f"{vvb} is not accredited for field {field} ({held}): the MEE accredits VVBs per field")
    # Verify its accreditation is not suspended
    if record["status"] == VVB_SUSPENDED:
        raise VvbSuspended(f"{vvb}'s accreditation is suspended: its new reports are refused until the MEE restores it")


def compute_window_close(state: State, time_ms: int) -> int:
    """When a publicity window opened at `time_ms` closes: ccer_publicity_working_days working days later."""
    return compute_add_working_days(state, time_ms, get_rule(state, "ccer_publicity_working_days"))


def compute_decision_due(state: State, time_ms: int) -> int:
    """When the registry's decision on an application made at `time_ms` is due: ccer_decision_working_days later."""
    return compute_add_working_days(state, time_ms, get_rule(state, "ccer_decision_working_days"))


def check_window_closed(closes_ms: int, ctx: BlockContext, what: str) -> None:
    """Raise PublicityWindowOpen while the publicity window of `what` is still open at block time."""
    # Verify the publicity window has closed
    if ctx.time < closes_ms:
        raise PublicityWindowOpen(f"the publicity window of {what} is open until {fields.format_time(closes_ms)}; "
                                  f"block time is {fields.format_time(ctx.time)}")


def organization_code(pid: str) -> str | None:
    """The 9-character organization code inside a unified social credit code (characters 9–17), else None."""
    return pid[8:17] if fields.is_uscc(pid) else None


def check_dual_commitment(state: State, tx: Transaction, owner: str, vvb: str) -> None:
    """Raise unless the application carries both commitments (双承诺): the owner's and the VVB's signatures.

    CommitmentSameParty when one account stands for both, CommitmentSameInstitution when the two accounts
    share an organization code, CommitmentMissing when either signature is absent."""
    # Verify two parties commit: the owner is not its own VVB
    if owner == vvb:
        raise CommitmentSameParty(f"{owner} is both the project owner and the VVB: the owner's and the VVB's "
                                  f"commitments must come from two different parties")
    # Verify the two parties are not one institution
    code = organization_code(owner)
    if code is not None and code == organization_code(vvb):
        raise CommitmentSameInstitution(f"owner {owner} and VVB {vvb} share organization code {code}: "
                                        f"one institution cannot make both commitments")
    signed = signer_ids(state, tx)
    # Verify both committed: each signed the application
    for party, role in ((owner, "project owner"), (vvb, "VVB")):
        if party not in signed:
            raise CommitmentMissing(f"the {role}'s commitment is missing: {party} must sign the application "
                                    f"(dual commitment, S8 Art.13–14, 20–21)")


def check_units_movable(state: State, instrument: dict[str, Any]) -> None:
    """Raise UnitsSuspended when the instrument is a CCER of a project under an open fraud order."""
    if instrument.get("kind") != CCER:
        return
    order = state.get(keys.fraud_order(instrument["project"]))
    # Verify the project's units are not suspended by a fraud order
    if order is not None and order["status"] == "open":
        raise UnitsSuspended(f"units of project {instrument['project']} are suspended by the registry's fraud order "
                             f"{order['ref']} (S8 Art.43) until {order['amount']} t are cancelled")


def date_start_ms(text: str) -> int:
    """00:00 China Standard Time of a YYYY-MM-DD date, in ms since the epoch."""
    return compute_day_start(date.fromisoformat(text))


def years_of_period(start: str, end: str) -> list[int]:
    """The calendar years a period from `start` to `end` (dates, inclusive) touches."""
    return list(range(int(start[:4]), int(end[:4]) + 1))


def get_participant_name(state: State, pid: str) -> str:
    """The participant's name (for messages and records)."""
    name: str = get_participant(state, pid)["name"]
    return name


def apply_certificate(state: State, tx: Transaction, ctx: BlockContext, account: str, iid: str, ranges: Any,
                      purpose: str, beneficiary: str, reason: str) -> dict[str, Any]:
    """Write the public cancellation certificate of `tx` (one per transaction) and return it. Requires a new tx id."""
    instrument = state.get(keys.instrument(iid)) or {}
    record = {"tx": tx.id_hex, "height": ctx.height, "time": ctx.time, "account": account, "instrument": iid,
              "project": instrument.get("project"), "ranges": serials.to_json(ranges), "amount": serials.count(ranges),
              "purpose": purpose, "beneficiary": beneficiary, "reason": reason}
    state.put(keys.certificate(tx.id_hex), record)
    state.emit({"op": "certificate", **record})
    return record


def apply_certificate_parts(state: State, tx: Transaction, ctx: BlockContext, account: str, parts: list[tuple[str, Any]],
                            purpose: str, beneficiary: str, reason: str) -> dict[str, Any]:
    """Write the one certificate of a cancellation that takes several instruments (a fraud enforcement) and return it.

    Requires `parts` ([(instrument, ranges)], non-empty) and a new tx id. One part: apply_certificate. Several:
    instrument, project and ranges are the first part's, amount is the total, and `parts` lists every part."""
    first_iid, first_ranges = parts[0]
    if len(parts) == 1:
        return apply_certificate(state, tx, ctx, account, first_iid, first_ranges, purpose, beneficiary, reason)
    listed: tuple[dict[str, Any], ...] = tuple(
        {"instrument": iid, "project": (state.get(keys.instrument(iid)) or {}).get("project"),
         "ranges": serials.to_json(ranges), "amount": serials.count(ranges)} for iid, ranges in parts)
    record = {"tx": tx.id_hex, "height": ctx.height, "time": ctx.time, "account": account, "instrument": first_iid,
              "project": listed[0]["project"], "ranges": listed[0]["ranges"], "amount": sum(p["amount"] for p in listed),
              "purpose": purpose, "beneficiary": beneficiary, "reason": reason, "parts": listed}
    state.put(keys.certificate(tx.id_hex), record)
    state.emit({"op": "certificate", **record})
    return record
