"""Signing policies: an account signs a transaction when k of its n keys sign it (k is its threshold).

Every account has 1 to 8 keys and a threshold from 1 to its number of keys (1 unless set). An entity
account needs a threshold of at least the market rule `entity_min_signers` (default 2: an initiator and
a confirmer, as the registry's account rules require; the EU registry's four-eyes principle). A policy is
written when an account opens (register_participant), when the account itself changes it (rotate_key,
its current policy met) and when a lost-key recovery completes (complete_key_recovery); each checks it
here. How signatures are counted: contracts/roles.signer_ids. Source: S9 account rules.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ledger import keys
from ledger.errors import AlreadyExists, InvalidField
from ledger.account_errors import SigningPolicyTooWeak, ThresholdAboveKeys
from ledger.state import State

from . import fields
from .market_rules import get_rule
from .roles import ENTITY, get_participant

MAX_KEYS = 8  # keys per account, and signers per transaction (node/admission.py MAX_SIGNERS)


def get_pubkeys(body: dict[str, Any], name: str, low: int = 0) -> list[str]:
    """A list of `low` to 8 distinct Ed25519 public keys in lowercase hex."""
    value = body.get(name)
    if not isinstance(value, list) or not low <= len(value) <= MAX_KEYS or len(set(value)) != len(value) or not all(
        isinstance(k, str) and fields.HEX_KEY_PATTERN.match(k) for k in value
    ):
        raise InvalidField(f"{name} must list {low} to {MAX_KEYS} distinct Ed25519 public keys in lowercase hex")
    return value


def get_threshold_field(body: dict[str, Any], key_count: int | None = None) -> int | None:
    """The optional `threshold` (1 to 8), at most `key_count` when the keys are known from the body; None when absent."""
    if "threshold" not in body:
        return None
    threshold = fields.get_int(body, "threshold", 1, MAX_KEYS)
    # Verify the policy can be met by the keys the body names
    if key_count is not None and threshold > key_count:
        raise ThresholdAboveKeys(f"threshold {threshold} > {key_count} keys: k of n needs k ≤ n")
    return threshold


def check_policy(state: State, account: str, roles: Iterable[str], threshold: int, key_count: int) -> None:
    """Raise unless `threshold` of `key_count` keys is a policy the account may have."""
    # Verify the threshold does not exceed the keys
    if threshold > key_count:
        raise ThresholdAboveKeys(f"{account} would need {threshold} signatures but have {key_count} keys: "
                                 f"threshold {threshold} > {key_count} keys")
    minimum = get_rule(state, "entity_min_signers")
    # Verify an entity's policy takes an initiator and a confirmer (market rule entity_min_signers)
    if ENTITY in roles and threshold < minimum:
        raise SigningPolicyTooWeak(f"{account} is an entity account: threshold {threshold} < entity_min_signers "
                                   f"{minimum}; give it at least {minimum} keys and threshold {minimum}")


def check_keys_free(state: State, pubkeys: Iterable[str], name: str, account: str | None = None) -> None:
    """Raise AlreadyExists if any of `pubkeys` already belongs to a participant (other than `account`)."""
    for key in pubkeys:
        owner = state.get(keys.signer(key))
        # Verify the key belongs to no participant yet (or to the account itself)
        if owner is not None and owner != account:
            raise AlreadyExists(f"{name}: key {key[:16]}… already belongs to {owner}")


def apply_keys(state: State, account: str, pubkeys: tuple[str, ...], threshold: int) -> None:
    """Give `account` exactly `pubkeys` and `threshold`: rewrite its record and the signer index."""
    record = get_participant(state, account)
    for key in record["pubkeys"]:
        if key not in pubkeys:
            state.put(keys.signer(key), None)
    for key in pubkeys:
        if key not in record["pubkeys"]:
            state.put(keys.signer(key), account)
    state.put(keys.participant(account), {**record, "pubkeys": tuple(pubkeys), "threshold": threshold})
