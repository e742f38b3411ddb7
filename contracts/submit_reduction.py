"""Submit reduction: a registered project's owner files the reduction report of one monitoring period.

The verifying VVB must not be the one that validated the project, and must be accredited and active for the
methodology's field; the period starts on or after the market rule ccer_reductions_from (2020-09-22), lies in
the crediting period, has ended, and overlaps no other report of the project that was not refused. The report is
public at once; its publicity window closes ccer_publicity_working_days working days later.
Source: S8 Art.17–19. Feature: tests/features/submit_reduction.feature.
"""
from __future__ import annotations

from typing import Any

from ledger import keys
from ledger.ccer_errors import OutsideCreditingPeriod, PeriodNotOver, PeriodOverlap, ReductionsTooEarly, SameVvb
from ledger.chain import BlockContext
from ledger.errors import InvalidField
from ledger.state import State
from ledger.tx import Transaction

from . import ccer, fields
from .market_rules import get_rule
from .reductions import check_project_registered, compute_step, is_overlap
from .roles import check_signed_by

REQUIRED = {"project", "period_start", "period_end", "verifying_vvb", "report_hash"}


def check_shape(body: dict[str, Any]) -> None:
    """Project, a period of two dates in order, the verifying VVB and the report's hash."""
    fields.check_keys(body, REQUIRED)
    fields.get_project_id(body)
    start, end = fields.get_date(body, "period_start"), fields.get_date(body, "period_end")
    if end < start:
        raise InvalidField(f"period_end {end} is before period_start {start}")
    fields.get_id(body, "verifying_vvb")
    fields.get_hash(body, "report_hash")


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Owner's signature, registered project, another accredited VVB, then the period's dates."""
    body = tx.body
    project = ccer.get_project(state, body["project"])
    # Verify the project's owner signed
    check_signed_by(state, tx, project["owner"])
    check_project_registered(project)
    # Verify another body than the validating VVB verifies (S8 Art.18)
    if body["verifying_vvb"] == project["validating_vvb"]:
        raise SameVvb(f"verifying_vvb {body['verifying_vvb']} validated project {project['id']}: the reductions must be "
                      f"verified by another VVB (S8 Art.18)")
    ccer.check_vvb_may_report(state, body["verifying_vvb"], project["field"])
    check_period(state, project, body["period_start"], body["period_end"], ctx)


def check_period(state: State, project: dict[str, Any], start: str, end: str, ctx: BlockContext) -> None:
    """Raise unless start..end is after the rule's date, in the crediting period, over, and not yet reported."""
    earliest = get_rule(state, "ccer_reductions_from")
    # Verify no reduction of the period is before the rule's date (S8 Art.17)
    if start < earliest:
        raise ReductionsTooEarly(f"period_start {start} is before {earliest}: reductions before it are not CCER")
    # Verify the period lies in the project's crediting period
    if start < project["crediting_start"] or end > project["crediting_end"]:
        raise OutsideCreditingPeriod(f"period {start} … {end} is not inside the crediting period "
                                     f"{project['crediting_start']} … {project['crediting_end']} of {project['id']}")
    today = fields.format_date(ctx.time)
    # Verify the period is over
    if end >= today:
        raise PeriodNotOver(f"period_end {end} is not before the block date {today}: report a period once it is over")
    clash = next((r for _, r in state.scan(keys.reduction_prefix(project["id"]))
                  if r["status"] != ccer.REFUSED and is_overlap(r, start, end)), None)
    # Verify no other live report of the project covers a day of the period
    if clash is not None:
        raise PeriodOverlap(f"period {start} … {end} overlaps report {clash['number']} of {project['id']} "
                            f"({clash['period_start']} … {clash['period_end']}, {clash['status']})")


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Write report number reductions + 1, public at once, with its publicity window."""
    body = tx.body
    project = ccer.get_project(state, body["project"])
    number = project["reductions"] + 1
    state.put(keys.reduction(project["id"], number), {
        "project": project["id"], "number": number, "period_start": body["period_start"],
        "period_end": body["period_end"], "verifying_vvb": body["verifying_vvb"], "report_hash": body["report_hash"],
        "status": ccer.SUBMITTED, "submitted": compute_step(tx, ctx),
        "publicity_closes": ccer.compute_window_close(state, ctx.time),
        "verification": None, "application": None, "decision": None})
    ccer.put_project(state, project, reductions=number)
