"""Decide issuance: the registry issues the applied reductions, or refuses them with a reason.

Issuing creates one instrument per project and vintage year, CCER-<project>-<year> (a later report of
the same year continues its serials), and issues each year's verified tonnes to the owner; every issue event
carries the provenance: project, report, methodology, period, both VVBs and the four commitments (transaction
ids). A decision after the application's decision_due is still taken, and flagged late in the public record.
Source: S8 Art.21–22, S9. Feature: tests/features/decide_issuance.feature.
"""
from __future__ import annotations

from typing import Any

from ledger import serials
from ledger.chain import BlockContext
from ledger.errors import InvalidField
from ledger.holdings import apply_issue
from ledger.state import State
from ledger.tx import Transaction

from . import ccer, fields
from .reductions import (ISSUED, apply_vintage_instrument, check_project_registered, check_report_status, compute_provenance,
                         compute_step, get_report_number, put_reduction)
from .roles import REGISTRY, check_signed_by_role

REQUIRED = {"project", "report", "outcome"}
OPTIONAL = {"reason"}
OUTCOMES = ("register", "refuse")


def check_shape(body: dict[str, Any]) -> None:
    """Project, report number, outcome register or refuse, and a reason (≤ 512 characters; required to refuse)."""
    fields.check_keys(body, REQUIRED, OPTIONAL)
    fields.get_project_id(body)
    get_report_number(body)
    if body["outcome"] not in OUTCOMES:
        raise InvalidField(f"outcome must be register or refuse, got {body['outcome']!r}")
    if body["outcome"] == "refuse" or "reason" in body:
        fields.get_str(body, "reason", 512)


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """The registry signed; the report is applied; the project is still registered to issue."""
    body = tx.body
    # Verify the registry signed
    check_signed_by_role(state, tx, REGISTRY)
    report = ccer.get_reduction(state, body["project"], body["report"])
    check_report_status(report, ccer.APPLIED, "a decision")
    if body["outcome"] == "register":
        check_project_registered(ccer.get_project(state, body["project"]))


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Issue each year's tonnes (register) or refuse; record the decision, late when after decision_due."""
    body = tx.body
    report = ccer.get_reduction(state, body["project"], body["report"])
    register = body["outcome"] == "register"
    issued = apply_issuance(state, report, ctx) if register else {}
    decision = compute_step(tx, ctx, outcome=ISSUED if register else ccer.REFUSED, reason=body.get("reason"),
                            late=ctx.time > report["application"]["decision_due"], issued=issued)
    put_reduction(state, report, decision=decision, status=decision["outcome"])


def apply_issuance(state: State, report: dict[str, Any], ctx: BlockContext) -> dict[str, list[list[int]]]:
    """Issue each vintage year's verified tonnes (> 0) to the owner with the provenance; return {instrument: ranges}."""
    project = ccer.get_project(state, report["project"])
    provenance = compute_provenance(project, report)
    issued = {}
    for year, tonnes in report["verification"]["verified"].items():
        if tonnes > 0:
            iid = apply_vintage_instrument(state, project, int(year), ctx)
            ranges = apply_issue(state, iid, project["owner"], tonnes, "ccer_issuance", **provenance)
            issued[iid] = serials.to_json(ranges)
    return issued
