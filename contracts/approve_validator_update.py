"""Approve a validator-set change: an institution that runs a current validator approves an open proposal.

Each such institution approves once. When the approvals of current validators reach the quorum,
more than two thirds of the current set (`quorum_for`), the change takes effect: the new set
(sorted by name) replaces `chain/validators`, joins `chain/validator_history`, and the event
`validator_set_changed` tells the node which consensus-engine updates to return. Source: the
project's own governance: the institutions that validate approve changes to who validates.
Transaction type `approve_validator_update`. Feature: tests/features/approve_validator_update.feature.
"""
from __future__ import annotations

from typing import Any

from ledger.chain import BlockContext
from ledger.errors import AlreadyApproved, InvalidState, Unauthorized
from ledger.state import State
from ledger.tx import Transaction

from . import fields
from .roles import signer_ids
from .validator_set import OPEN, apply_approval, check_changes, compute_quorum, count_approvals, get_proposal
from .validator_set import get_validator_names


def check_shape(body: dict[str, Any]) -> None:
    """One field, `id`: the proposal's id."""
    fields.check_keys(body, {"id"})
    fields.get_ref(body, "id")


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """A current validator's institution signed; the proposal is open and not yet approved by it;
    if this approval reaches quorum, the changes still apply to the current set."""
    # Verify an institution that runs a current validator signed
    approver = get_approver(state, tx)
    # Verify the proposal exists and is open
    proposal = get_proposal(state, tx.body["id"])
    if proposal["status"] != OPEN:
        raise InvalidState(f"validator-set proposal {proposal['id']} is {proposal['status']} "
                           f"(at height {proposal.get('applied_at')}), not open: it takes no more approvals")
    # Verify this institution has not approved it yet
    if approver in proposal["approvals"]:
        raise AlreadyApproved(f"{approver} has already approved validator-set proposal {proposal['id']}")
    # Verify the changes still apply when this approval reaches quorum (another change may have come first)
    if count_approvals(state, (*proposal["approvals"], approver)) >= compute_quorum(state):
        check_changes(state, proposal["changes"])


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Record the approval; at quorum, apply the change (see validator_set.apply_validator_update)."""
    apply_approval(state, get_proposal(state, tx.body["id"]), get_approver(state, tx), ctx)


def get_approver(state: State, tx: Transaction) -> str:
    """The first signer that runs a current validator; raise Unauthorized naming who may approve."""
    names = get_validator_names(state)
    for pid in signer_ids(state, tx):
        if pid in names:
            return pid
    raise Unauthorized(f"only the institutions that run a current validator approve a validator-set change: "
                       f"{', '.join(sorted(names))}")
