"""Complete a lost-key recovery: after its waiting period, the account's keys and threshold are replaced.

One of the institutions that asked for the recovery signs (they agreed already; this only executes it
once the account had its chance to veto). The account must still be open, the new keys still free and
the new policy still one the account may have. The old keys sign nothing more. Transaction type
`complete_key_recovery`. Source: S9 account rules. Feature: tests/features/key_recovery.feature.
"""
from __future__ import annotations

from typing import Any

from ledger import keys
from ledger.chain import BlockContext
from ledger.errors import AccountClosed, Unauthorized
from ledger.account_errors import RecoveryClosed, RecoveryWaitNotOver
from ledger.state import State
from ledger.tx import Transaction

from . import fields
from .key_recovery import COMPLETED, PENDING, get_recovery
from .roles import CLOSED, get_participant, signer_ids
from .signing_policy import apply_keys, check_keys_free, check_policy

REQUIRED = {"account", "request_ref"}


def check_shape(body: dict[str, Any]) -> None:
    """Account and request reference."""
    fields.check_keys(body, REQUIRED)
    fields.get_id(body, "account")
    fields.get_ref(body, "request_ref")


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """An asking institution signed; the recovery waits and its period is over; the account and keys still fit."""
    body = tx.body
    recovery = get_recovery(state, body["account"], body["request_ref"])
    record = get_participant(state, body["account"])
    # Verify one of the institutions that asked for the recovery signed
    if not set(recovery["institutions"]) & set(signer_ids(state, tx)):
        raise Unauthorized(f"key recovery {body['request_ref']} of {body['account']} is completed by one of "
                           f"{', '.join(recovery['institutions'])}")
    # Verify the recovery is still pending
    if recovery["status"] != PENDING:
        raise RecoveryClosed(f"key recovery {body['request_ref']} of {body['account']} is already {recovery['status']}")
    # Verify the waiting period is over
    if ctx.time < recovery["due"]:
        raise RecoveryWaitNotOver(f"key recovery {body['request_ref']} of {body['account']} waits until "
                                  f"{fields.format_time(recovery['due'])}; block time {fields.format_time(ctx.time)} is before")
    # Verify the account is not closed
    if record["status"] == CLOSED:
        raise AccountClosed(f"account {body['account']} is closed")
    # Verify the new keys are still free and the new policy still one the account may have
    check_keys_free(state, recovery["pubkeys"], "pubkeys", body["account"])
    check_policy(state, body["account"], record["roles"], recovery["threshold"], len(recovery["pubkeys"]))


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Replace the keys, the threshold and the signer index; mark the recovery completed."""
    body = tx.body
    recovery = get_recovery(state, body["account"], body["request_ref"])
    apply_keys(state, body["account"], recovery["pubkeys"], recovery["threshold"])
    state.put(keys.recovery(body["account"]), {**recovery, "status": COMPLETED, "closed_at": ctx.height})
    state.emit({"op": "key_recovery_completed", "account": body["account"], "request_ref": body["request_ref"],
                "height": ctx.height})
