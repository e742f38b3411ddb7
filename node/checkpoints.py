"""Signing checkpoints: after a block is durable, the validator signs the log's new tree head.

It signs only a tree head that (1) the log table reproduces, (2) is not smaller than the last
one it signed, and (3) a consistency proof links to that last one, checked with
`ledger.verify`; it stores the signed note before anything can serve it. A restart after a
crash between the block and its checkpoint signs the tip's checkpoint (`catch_up`). With one
validator a note with its signature is at quorum; `add_signature` is where co-signatures of
the other validators (the consensus issue) join a stored note, each verified first.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from ledger.block import Block
from ledger.cosign import Cosignature

from ledger.block import BlockHeader
from ledger.checkpoint import ValidatorSet, count_signers, format_checkpoint, make_note, parse_note, sign_note
from ledger.cosignature import Witness
from ledger.errors import CheckpointError, ProofError
from ledger.merkle import EMPTY_ROOT
from ledger.verify import verify_consistency

from .errors import CheckpointRefused
from .storage import Store, StoredCheckpoint

if TYPE_CHECKING:
    from .core import Node

log = logging.getLogger("tanledger.checkpoints")


def publish(node: Node, block: Block, cosignatures: list[Cosignature]) -> None:
    """After `block` is durable: sign its checkpoint, then add the other validators' co-signatures the
    block carried to the checkpoints they sign. A refusal is logged; the block stands."""
    try:
        sign_checkpoint(node, block.header)
    except Exception:
        log.exception("checkpoint of block %d not signed", block.header.height)
    for cosig in cosignatures:
        add_cosignature(node, cosig)
    if node.witnessing is not None:
        node.witnessing.nudge()  # the witness threads send the newest checkpoint; the commit does not wait


def add_cosignature(node: Node, cosig: Cosignature) -> None:
    """Join a verified co-signature's checkpoint line to the stored checkpoint of its block's log size."""
    head = node.head_at(cosig.height)
    validators = node.trust.set_for(head.log_size) if head else None
    if head is None or validators is None or head.log_size == 0:
        return
    try:
        add_signature(node.store, validators, head.log_size, cosig.note_line)
    except CheckpointRefused as exc:
        log.warning("co-signature of %s for block %d not added: %s", cosig.validator, cosig.height, exc.message)


def sign_checkpoint(node: Node, header: BlockHeader) -> StoredCheckpoint | None:
    """Sign and store the checkpoint of the log after the durable block `header`; return it.

    Requires the node's lock. A log size already signed is returned as it is (empty blocks).
    """
    if node.key_name is None:
        return None  # not a validator at this block: it follows the chain and signs nothing
    store = node.store
    last = store.latest_checkpoint()
    size, root = header.log_size, header.log_root
    if last is not None and last.size == size:
        # Verify a size already signed keeps its root: never sign two trees of one size
        if last.root != root:
            raise CheckpointRefused(f"block {header.height} has log root {root.hex()} at size {size}, "
                                    f"already signed with root {last.root.hex()}")
        return last
    check_extends(store, last, size, root)
    body = format_checkpoint(node.identity.origin, size, root)
    note = make_note(body, [sign_note(body, node.key_name, node.seed)])
    signed = StoredCheckpoint(size, root, header.height, note)
    store.save_checkpoint(signed)
    return signed


def check_extends(store: Store, last: StoredCheckpoint | None, size: int, root: bytes) -> None:
    """Raise CheckpointRefused unless the tree head (size, root) is the stored log's and extends `last`."""
    try:
        # Verify the log table gives the root the block commits to
        if store.log_root(size) != root:
            raise CheckpointRefused(f"the stored log's root at size {size} is not the block's {root.hex()}")
        if last is None:
            return
        # Verify the log did not shrink since the last checkpoint signed
        if size < last.size:
            raise CheckpointRefused(f"log size {size} is below the last signed checkpoint's {last.size}")
        # Verify the new tree extends the last one signed
        if last.size == 0:
            if last.root != EMPTY_ROOT:
                raise CheckpointRefused("the last signed checkpoint of size 0 has a root other than the empty tree's")
            return
        verify_consistency(last.size, size, store.consistency_proof(last.size, size), last.root, root)
    except ProofError as exc:
        raise CheckpointRefused(f"no consistent history from size {last.size if last else 0} to {size}: "
                                f"{exc.message}") from None


def catch_up(node: Node) -> StoredCheckpoint | None:
    """Sign the tip's checkpoint if a crash came between its block and its checkpoint. Requires the lock."""
    if node.tip.height == 0:
        return None
    last = node.store.latest_checkpoint()
    if last is not None and last.size == node.tip.log.size:
        return last
    stored = node.store.get_block(node.tip.height)
    return sign_checkpoint(node, stored.header)


def add_signature(store: Store, validators: ValidatorSet, size: int, line: str) -> StoredCheckpoint:
    """Add one validator's signature line to the stored checkpoint of `size`, after verifying it.

    Raises CheckpointRefused if there is no such checkpoint or the line is not a valid signature
    of a validator of `validators`; a validator that already signed is not added twice.
    """
    stored = store.get_checkpoint(size)
    if stored is None:
        raise CheckpointRefused(f"no checkpoint of size {size} is stored here")
    note = parse_note(stored.note)
    try:
        candidate = parse_note(make_note(note.text, [line]))
        if candidate.unparsed:
            raise CheckpointRefused(f"signature line refused: not `— <name> <base64>`: {line!r}")
        signer = count_signers(candidate, validators)
    except CheckpointError as exc:
        raise CheckpointRefused(f"signature line refused: {exc.message}") from None
    # Verify the line is a known validator's valid signature of this checkpoint
    if not signer:
        raise CheckpointRefused(f"signature line is from no validator of the set: {line!r}")
    if signer[0] in count_signers(note, validators):
        return stored
    new_note = stored.note + line + "\n"  # make_note ends every signature line in a newline
    try:
        parse_note(new_note)
    except CheckpointError as exc:
        raise CheckpointRefused(f"signature line refused: {exc.message}") from None
    store.replace_note(size, stored.note, new_note)
    return store.get_checkpoint(size)


def add_witness_line(store: Store, witness: Witness, size: int, line: str) -> StoredCheckpoint:
    """Put a witness's cosignature line on the stored checkpoint of `size`, in place of its older line if any.

    Requires the node's lock and a line already verified against `witness` (node.witnessing does).
    """
    stored = store.get_checkpoint(size)
    if stored is None:
        raise CheckpointRefused(f"no checkpoint of size {size} is stored here")
    text = parse_note(stored.note).text
    lines = stored.note[len(text) + 1:].splitlines()
    kept = [old for old in lines if old.split(" ")[1:2] != [witness.name]]
    new_note = make_note(text, [*kept, line])
    store.replace_note(size, stored.note, new_note)
    return StoredCheckpoint(stored.size, stored.root, stored.height, new_note)
