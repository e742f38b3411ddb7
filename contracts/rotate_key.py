"""Rotate keys: a participant adds and removes the Ed25519 keys that sign for its account, or changes its threshold.

The account signs with its current signing policy met (k of its current keys); nobody else may change its
keys or its policy. A participant that lost its keys asks for a lost-key recovery instead: the registry and
the account's supervising authority together, after a waiting period the account can veto
(request_key_recovery). An account keeps 1 to 8 keys, a threshold its keys can meet (an entity at least
entity_min_signers), and a key belongs to one participant only. Source: S9 account rules (account holders'
credentials). Feature: tests/features/rotate_key.feature.
"""
from __future__ import annotations

from typing import Any

from ledger.chain import BlockContext
from ledger.errors import AccountClosed, InvalidField
from ledger.state import State
from ledger.tx import Transaction

from . import fields
from .roles import CLOSED, check_signed_by, get_participant, get_threshold
from .signing_policy import MAX_KEYS, apply_keys, check_keys_free, check_policy, get_pubkeys, get_threshold_field

REQUIRED = {"account", "add", "remove"}
OPTIONAL = {"threshold"}


def check_shape(body: dict[str, Any]) -> None:
    """Fields and key lists; something to change; no key both added and removed."""
    fields.check_keys(body, REQUIRED, OPTIONAL)
    fields.get_id(body, "account")
    add, remove = get_pubkeys(body, "add"), get_pubkeys(body, "remove")
    threshold = get_threshold_field(body)
    # Verify the rotation changes something
    if not add and not remove and threshold is None:
        raise InvalidField("add and remove are both empty and no threshold is given: nothing to rotate")
    # Verify no key is both added and removed
    both = set(add) & set(remove)
    if both:
        raise InvalidField(f"key {sorted(both)[0][:16]}… is in both add and remove")


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Who signed, the account's status, and the keys and policy before and after."""
    body = tx.body
    record = get_participant(state, body["account"])
    # Verify the account itself signed, its current policy met
    check_signed_by(state, tx, body["account"])
    # Verify the account is not closed
    if record["status"] == CLOSED:
        raise AccountClosed(f"account {body['account']} is closed")
    # Verify every removed key is the account's
    for key in body["remove"]:
        if key not in record["pubkeys"]:
            raise InvalidField(f"remove: key {key[:16]}… is not a key of {body['account']}")
    # Verify no added key belongs to any participant yet
    check_keys_free(state, body["add"], "add")
    # Verify the account keeps between 1 and 8 keys
    after = len(compute_keys(record, body))
    if not 1 <= after <= MAX_KEYS:
        raise InvalidField(f"{body['account']} would have {after} keys after the rotation; it needs 1 to {MAX_KEYS}")
    # Verify the policy after the rotation is one the account may have
    check_policy(state, body["account"], record["roles"], body.get("threshold", get_threshold(record)), after)


def compute_keys(record: dict[str, Any], body: dict[str, Any]) -> tuple[str, ...]:
    """The account's keys after the rotation: the kept ones in their order, then the added ones."""
    return tuple(k for k in record["pubkeys"] if k not in body["remove"]) + tuple(body["add"])


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Replace the keys, the threshold and the signer index."""
    body = tx.body
    record = get_participant(state, body["account"])
    apply_keys(state, body["account"], compute_keys(record, body), body.get("threshold", get_threshold(record)))
