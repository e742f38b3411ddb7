"""Verify reduction: the report's verifying VVB files its verification report, with the tonnes per year.

Its transaction is its commitment: its signed statement over the project, the report number and the
verification report's hash. Filed after the report's publicity window closes, by a VVB still accredited and
active for the methodology's field, with exactly the calendar years the period touches. A positive conclusion
makes the report verified; a negative one ends it as refused (its period may be reported again).
Source: S8 Art.19–20. Feature: tests/features/verify_reduction.feature.
"""
from __future__ import annotations

from typing import Any

from ledger.chain import BlockContext
from ledger.errors import InvalidField
from ledger.state import State
from ledger.tx import Transaction

from . import ccer, fields
from .reductions import (VERIFIED, check_project_registered, check_report_status, compute_step, get_report_number,
                         put_reduction)
from .roles import check_signed_by

REQUIRED = {"project", "report", "report_hash", "conclusion", "verified"}
CONCLUSIONS = ("positive", "negative")


def check_shape(body: dict[str, Any]) -> None:
    """Project, report number, hash, conclusion, and tonnes (≥ 0) per year ("2024": t); positive means > 0 in all."""
    fields.check_keys(body, REQUIRED)
    fields.get_project_id(body)
    get_report_number(body)
    fields.get_hash(body, "report_hash")
    if body["conclusion"] not in CONCLUSIONS:
        raise InvalidField(f"conclusion must be positive or negative, got {body['conclusion']!r}")
    verified = body["verified"]
    if not isinstance(verified, dict) or not verified:
        raise InvalidField(f"verified must be tonnes per year such as {{\"2024\": 1000}}, got {verified!r}")
    for year in verified:
        if not (isinstance(year, str) and len(year) == 4 and year.isascii() and year.isdigit()):
            raise InvalidField(f"verified's keys must be years such as \"2024\", got {year!r}")
        fields.get_int(verified, year)
    if body["conclusion"] == "positive" and sum(verified.values()) == 0:
        raise InvalidField("a positive verification must verify more than 0 t in total")


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """The report's VVB signed, the project is registered, the VVB may report, the window closed, the years match."""
    body = tx.body
    report = ccer.get_reduction(state, body["project"], body["report"])
    project = ccer.get_project(state, body["project"])
    # Verify the report's verifying VVB signed
    check_signed_by(state, tx, report["verifying_vvb"])
    check_project_registered(project)
    check_report_status(report, ccer.SUBMITTED, "a verification")
    ccer.check_vvb_may_report(state, report["verifying_vvb"], project["field"])
    ccer.check_window_closed(report["publicity_closes"], ctx, f"reduction report {report['number']} of {project['id']}")
    years = [str(y) for y in ccer.years_of_period(report["period_start"], report["period_end"])]
    # Verify the tonnes are given for exactly the years the period touches
    if sorted(body["verified"]) != years:
        raise InvalidField(f"verified names the years {', '.join(sorted(body['verified']))}; the period "
                           f"{report['period_start']} … {report['period_end']} touches {', '.join(years)}")


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Record the verification; the report is verified, or refused on a negative conclusion."""
    body = tx.body
    report = ccer.get_reduction(state, body["project"], body["report"])
    verified = dict(sorted(body["verified"].items()))
    verification = compute_step(tx, ctx, report_hash=body["report_hash"], verified=verified,
                                amount=sum(verified.values()), conclusion=body["conclusion"])
    status = VERIFIED if body["conclusion"] == "positive" else ccer.REFUSED
    put_reduction(state, report, verification=verification, status=status)
