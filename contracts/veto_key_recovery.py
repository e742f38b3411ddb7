"""Veto a lost-key recovery: the account, its current signing policy met, stops a recovery while it waits.

A recovery asked for by the registry and the account's supervising authority takes effect only after its
waiting period; until the period ends (its `due` time), the account's current keys can stop it, with a
reason. After the period the veto is too late. Transaction type `veto_key_recovery`.
Source: S9 account rules. Feature: tests/features/key_recovery.feature.
"""
from __future__ import annotations

from typing import Any

from ledger import keys
from ledger.chain import BlockContext
from ledger.account_errors import RecoveryClosed, VetoWindowClosed
from ledger.state import State
from ledger.tx import Transaction

from . import fields
from .key_recovery import PENDING, VETOED, get_recovery
from .roles import check_signed_by

REQUIRED = {"account", "request_ref", "reason"}


def check_shape(body: dict[str, Any]) -> None:
    """Account, request reference and reason."""
    fields.check_keys(body, REQUIRED)
    fields.get_id(body, "account")
    fields.get_ref(body, "request_ref")
    fields.get_str(body, "reason", 256)


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """The account signed; the recovery still waits and its period is not over."""
    body = tx.body
    recovery = get_recovery(state, body["account"], body["request_ref"])
    # Verify the account itself signed, its current policy met
    check_signed_by(state, tx, body["account"])
    # Verify the recovery is still pending
    if recovery["status"] != PENDING:
        raise RecoveryClosed(f"key recovery {body['request_ref']} of {body['account']} is already {recovery['status']}")
    # Verify the waiting period is not over
    if ctx.time >= recovery["due"]:
        raise VetoWindowClosed(f"key recovery {body['request_ref']} of {body['account']}: block time "
                               f"{fields.format_time(ctx.time)} ≥ end of the waiting period {fields.format_time(recovery['due'])}")


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Mark the recovery vetoed, with the reason."""
    body = tx.body
    recovery = get_recovery(state, body["account"], body["request_ref"])
    state.put(keys.recovery(body["account"]), {**recovery, "status": VETOED, "closed_at": ctx.height,
                                               "veto_reason": body["reason"]})
    state.emit({"op": "key_recovery_vetoed", "account": body["account"], "request_ref": body["request_ref"],
                "height": ctx.height})
