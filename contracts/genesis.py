"""Genesis: the chain id, the first participants (the authorities) and the validator set.

A genesis may also carry an existing registry's books as opening balances (contracts/opening.py).

The genesis document is JSON; its hash (SHA-256 of its JCS) is the `prev_hash` of block 1.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ledger import keys
from ledger.block import BlockHeader
from ledger.chain import ChainTip, advance, genesis_tip
from ledger.crypto import sha256
from ledger.encoding import canonical, freeze
from ledger.errors import InvalidField
from ledger.merkle import Frontier
from ledger.state import State

from . import fields
from .market_rules import apply_rules, check_rules
from .opening import apply_opening, check_opening
from .register_participant import apply_register, check_shape as check_participant_shape
from .roles import MEE, REGISTRY
from .set_calendar import apply_calendar, check_genesis_calendar
from .set_methodology import apply_methodology, check_genesis_methodologies
from .signing_policy import check_policy


def check_genesis(doc: dict[str, Any]) -> None:
    """Raise InvalidField unless `doc` is a well-formed genesis document."""
    fields.check_keys(doc, {"chain_id", "genesis_time", "participants", "validators"}, {"network", "params", "opening"})
    fields.get_str(doc, "chain_id", 64)
    fields.get_time(doc, "genesis_time")
    for participant in doc["participants"]:
        check_participant_shape(participant)
    check_distinct_participants(doc["participants"])
    roles = {r for p in doc["participants"] for r in p["roles"]}
    for needed in (MEE, REGISTRY):
        if needed not in roles:
            raise InvalidField(f"genesis needs a participant with role {needed}")
    if not doc["validators"] or not all(isinstance(v, dict) and len(v.get("pubkey", "")) == 64 for v in doc["validators"]):
        raise InvalidField("genesis needs at least one validator with a hex Ed25519 pubkey")
    offset = doc.get("params", {}).get("clock_offset_ms") if isinstance(doc.get("params"), dict) else None
    # Verify a starting clock offset is an integer, and only on a devnet (a simulated calendar)
    if offset is not None and (type(offset) is not int or doc.get("network", "devnet") != "devnet"):
        raise InvalidField("params.clock_offset_ms is an integer of milliseconds, allowed only when network is devnet")
    rules = doc.get("params", {}).get("market_rules") if isinstance(doc.get("params"), dict) else None
    # Verify starting market rules, when given, are known rules with valid values
    if rules is not None:
        check_rules(rules, "params.market_rules")
    calendar = doc.get("params", {}).get("calendar") if isinstance(doc.get("params"), dict) else None
    # Verify a starting working-day calendar, when given, is one valid set_calendar body per year
    if calendar is not None:
        check_genesis_calendar(calendar)
    methodologies = doc.get("params", {}).get("methodologies") if isinstance(doc.get("params"), dict) else None
    # Verify starting CCER methodologies, when given, are valid set_methodology bodies, one per code
    if methodologies is not None:
        check_genesis_methodologies(methodologies)
    for v in doc["validators"]:
        # Verify a consensus key, when given, is a hex Ed25519 public key
        key = v.get("consensus_pubkey", "0" * 64)
        if not isinstance(key, str) or len(key) != 64 or any(c not in "0123456789abcdef" for c in key):
            raise InvalidField(f"validator {v.get('name')!r}: consensus_pubkey must be 64 lowercase hex characters")
    check_opening(doc)


def check_distinct_participants(participants: list[dict[str, Any]]) -> None:
    """Raise InvalidField when two genesis participants share an id or a key (one participant, one account)."""
    ids: set[str] = set()
    owners: dict[str, str] = {}
    for participant in participants:
        # Verify each account is opened once
        if participant["id"] in ids:
            raise InvalidField(f"participants: {participant['id']} is listed twice: one participant, one account")
        ids.add(participant["id"])
        for key in participant["pubkeys"]:
            # Verify no key belongs to two participants
            if key in owners:
                raise InvalidField(f"participants: key {key[:16]}… of {participant['id']} already belongs to {owners[key]}")
            owners[key] = participant["id"]


def compute_validators_hash(validators: Sequence[dict[str, Any]]) -> bytes:
    """SHA-256 of the JCS of the validator set (name, pubkey, power, and the consensus key when there is one)."""
    return sha256(canonical([validator_entry(v) for v in validators]))


def compute_state_validators_hash(state: State) -> bytes:
    """The validators_hash of the set `state` holds now: the one the next block's header names."""
    return compute_validators_hash(state.get(keys.validators()) or ())


def advance_tip(tip: ChainTip, header: BlockHeader, log: Frontier, commit: dict[str, Any], state: State) -> ChainTip:
    """The tip after `header` (log `log`) is committed with `commit`, on the post-block `state`.

    The single derivation of the next validators_hash, used by the node, the audit replay, the benchmarks and
    the tests' chains: a validator-set change a block applies is named by the header of the block after it.
    """
    return advance(tip, header, log, commit, compute_state_validators_hash(state))


def validator_entry(v: dict[str, Any]) -> dict[str, Any]:
    """A validator as the state keeps it: name, TanLedger pubkey, power; with CometBFT, also its
    consensus key (hex Ed25519) and consensus address (hex, the first 20 bytes of its SHA-256)."""
    entry = {"name": v["name"], "pubkey": v["pubkey"], "power": v.get("power", 1)}
    if "consensus_pubkey" in v:
        entry["consensus_pubkey"] = v["consensus_pubkey"]
        entry["address"] = sha256(bytes.fromhex(v["consensus_pubkey"]))[:20].hex()
    return entry


def genesis_state(doc: dict[str, Any]) -> tuple[State, ChainTip]:
    """The state at height 0 and the tip that block 1 links to."""
    check_genesis(doc)
    state = State()
    for participant in doc["participants"]:
        apply_register(state, participant, 0)
    apply_opening(state, doc)
    validators = [validator_entry(v) for v in doc["validators"]]
    state.put(keys.validators(), freeze(validators))
    state.put(keys.chain_params(), freeze({"network": doc.get("network", "devnet"), **doc.get("params", {})}))
    if "market_rules" in doc.get("params", {}):
        apply_rules(state, doc["params"]["market_rules"])
    for year in doc.get("params", {}).get("calendar", []):
        apply_calendar(state, year, 0)
    for methodology in doc.get("params", {}).get("methodologies", []):
        apply_methodology(state, methodology, 0)
    for participant in doc["participants"]:  # an entity at genesis also needs entity_min_signers
        check_policy(state, participant["id"], participant["roles"], participant.get("threshold", 1), len(participant["pubkeys"]))
    offset = doc.get("params", {}).get("clock_offset_ms")
    if offset is not None:
        state.put(keys.clock_offset(), offset)
    time = fields.get_time(doc, "genesis_time")
    tip = genesis_tip(doc["chain_id"], sha256(canonical(doc)), time, compute_validators_hash(validators))
    return state, tip
