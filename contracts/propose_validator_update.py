"""Propose a validator-set change: the MEE proposes who validates, with what power and which keys.

Each change names a validator after the institution that runs it: power 1 to 1000 adds it or
replaces its power and keys, power 0 removes it. The proposal waits, open, under
`governance/validators/<id>` for the current validators' institutions to approve it
(approve_validator_update); when the MEE runs a validator itself, proposing counts as its approval.
Source: the project's own governance: the institutions that validate approve changes to who
validates, the MEE proposes them as the competent authority.
Transaction type `propose_validator_update`. Feature: tests/features/propose_validator_update.feature.
"""
from __future__ import annotations

from typing import Any

from ledger import keys
from ledger.chain import BlockContext
from ledger.encoding import freeze
from ledger.errors import AlreadyExists
from ledger.state import State
from ledger.tx import Transaction

from . import fields
from .roles import MEE, check_signed_by_role
from .validator_set import OPEN, apply_approval, check_changes, check_changes_shape, compute_quorum, get_validator_names

MAX_REASON = 1000  # characters of the reason the MEE gives


def check_shape(body: dict[str, Any]) -> None:
    """An id, a non-empty list of changes (one per validator name) and a reason."""
    fields.check_keys(body, {"id", "changes", "reason"})
    fields.get_ref(body, "id")
    check_changes_shape(body)
    fields.get_str(body, "reason", MAX_REASON)


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """The MEE signed; the id is new; the changes apply to the current set and give a valid set."""
    # Verify the MEE signed
    check_signed_by_role(state, tx, MEE)
    # Verify the proposal id is not already used
    existing = state.get(keys.validator_proposal(tx.body["id"]))
    if existing is not None:
        raise AlreadyExists(f"validator-set proposal {tx.body['id']} already exists "
                            f"(proposed at height {existing['proposed_at']}, {existing['status']}); choose another id")
    # Verify the changes apply to the current set and give a valid one
    check_changes(state, tx.body["changes"])


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Store the open proposal; emit `validator_update_proposed`; count the MEE's approval if it validates."""
    body = tx.body
    proposer = check_signed_by_role(state, tx, MEE)
    proposal = freeze({"id": body["id"], "changes": body["changes"], "reason": body["reason"], "proposer": proposer,
                       "proposed_at": ctx.height, "status": OPEN, "approvals": []})
    state.put(keys.validator_proposal(body["id"]), proposal)
    state.emit({"op": "validator_update_proposed", "id": body["id"], "proposer": proposer, "changes": body["changes"],
                "validators": len(get_validator_names(state)), "quorum": compute_quorum(state)})
    if proposer in get_validator_names(state):
        apply_approval(state, proposal, proposer, ctx)
