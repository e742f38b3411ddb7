"""Cancel a project: the owner (voluntarily) or the registry cancels a project, for good.

Cancellation is final at any stage: every later step on the project is refused (project_cancelled),
its id is never taken again, and its claims on its facility and external reference are kept (or
written, when it was not registered yet), so that neither ever registers again. Source: S8 Art.16.
Feature: tests/features/cancel_project.feature.
"""
from __future__ import annotations

from typing import Any

from ledger.chain import BlockContext
from ledger.errors import Unauthorized
from ledger.state import State
from ledger.tx import Transaction

from . import fields
from .ccer import CANCELLED, put_project
from .project_checks import apply_project_claims, compute_stamp, get_open_project
from .roles import REGISTRY, get_signers_with_role, signer_ids

REQUIRED = {"project", "reason"}


def check_shape(body: dict[str, Any]) -> None:
    """The project and the reason (at most 512 characters)."""
    fields.check_keys(body, REQUIRED)
    fields.get_project_id(body)
    fields.get_str(body, "reason", 512)


def get_canceller(state: State, tx: Transaction, owner: str) -> str | None:
    """Who cancels: the owner when it signed, else a registry signer, else None."""
    if owner in signer_ids(state, tx):
        return owner
    registries = get_signers_with_role(state, tx, REGISTRY)
    return registries[0] if registries else None


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """The project is not cancelled already; its owner or the registry signed."""
    project = get_open_project(state, tx.body["project"])
    # Verify the owner or the registry signed
    if get_canceller(state, tx, project["owner"]) is None:
        raise Unauthorized(f"project {project['id']} is cancelled by its owner {project['owner']} or by the registry")


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Mark the project cancelled; keep or write its claims; emit it."""
    project = get_open_project(state, tx.body["project"])
    cancellation = {**compute_stamp(tx, ctx), "by": get_canceller(state, tx, project["owner"]), "reason": tx.body["reason"]}
    project = put_project(state, project, status=CANCELLED, cancellation=cancellation)
    apply_project_claims(state, project)
    state.emit({"op": "project_cancelled", "project": project["id"], **cancellation})
