"""Apply issuance: the owner applies for exactly the verified reductions, with both commitments (双承诺).

The application is signed by the project's owner AND the report's verifying VVB (contracts/ccer.
check_dual_commitment). The amount equals the verified total; the monitoring period starts no more than
ccer_filing_years (5) years before the application's block date in China time (exactly five years back is
allowed). The registry's decision is due ccer_decision_working_days working days later.
Source: S8 Art.17, 20–21. Feature: tests/features/apply_issuance.feature.
"""
from __future__ import annotations

from typing import Any

from ledger.ccer_errors import AmountNotVerified, FilingTooOld
from ledger.chain import BlockContext
from ledger.state import State
from ledger.tx import Transaction

from . import ccer, fields
from .market_rules import get_rule
from .reductions import (VERIFIED, check_project_registered, check_report_status, compute_step, compute_years_back,
                         get_report_number, put_reduction)

REQUIRED = {"project", "report", "amount", "commitment_hash"}


def check_shape(body: dict[str, Any]) -> None:
    """Project, report number, amount (t ≥ 1) and the hash of the owner's signed commitment."""
    fields.check_keys(body, REQUIRED)
    fields.get_project_id(body)
    get_report_number(body)
    fields.get_int(body, "amount", 1)
    fields.get_hash(body, "commitment_hash")


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Registered project, verified report, both commitments, the verified amount, a period not too old."""
    body = tx.body
    report = ccer.get_reduction(state, body["project"], body["report"])
    project = ccer.get_project(state, body["project"])
    ccer.check_dual_commitment(state, tx, project["owner"], report["verifying_vvb"])
    check_project_registered(project)
    check_report_status(report, VERIFIED, "an issuance application")
    verified = report["verification"]["amount"]
    # Verify the amount is exactly the verified amount
    if body["amount"] != verified:
        raise AmountNotVerified(f"amount {body['amount']} t differs from the {verified} t the VVB verified for "
                                f"report {report['number']} of {project['id']}")
    years = get_rule(state, "ccer_filing_years")
    today = fields.format_date(ctx.time)
    limit = compute_years_back(today, years)
    # Verify the period starts at most the rule's years before the application (S8 Art.17)
    if report["period_start"] < limit:
        raise FilingTooOld(f"period_start {report['period_start']} is more than {years} years before the application "
                           f"on {today}: the earliest period_start is {limit}")


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Record the application and its decision due date; the report is applied."""
    body = tx.body
    report = ccer.get_reduction(state, body["project"], body["report"])
    application = compute_step(tx, ctx, amount=body["amount"], commitment_hash=body["commitment_hash"],
                               decision_due=ccer.compute_decision_due(state, ctx.time))
    put_reduction(state, report, application=application, status=ccer.APPLIED)
