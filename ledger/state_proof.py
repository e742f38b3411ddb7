"""Checking a state proof (`GET /v1/proof/state/{key}`) offline, against the trusted validator keys.

A state proof is trusted in three steps: the block header is signed by a quorum of the trusted
validators (its commit: each signs `"tanledger/header/v1\n" ‖ header hash`, the co-signature
the validators carry in their CometBFT vote extensions), the entry `jcs([key, value])` is included
in the header's `state_root`, a tree of the header's `state_size` entries, and the checkpoint sent
with it, if any, is co-signed and names the header's log size and root.

An absence proof (`"present": false`) shows instead the key's neighbours in that tree, whose
leaves are sorted by key: `left` the last entry below the key, `right` the first above (null
where there is none). Both are included in the header's tree at adjacent indices (left at −1 and
right at `state_size` when absent), so no entry can lie between them; an empty state is the empty
tree. Pure: needs only the ledger kernel (standard library and PyNaCl).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ledger.block import BlockHeader
from ledger.checkpoint import Trust, VerifiedCheckpoint, ValidatorSet, verify_checkpoint
from ledger.cosign import HEADER_SIGN_PREFIX
from ledger.crypto import is_valid_signature
from ledger.encoding import canonical
from ledger.errors import (BadCheckpointSignature, InvalidBlock, MalformedProof, NoQuorum, NoValidatorSet,
                           NoWitnessQuorum, ProofError, RootMismatch, StaleCheckpoint)
from ledger.merkle import EMPTY_ROOT, leaf_hash
from ledger.verify import verify_inclusion


class HeaderMismatch(ProofError):
    """The proof's parts do not name the same block (height, block hash, commit)."""

    code = "header_mismatch"


class StateSizeMismatch(ProofError):
    """The proof's tree is not of the size the header commits to (`state_size`)."""

    code = "state_size_mismatch"


class NotAdjacent(ProofError):
    """An absence proof's neighbours are not adjacent leaves (or not the first, or the last, leaf)."""

    code = "not_adjacent"


class KeyNotBetween(ProofError):
    """An absence proof's neighbour is not strictly below (left) or above (right) the key: it may be present."""

    code = "key_not_between"


@dataclass(frozen=True, slots=True)
class VerifiedState:
    """What a verified state proof shows: `key` had `value` after the block of `header` (or, `present` false,
    `key` was in no entry of that state and `value` is None)."""

    key: str
    value: Any
    header: BlockHeader
    signers: tuple[str, ...]
    checkpoint: VerifiedCheckpoint | None
    present: bool = True
    neighbours: tuple[str | None, str | None] = (None, None)  # of an absent key: the keys just below and above


def is_prefix_empty(verified: VerifiedState) -> bool:
    """True if a verified proof shows that no state key starts with its key (`holding/<account>/`: no holding at all):
    the key is absent and the first key above it does not start with it, so no key can lie between."""
    above = verified.neighbours[1]
    return not verified.present and (above is None or not above.startswith(verified.key))


@dataclass(frozen=True, slots=True)
class Leaf:
    """A state entry with its place in the sorted tree and its audit path."""

    key: str
    value: Any
    index: int
    path: list[bytes]


def verify_state_proof(doc: dict[str, Any], trust: Trust, *, now: int | None = None,
                       max_age: int | None = None) -> VerifiedState:
    """Verify a state proof's JSON (of a present or an absent key) against `trust` (its checkpoint at most `max_age`
    seconds old at `now`, if given); raise a ProofError or CheckpointError naming the first thing that fails."""
    header, key, present = read_proof(doc)
    # Verify the proof is of the block its header describes
    if doc.get("height") != header.height:
        raise HeaderMismatch(f"proof is for height {doc.get('height')}, its header for {header.height}")
    validators = trust.set_for(header.log_size)
    if validators is None:
        raise NoValidatorSet(f"no trusted validator set covers log size {header.log_size}")
    signers = check_commit(doc["commit"], header, validators)
    # Verify the proof's tree is the one the header commits to, of `state_size` entries
    if doc["tree_size"] != header.state_size:
        raise StateSizeMismatch(f"proof is of a state of {doc['tree_size']!r} entries, the header commits to "
                                f"{header.state_size}")
    neighbours: tuple[str | None, str | None] = (None, None)
    if present:
        entry = read_leaf(doc, "the entry")
        # Verify the entry is in the state the header commits to
        check_leaf(entry, header)
        value = entry.value
    else:
        left, right = read_neighbour(doc, "left"), read_neighbour(doc, "right")
        check_absent(key, left, right, header)
        value, neighbours = None, (left.key if left else None, right.key if right else None)
    checkpoint = check_checkpoint(doc.get("checkpoint"), trust, header, now=now, max_age=max_age)
    return VerifiedState(key, value, header, signers, checkpoint, present, neighbours)


def read_proof(doc: Any) -> tuple[BlockHeader, str, bool]:
    """(header, key, present) of a state proof that has the fields every one has; raise MalformedProof otherwise."""
    try:
        header = BlockHeader.from_json(doc["header"])
        key, present = doc["key"], doc.get("present", True)
        missing = [name for name in ("tree_size", "commit") if name not in doc]
    except (KeyError, TypeError, ValueError, AttributeError, InvalidBlock) as exc:
        raise MalformedProof(f"state proof is malformed: {exc!r}") from None
    if missing:
        raise MalformedProof(f"state proof is malformed: no {missing[0]}")
    if not isinstance(key, str) or not isinstance(present, bool):
        raise MalformedProof(f"state proof is malformed: key {key!r} is not a string or present {present!r} not a bool")
    if type(header.state_size) is not int or header.state_size < 0:
        raise MalformedProof(f"state proof is malformed: header state_size {header.state_size!r} is not an integer >= 0")
    return header, key, present


def read_leaf(value: Any, what: str) -> Leaf:
    """A {key, value, index, audit_path} object as a Leaf; raise MalformedProof naming `what` otherwise."""
    try:
        leaf = Leaf(value["key"], value["value"], value["index"], [bytes.fromhex(h) for h in value["audit_path"]])
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise MalformedProof(f"state proof is malformed: {what}: {exc!r}") from None
    if not isinstance(leaf.key, str) or type(leaf.index) is not int:
        raise MalformedProof(f"state proof is malformed: {what}: key {leaf.key!r} or index {leaf.index!r}")
    return leaf


def read_neighbour(doc: dict[str, Any], side: str) -> Leaf | None:
    """The `left` or `right` neighbour of an absence proof, None if it says there is none."""
    if side not in doc:
        raise MalformedProof(f"state proof is malformed: an absence proof has no {side!r} (null if none)")
    return None if doc[side] is None else read_leaf(doc[side], f"the {side} neighbour")


def check_leaf(leaf: Leaf, header: BlockHeader) -> None:
    """Raise a ProofError unless `leaf` is entry `leaf.index` of the header's state tree."""
    verify_inclusion(leaf_hash(canonical([leaf.key, leaf.value])), leaf.index, header.state_size, leaf.path,
                     header.state_root)


def check_absent(key: str, left: Leaf | None, right: Leaf | None, header: BlockHeader) -> None:
    """Raise a ProofError unless `left` and `right` are adjacent entries of the header's sorted state tree with
    left.key < key < right.key (None: no entry on that side), so that no entry has `key`."""
    size = header.state_size
    # Verify an empty state is the empty tree
    if left is None and right is None:
        if size != 0:
            raise NotAdjacent(f"an absence proof in a state of {size} entries needs a neighbour; it has none")
        if header.state_root != EMPTY_ROOT:
            raise RootMismatch(EMPTY_ROOT, header.state_root)
        return
    # Verify the neighbours are adjacent: the last entry below and the first above
    left_index = left.index if left is not None else -1
    right_index = right.index if right is not None else size
    if right_index != left_index + 1:
        raise NotAdjacent(f"the neighbours are entries {_place(left)} and {_place(right)} of {size}: not adjacent "
                          f"(the left one must be the last entry below the key, the right one the first above it)")
    # Verify the key sorts strictly between them
    if left is not None and not left.key < key:
        raise KeyNotBetween(f"the left neighbour's key {left.key!r} is not below {key!r}")
    if right is not None and not key < right.key:
        raise KeyNotBetween(f"the right neighbour's key {right.key!r} is not above {key!r}")
    # Verify each neighbour is in the state the header commits to
    for leaf in (left, right):
        if leaf is not None:
            check_leaf(leaf, header)


def _place(leaf: Leaf | None) -> str:
    return "none" if leaf is None else str(leaf.index)


def check_checkpoint(note: str | None, trust: Trust, header: BlockHeader, *, now: int | None = None,
                     max_age: int | None = None) -> VerifiedCheckpoint | None:
    """Verify the checkpoint sent with a proof, if any, and that it is of the header's log. Only a checkpoint carries
    witness cosignatures: without one, a trust with a witness policy, or a maximum age, refuses the proof."""
    if not note:
        # Verify no witness policy or freshness is asked for, that only a checkpoint could meet
        if trust.witness_quorum:
            raise NoWitnessQuorum(0, trust.witness_quorum, len(trust.witnesses))
        if max_age is not None:
            raise StaleCheckpoint("the proof comes with no checkpoint, so nothing tells its age")
        return None
    checkpoint = verify_checkpoint(note, trust, now=now, max_age=max_age)
    # Verify the checkpoint sent with it is of the header's log
    if checkpoint.checkpoint.size != header.log_size:
        raise HeaderMismatch(f"checkpoint of size {checkpoint.checkpoint.size}, the header's log has {header.log_size}")
    if checkpoint.checkpoint.root != header.log_root:
        raise RootMismatch(header.log_root, checkpoint.checkpoint.root)
    return checkpoint


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
