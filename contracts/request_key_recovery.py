"""Request a lost-key recovery: the registry and the account's supervising authority ask together for new keys.

The request names the account, the new keys and threshold, and the reference of the holder's request
(`request_ref`, executed once: it is recorded in the order book of the first institution, the registry's
but for the registry's own recovery). It waits `recovery_wait_working_days` working days (a market rule),
counted on the ledger's calendar from the day after the request; the account can veto it meanwhile. Who
asks for which account: contracts/key_recovery.py. Transaction type `request_key_recovery`.
Source: S9 account rules. Feature: tests/features/key_recovery.feature.
"""
from __future__ import annotations

from typing import Any

from ledger import keys
from ledger.chain import BlockContext
from ledger.errors import AccountClosed
from ledger.account_errors import RecoveryPending
from ledger.state import State
from ledger.tx import Transaction

from . import fields
from .key_recovery import PENDING, get_recovery_institutions
from .market_rules import get_rule
from .orders import KEY_REQUEST, apply_order, check_new_order
from .roles import CLOSED, check_signed_by_roles, get_participant
from .signing_policy import check_keys_free, check_policy, get_pubkeys, get_threshold_field
from .working_days import compute_add_working_days

REQUIRED = {"account", "request_ref", "pubkeys"}
OPTIONAL = {"threshold"}


def check_shape(body: dict[str, Any]) -> None:
    """Account, request reference, 1 to 8 new keys and a threshold they can meet."""
    fields.check_keys(body, REQUIRED, OPTIONAL)
    fields.get_id(body, "account")
    fields.get_ref(body, "request_ref")
    get_threshold_field(body, len(get_pubkeys(body, "pubkeys", 1)))


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """The institutions that ask, the request once, the account open and free of another recovery, the new policy."""
    body = tx.body
    record = get_participant(state, body["account"])
    # Verify the registry and the account's supervising authority signed, as distinct institutions
    issuer = check_signed_by_roles(state, tx, *get_recovery_institutions(record))[0]
    # Verify the holder's request is executed once
    check_new_order(state, issuer, KEY_REQUEST, body["request_ref"])
    # Verify the account is not closed
    if record["status"] == CLOSED:
        raise AccountClosed(f"account {body['account']} is closed")
    # Verify no other recovery of the account is waiting
    current = state.get(keys.recovery(body["account"]))
    if current is not None and current["status"] == PENDING:
        raise RecoveryPending(f"key recovery {current['request_ref']} of {body['account']} is still pending: "
                              "it is vetoed or completed before another is asked for")
    # Verify the new keys are free (or already the account's) and the new policy is one it may have
    check_keys_free(state, body["pubkeys"], "pubkeys", body["account"])
    check_policy(state, body["account"], record["roles"], body.get("threshold", 1), len(body["pubkeys"]))
    # Verify the ledger's calendar covers the waiting period
    compute_add_working_days(state, ctx.time, get_rule(state, "recovery_wait_working_days"))


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Record the pending recovery with its due time, and the request in the issuer's order book."""
    body = tx.body
    institutions = check_signed_by_roles(state, tx, *get_recovery_institutions(get_participant(state, body["account"])))
    wait = get_rule(state, "recovery_wait_working_days")
    recovery = {
        "account": body["account"], "request_ref": body["request_ref"], "issuer": institutions[0],
        "institutions": institutions, "pubkeys": tuple(body["pubkeys"]), "threshold": body.get("threshold", 1),
        "requested_at": ctx.height, "wait_working_days": wait, "due": compute_add_working_days(state, ctx.time, wait),
        "status": PENDING,
    }
    state.put(keys.recovery(body["account"]), recovery)
    apply_order(state, institutions[0], KEY_REQUEST, body["request_ref"], "request_key_recovery", tx, ctx,
                account=body["account"])
    state.emit({"op": "key_recovery_requested", "account": body["account"], "request_ref": body["request_ref"],
                "due": fields.format_time(recovery["due"]), "height": ctx.height})
