"""Who signs a chain's checkpoints: its origin, each validator's note key name, and the trust file.

The origin is `tanledger.<network>/<chain_id>` (network from the chain parameters, devnet by
default) and a validator signs under the key name `<origin>/<validator name>`. The node signs
with these names and `tanledger trust export` writes them, so both come from this one module.
Pure: it reads only the genesis document.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from contracts.genesis import genesis_state
from ledger import keys
from ledger.checkpoint import Trust, Validator, ValidatorSet, origin_for, quorum_for

DEFAULT_NETWORK = "devnet"


@dataclass(frozen=True, slots=True)
class ChainIdentity:
    """A chain's checkpoint origin, the hash of its genesis document and its genesis validators as (note key
    name, public key)."""

    origin: str
    validators: tuple[Validator, ...]
    genesis_hash: bytes

    def key_name_of(self, pubkey: bytes) -> str | None:
        """The note key name of the validator with `pubkey`, or None if it is not one."""
        return next((v.name for v in self.validators if v.pubkey == pubkey), None)


def key_name(origin: str, validator_name: str) -> str:
    """The signed-note key name of a validator: `<origin>/<name>`."""
    return f"{origin}/{validator_name}"


def compute_identity(genesis: dict[str, Any]) -> ChainIdentity:
    """The origin and validator keys of the chain `genesis` starts. Raises a LedgerError on a bad genesis."""
    state, tip = genesis_state(genesis)
    network = (state.get(keys.chain_params()) or {}).get("network", DEFAULT_NETWORK)
    origin = origin_for(network, tip.chain_id)
    validators = tuple(Validator(key_name(origin, v["name"]), bytes.fromhex(v["pubkey"]))
                       for v in state.get(keys.validators()))
    return ChainIdentity(origin, validators, tip.hash)


def trust_from_genesis(genesis: dict[str, Any]) -> Trust:
    """The trust root of a chain: origin, genesis hash and genesis validators from log size 0, quorum ⌊2n/3⌋+1."""
    identity = compute_identity(genesis)
    validators = identity.validators
    return Trust(identity.origin, (ValidatorSet(0, validators, quorum_for(len(validators))),), identity.genesis_hash)


def trust_from_history(genesis: dict[str, Any], history: list[dict[str, Any]], size_after: Any) -> Trust:
    """The trust root after governance changes of the validator set.

    `history` is the state's `chain/validator_history` ({height, validators} per applied change);
    `size_after(h)` is the log size after block h. A change applied in block H is in force for
    checkpoints of sizes above that block's: the old set co-signs block H (votes at H+1), the new
    one every later block (CometBFT applies the update from H+2).
    """
    trust = trust_from_genesis(genesis)
    sets = list(trust.sets)
    for change in history:
        validators = tuple(Validator(key_name(trust.origin, v["name"]), bytes.fromhex(v["pubkey"]))
                           for v in change["validators"])
        sets.append(ValidatorSet(size_after(change["height"]) + 1, validators, quorum_for(len(validators))))
    return Trust(trust.origin, tuple(sets), trust.genesis_hash)
