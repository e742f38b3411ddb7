"""Rotate keys: a participant adds and removes the Ed25519 keys that sign for its account.

The participant signs with one of its current keys; a participant that lost its keys asks the
registry operator, which signs the rotation citing the recorded request (`request_ref`, used
once). An account never ends with zero keys, nor with more than 8, and a key belongs to one
participant only. Source: S9 account rules (account holders' credentials).
Feature: tests/features/rotate_key.feature.
"""
from __future__ import annotations

from typing import Any

from ledger import keys
from ledger.chain import BlockContext
from ledger.errors import AccountClosed, AlreadyExists, InvalidField, Unauthorized
from ledger.state import State
from ledger.tx import Transaction

from . import fields
from .orders import KEY_REQUEST, apply_order, check_new_order
from .roles import CLOSED, REGISTRY, get_participant, has_role, signer_ids

REQUIRED = {"account", "add", "remove"}
OPTIONAL = {"request_ref"}
MAX_KEYS = 8  # the same cap as register_participant
HEX = frozenset("0123456789abcdef")


def get_pubkeys(body: dict[str, Any], name: str) -> list[str]:
    """A list of 0 to 8 distinct Ed25519 public keys in lowercase hex."""
    value = body.get(name)
    if not isinstance(value, list) or len(value) > MAX_KEYS or len(set(value)) != len(value) or not all(
        isinstance(k, str) and len(k) == 64 and set(k) <= HEX for k in value
    ):
        raise InvalidField(f"{name} must list 0 to {MAX_KEYS} distinct Ed25519 public keys in lowercase hex")
    return value


def check_shape(body: dict) -> None:
    """Fields and key lists; something to change; no key both added and removed."""
    fields.check_keys(body, REQUIRED, OPTIONAL)
    fields.get_id(body, "account")
    add, remove = get_pubkeys(body, "add"), get_pubkeys(body, "remove")
    if "request_ref" in body:
        fields.get_str(body, "request_ref", 64)
    # Verify the rotation changes something
    if not add and not remove:
        raise InvalidField("add and remove are both empty: nothing to rotate")
    # Verify no key is both added and removed
    both = set(add) & set(remove)
    if both:
        raise InvalidField(f"key {sorted(both)[0][:16]}… is in both add and remove")


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Who signed, the account's status, and the keys before and after."""
    body = tx.body
    record = get_participant(state, body["account"])
    # Verify the account itself signed, or the registry on a recorded request
    check_authorized(state, tx)
    # Verify the account is not closed
    if record["status"] == CLOSED:
        raise AccountClosed(f"account {body['account']} is closed")
    # Verify every removed key is the account's
    for key in body["remove"]:
        if key not in record["pubkeys"]:
            raise InvalidField(f"remove: key {key[:16]}… is not a key of {body['account']}")
    # Verify no added key belongs to any participant yet
    for key in body["add"]:
        owner = state.get(keys.signer(key))
        if owner is not None:
            raise AlreadyExists(f"add: key {key[:16]}… already belongs to {owner}")
    # Verify the account keeps between 1 and 8 keys
    after = len(record["pubkeys"]) - len(body["remove"]) + len(body["add"])
    if not 1 <= after <= MAX_KEYS:
        raise InvalidField(f"{body['account']} would have {after} keys after the rotation; it needs 1 to {MAX_KEYS}")


def check_authorized(state: State, tx: Transaction) -> None:
    """Raise Unauthorized unless the account signed, or the registry signed citing a new request_ref."""
    signers = signer_ids(state, tx)
    if tx.body["account"] in signers:
        return
    registry = get_registry_signer(state, signers)
    if registry is None:
        raise Unauthorized(f"a key rotation of {tx.body['account']} needs its signature or the registry's")
    # Verify the registry cites the holder's request, and each request is executed once
    if "request_ref" not in tx.body:
        raise InvalidField("a key rotation by the registry needs the request_ref of the holder's request")
    check_new_order(state, registry, KEY_REQUEST, tx.body["request_ref"])


def get_registry_signer(state: State, signers: list[str]) -> str | None:
    """The first signer that is the registry operator, or None."""
    return next((pid for pid in signers if has_role(get_participant(state, pid), REGISTRY)), None)


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Replace the keys and the signer index; record the registry's request."""
    body = tx.body
    signers = signer_ids(state, tx)  # read before the signer index changes
    record = get_participant(state, body["account"])
    kept = tuple(k for k in record["pubkeys"] if k not in body["remove"])
    state.put(keys.participant(body["account"]), {**record, "pubkeys": kept + tuple(body["add"])})
    for key in body["remove"]:
        state.put(keys.signer(key), None)
    for key in body["add"]:
        state.put(keys.signer(key), body["account"])
    if body["account"] not in signers:
        registry = get_registry_signer(state, signers)
        apply_order(state, registry, KEY_REQUEST, body["request_ref"], "rotate_key", tx, ctx, account=body["account"])
