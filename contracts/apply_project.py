"""Apply for registration: the owner applies with both commitments (双承诺) after a positive validation.

The application is signed by the project owner (its commitment: uniqueness, truthful and complete
materials) and by the validating VVB (its commitment to its report): two different parties, not one
institution (contracts/ccer.check_dual_commitment). The registry's decision is due 15 working days
later (market rule ccer_decision_working_days). Source: S8 Art.13–15. Feature: tests/features/apply_project.feature.
"""
from __future__ import annotations

from typing import Any

from ledger.ccer_errors import ValidationNegative
from ledger.chain import BlockContext
from ledger.state import State
from ledger.tx import Transaction

from . import fields
from .ccer import APPLIED, VALIDATED, check_dual_commitment, compute_decision_due, put_project
from .project_checks import check_status, compute_stamp, get_open_project

REQUIRED = {"project", "commitment_hash"}


def check_shape(body: dict[str, Any]) -> None:
    """The project and the hash of the owner's commitment letter."""
    fields.check_keys(body, REQUIRED)
    fields.get_project_id(body)
    fields.get_hash(body, "commitment_hash")


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """A positive validation; both commitments, from two parties of two institutions; a countable decision period."""
    project = get_open_project(state, tx.body["project"])
    # Verify the project has a validation report and no application yet
    check_status(project, (VALIDATED,), "an application")
    # Verify the validation report is positive
    if project["validation"]["conclusion"] != "positive":
        raise ValidationNegative(f"the validation report of project {project['id']} (tx {project['validation']['tx'][:16]}…) "
                                 "is negative: the owner applies after a positive one")
    # Verify the dual commitment: the owner's and the VVB's signatures, two parties, two institutions
    check_dual_commitment(state, tx, project["owner"], project["validating_vvb"])
    # Verify the working-day calendar covers the decision period
    compute_decision_due(state, ctx.time)


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Record the application with its decision due; emit it."""
    body = tx.body
    project = get_open_project(state, body["project"])
    application = {**compute_stamp(tx, ctx), "commitment_hash": body["commitment_hash"],
                   "decision_due": compute_decision_due(state, ctx.time)}
    put_project(state, project, status=APPLIED, application=application)
    state.emit({"op": "project_applied", "project": project["id"], **application})
