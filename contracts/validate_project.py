"""Validate a project: the project's validating VVB files its validation report after the publicity window.

The report is the VVB's signed statement over the project id and the report's hash, with its
conclusion (positive or negative). Refused unless the VVB is accredited and active for the
methodology's field, and while the project's 20-working-day publicity window is still open. The VVB
may file again (replacing its report) until the owner applies. Source: S8 Art.12–13, S11.
Feature: tests/features/validate_project.feature.
"""
from __future__ import annotations

from typing import Any

from ledger.chain import BlockContext
from ledger.errors import InvalidField
from ledger.state import State
from ledger.tx import Transaction

from . import fields
from .ccer import SUBMITTED, VALIDATED, check_vvb_may_report, check_window_closed, put_project
from .project_checks import check_status, compute_stamp, get_open_project
from .roles import check_signed_by

REQUIRED = {"project", "report_hash", "conclusion"}
CONCLUSIONS = ("positive", "negative")


def check_shape(body: dict[str, Any]) -> None:
    """The project, the report's hash and a conclusion."""
    fields.check_keys(body, REQUIRED)
    fields.get_project_id(body)
    fields.get_hash(body, "report_hash")
    # Verify the conclusion is positive or negative
    if body["conclusion"] not in CONCLUSIONS:
        raise InvalidField(f"conclusion must be one of {', '.join(CONCLUSIONS)}, got {body['conclusion']!r}")


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """The project's VVB signed, is accredited and active for its field; no application yet; the window closed."""
    project = get_open_project(state, tx.body["project"])
    # Verify the project's validating VVB signed
    check_signed_by(state, tx, project["validating_vvb"])
    # Verify the owner has not applied yet
    check_status(project, (SUBMITTED, VALIDATED), "a validation report")
    # Verify the VVB is accredited and active for the methodology's field
    check_vvb_may_report(state, project["validating_vvb"], project["field"])
    # Verify the publicity window has closed
    check_window_closed(project["publicity_closes"], ctx, f"project {project['id']}'s design document")


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Record the validation report on the project; emit it."""
    body = tx.body
    project = get_open_project(state, body["project"])
    validation = {**compute_stamp(tx, ctx), "report_hash": body["report_hash"], "conclusion": body["conclusion"]}
    put_project(state, project, status=VALIDATED, validation=validation)
    state.emit({"op": "project_validated", "project": project["id"], "vvb": project["validating_vvb"], **validation})
