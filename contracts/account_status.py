"""Set an account's status: the registry restricts, closes or reactivates an account.

A restricted account may receive units but not send them; a closed account does neither and
is never reopened (one participant, one account). An account closes only when every holding
is empty, and the authorities' accounts (MEE, province, registry, exchange) never close.
Transaction type `set_account_status`. Source: S9 account rules.
Feature: tests/features/account_status.feature.
"""
from __future__ import annotations

from typing import Any

from ledger import keys, serials
from ledger.chain import BlockContext
from ledger.errors import InvalidField, InvalidState
from ledger.holdings import iter_holdings
from ledger.state import State
from ledger.tx import Transaction

from . import fields
from .roles import ACTIVE, AUTHORITY_ROLES, CLOSED, REGISTRY, RESTRICTED, check_signed_by_role, get_participant

STATUSES = (ACTIVE, RESTRICTED, CLOSED)


def check_shape(body: dict[str, Any]) -> None:
    """An account id, a known status and a reason."""
    fields.check_keys(body, {"account", "status", "reason"})
    fields.get_id(body, "account")
    fields.get_str(body, "reason", 256)
    # Verify the status is one of active, restricted, closed
    if body["status"] not in STATUSES:
        raise InvalidField(f"status must be one of {', '.join(STATUSES)}, got {body['status']!r}")


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """The registry signed; the change is a real one; a closure leaves nothing behind."""
    body = tx.body
    # Verify the registry signed
    check_signed_by_role(state, tx, REGISTRY)
    record = get_participant(state, body["account"])
    # Verify a closed account stays closed
    if record["status"] == CLOSED:
        raise InvalidState(f"account {body['account']} is closed; a closed account is never reopened")
    # Verify the status changes
    if record["status"] == body["status"]:
        raise InvalidState(f"account {body['account']} is already {body['status']}")
    if body["status"] == CLOSED:
        check_closable(state, record)


def check_closable(state: State, record: dict[str, Any]) -> None:
    """Raise InvalidState for an authority's account or an account that still holds units."""
    # Verify the account is not an authority's
    authority = [r for r in record["roles"] if r in AUTHORITY_ROLES]
    if authority:
        raise InvalidState(f"account {record['id']} belongs to an authority ({authority[0]}) and cannot be closed")
    # Verify every holding is empty, in every sub-state
    for iid, holding in iter_holdings(state, record["id"]):
        for sub, ranges in holding.items():
            if serials.count(ranges):
                raise InvalidState(f"account {record['id']} holds {serials.count(ranges)} t of {iid} ({sub}) > 0 t: "
                                   "empty it before closing")


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Write the new status with its reason and height."""
    body = tx.body
    record = get_participant(state, body["account"])
    state.put(keys.participant(body["account"]), {
        **record, "status": body["status"], "status_reason": body["reason"], "status_at": ctx.height,
    })
