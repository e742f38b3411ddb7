"""Register a participant and open its one registry account (一户一账户).

The registry operator opens accounts for market participants; only the national authority
(MEE) may register another authority (province, registry, exchange). A key emitting entity
or other institution is identified by its unified social credit code (GB 32100-2015).
One account holds at most one of the roles MEE, province, registry and exchange: no institution acts
for another. The account's signing policy is k of its keys (`threshold`, default 1; an entity needs at
least the market rule entity_min_signers: contracts/signing_policy.py).
Source: S9 account rules. Feature: tests/features/register_participant.feature.
"""
from __future__ import annotations

from typing import Any

from ledger import keys
from ledger.chain import BlockContext
from ledger.constants import is_terminal_account
from ledger.errors import AlreadyExists, InvalidField
from ledger.account_errors import ConflictingRoles
from ledger.state import State
from ledger.tx import Transaction

from . import fields
from .roles import ACTIVE, AUTHORITY_ROLES, ENTITY, HOLDER, MEE, PROJECT_OWNER, PROVINCE, REGISTRY, ROLES, VVB, check_signed_by_role
from .signing_policy import check_keys_free, check_policy, get_pubkeys, get_threshold_field

REQUIRED = {"id", "name", "roles", "pubkeys"}
OPTIONAL = {"province", "sector", "threshold"}
SECTORS = ("power", "steel", "cement", "aluminium")
USCC_ROLES = (ENTITY, HOLDER, PROJECT_OWNER, VVB)


def check_shape(body: dict[str, Any]) -> None:
    """Fields, roles, keys, and the credit code of a market participant."""
    fields.check_keys(body, REQUIRED, OPTIONAL)
    pid = fields.get_id(body, "id")
    fields.get_str(body, "name", 200)
    roles = body["roles"]
    # Verify the roles are known and not repeated
    if not isinstance(roles, list) or not roles or any(r not in ROLES for r in roles) or len(set(roles)) != len(roles):
        raise InvalidField(f"roles must be a non-empty list of distinct roles from {', '.join(ROLES)}")
    # Verify no account holds two of the authorities' roles
    authorities = [r for r in roles if r in AUTHORITY_ROLES]
    if len(authorities) > 1:
        raise ConflictingRoles(f"roles {', '.join(authorities)}: one account holds at most one of "
                               f"{', '.join(AUTHORITY_ROLES)} (no institution acts for another)")
    # Verify the keys are Ed25519 public keys and the threshold is met by them
    get_threshold_field(body, len(get_pubkeys(body, "pubkeys", 1)))
    # Verify a market participant is named by a valid unified social credit code
    if any(r in USCC_ROLES for r in roles) and not fields.is_uscc(pid):
        raise InvalidField(f"id {pid} is not a valid unified social credit code (18 characters, check character last)")
    # Verify no participant takes a terminal account's name
    if is_terminal_account(pid):
        raise InvalidField(f"{pid} is reserved for a terminal account")
    check_province_and_sector(body, roles)


def check_province_and_sector(body: dict[str, Any], roles: list[str]) -> None:
    """A province and an entity name their province (2-digit code); an entity its sector."""
    if (PROVINCE in roles or ENTITY in roles) and not fields.is_province_code(body.get("province")):
        raise InvalidField("a province or a key emitting entity needs province, a 2-digit administrative code such as '11'")
    if ENTITY in roles and body.get("sector") not in SECTORS:
        raise InvalidField(f"a key emitting entity needs sector, one of {', '.join(SECTORS)}")


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Who may register whom; ids and keys not yet taken."""
    body = tx.body
    # Verify the registry opens market accounts, and only the MEE registers an authority
    if any(r in AUTHORITY_ROLES for r in body["roles"]):
        check_signed_by_role(state, tx, MEE)
    else:
        check_signed_by_role(state, tx, REGISTRY)
    # Verify the account is new
    if state.get(keys.participant(body["id"])) is not None:
        raise AlreadyExists(f"account {body['id']} already exists: one participant, one account")
    # Verify no key is already someone's
    check_keys_free(state, body["pubkeys"], "pubkeys")
    # Verify the signing policy: k ≤ n, and an entity's k at least entity_min_signers
    check_policy(state, body["id"], body["roles"], body.get("threshold", 1), len(body["pubkeys"]))


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Open the account."""
    apply_register(state, tx.body, ctx.height)


def apply_register(state: State, body: dict[str, Any], height: int) -> None:
    """Write the participant record and its key index (also used by genesis)."""
    record = {
        "id": body["id"], "name": body["name"], "roles": tuple(body["roles"]), "pubkeys": tuple(body["pubkeys"]),
        "threshold": body.get("threshold", 1), "province": body.get("province"), "sector": body.get("sector"),
        "status": ACTIVE, "opened_at": height,
    }
    state.put(keys.participant(body["id"]), record)
    for key in body["pubkeys"]:
        state.put(keys.signer(key), body["id"])
    # Open the account's per-account entries now: a key added later shifts every later leaf of
    # the state tree, so creating them at the first transaction would cost a re-hash then.
    state.put(keys.nonce(body["id"]), 0)
    state.put(keys.flow(body["id"]), {})
