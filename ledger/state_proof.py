"""Checking a state proof (`GET /v1/proof/state/{key}`) offline, against the trusted validator keys.

A state proof is trusted in three steps: the block header is signed by a quorum of the trusted
validators (its commit: each signs `"tanledger/header/v1\n" ‖ header hash`, the co-signature
the validators carry in their CometBFT vote extensions), the entry `jcs([key, value])` is included
in the header's `state_root`, and the checkpoint sent with it, if any, is co-signed and names
the header's log size and root. Pure: needs only the ledger kernel (standard library and
PyNaCl).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ledger.block import BlockHeader
from ledger.checkpoint import Trust, VerifiedCheckpoint, ValidatorSet, verify_checkpoint
from ledger.cosign import HEADER_SIGN_PREFIX
from ledger.crypto import is_valid_signature
from ledger.encoding import canonical
from ledger.errors import (BadCheckpointSignature, InvalidBlock, MalformedProof, NoQuorum, NoValidatorSet, ProofError,
                           RootMismatch)
from ledger.merkle import leaf_hash
from ledger.verify import verify_inclusion


class HeaderMismatch(ProofError):
    """The proof's parts do not name the same block (height, block hash, commit)."""

    code = "header_mismatch"


@dataclass(frozen=True, slots=True)
class VerifiedState:
    """What a verified state proof shows: `key` had `value` after the block of `header`."""

    key: str
    value: Any
    header: BlockHeader
    signers: tuple[str, ...]
    checkpoint: VerifiedCheckpoint | None


def verify_state_proof(doc: dict[str, Any], trust: Trust) -> VerifiedState:
    """Verify a state proof's JSON against `trust`; raise a ProofError naming the first thing that fails."""
    try:
        header = BlockHeader.from_json(doc["header"])
        key, value, index, size = doc["key"], doc["value"], doc["index"], doc["tree_size"]
        path = [bytes.fromhex(h) for h in doc["audit_path"]]
        commit, note = doc["commit"], doc.get("checkpoint")
    except (KeyError, TypeError, ValueError, AttributeError, InvalidBlock) as exc:
        raise MalformedProof(f"state proof is malformed: {exc!r}") from None
    # Verify the proof is of the block its header describes
    if doc.get("height") != header.height:
        raise HeaderMismatch(f"proof is for height {doc.get('height')}, its header for {header.height}")
    validators = trust.set_for(header.log_size)
    if validators is None:
        raise NoValidatorSet(f"no trusted validator set covers log size {header.log_size}")
    signers = check_commit(commit, header, validators)
    # Verify the entry is in the state the header commits to
    verify_inclusion(leaf_hash(canonical([key, value])), index, size, path, header.state_root)
    checkpoint = verify_checkpoint(note, trust) if note else None
    # Verify the checkpoint sent with it is of the header's log
    if checkpoint is not None and checkpoint.checkpoint.size != header.log_size:
        raise HeaderMismatch(f"checkpoint of size {checkpoint.checkpoint.size}, the header's log has {header.log_size}")
    if checkpoint is not None and checkpoint.checkpoint.root != header.log_root:
        raise RootMismatch(header.log_root, checkpoint.checkpoint.root)
    return VerifiedState(key, value, header, signers, checkpoint)


def check_commit(commit: Any, header: BlockHeader, validators: ValidatorSet) -> tuple[str, ...]:
    """The names of the trusted validators whose commit signatures over the header hash verify.

    Raises HeaderMismatch if the commit is of another block, BadCheckpointSignature on a bad
    signature from a trusted key, NoQuorum below the quorum. Unknown keys are ignored.
    """
    block_hash = header.hash()
    try:
        named, signatures = commit["block_hash"], list(commit["signatures"])
        pairs = [(bytes.fromhex(s["validator"]), bytes.fromhex(s["signature"])) for s in signatures]
    except (KeyError, TypeError, ValueError) as exc:
        raise MalformedProof(f"block commit is malformed: {exc!r}") from None
    # Verify the commit signs this header
    if named != block_hash.hex() or commit.get("height") != header.height:
        raise HeaderMismatch(f"the commit names block {named} at {commit.get('height')}, the header hashes to "
                             f"{block_hash.hex()} at {header.height}")
    by_key = {v.pubkey: v.name for v in validators.validators}
    signed = set()
    for pubkey, signature in pairs:
        name = by_key.get(pubkey)
        if name is None:
            continue
        # Verify a trusted validator's signature
        if not is_valid_signature(pubkey, HEADER_SIGN_PREFIX + block_hash, signature):
            raise BadCheckpointSignature(f"commit signature of validator {name} does not verify")
        signed.add(name)
    # Verify a quorum of the trusted validators signed the block
    if len(signed) < validators.quorum:
        raise NoQuorum(len(signed), validators.quorum)
    return tuple(v.name for v in validators.validators if v.name in signed)
