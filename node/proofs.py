"""Log proofs as the node serves them: checkpoints, inclusion of a transaction, consistency of two sizes.

Every proof is checked with `ledger.verify` before it is served: a proof that does not verify
is a bug of this node, never an answer.
"""
from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ledger.block import log_leaf
from ledger.bundle import Bundle, format_bundle
from ledger.checkpoint import count_signers, parse_note
from ledger.cosignature import witness_times
from ledger.errors import BadTreeSize, CheckpointError, InclusionProofError, NotFound
from ledger.merkle import leaf_hash
from ledger.verify import verify_consistency, verify_inclusion

from .errors import InvalidRequest
from .storage import StoredCheckpoint, StoredTx

if TYPE_CHECKING:
    from .core import Node

RECENT_CHECKPOINTS = 16  # how far back the newest servable checkpoint is looked for among the stored ones


@dataclass(frozen=True, slots=True)
class InclusionProof:
    """Entry `stored.log_index` of the log, whose bytes are `leaf`, in the tree of `checkpoint`."""

    stored: StoredTx
    leaf: bytes
    path: tuple[bytes, ...]
    checkpoint: StoredCheckpoint

    def bundle(self) -> str:
        """The C2SP tlog-proof@v1 text: leaf bytes as `extra`, index, audit path, co-signed checkpoint."""
        return format_bundle(Bundle(self.stored.log_index, self.path, self.checkpoint.note, self.leaf))


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def find_checkpoint(node: Node, size: int | None = None, height: int | None = None) -> StoredCheckpoint:
    """The checkpoint of log `size`, or in force after block `height`, or else the latest; raise NotFound."""
    if size is not None and height is not None:
        raise InvalidRequest("give size or height, not both")
    store = node.store
    if size is not None:
        found, what = store.get_checkpoint(size), f"of log size {size}"
    elif height is not None:
        found, what = store.get_checkpoint_at_height(height), f"at or below height {height}"
    else:
        found, what = latest_cosigned(node), "with a quorum of validator signatures (and of witnesses) yet"
    if found is None:
        raise NotFound(f"no checkpoint {what}")
    return found


def latest_cosigned(node: Node) -> StoredCheckpoint | None:
    """The newest checkpoint to serve: a quorum of the validators signed it (co-signatures arrive two blocks
    after their block, so the newest checkpoints may still lack them) and, when the node has witnesses, a
    quorum of the witnesses cosigned it; None if there is none yet."""
    recent = node.store.latest_checkpoints(RECENT_CHECKPOINTS)
    found = next((c for c in recent if has_validator_quorum(node, c) and is_witnessed(node, c)), None)
    witnessed = node.witnessing.witnessed_size if node.witnessing is not None else None
    if found is None and witnessed is not None:
        found = node.store.get_checkpoint(witnessed)  # older than the recent ones: the witnesses are behind
    return found


def latest_validator_signed(node: Node) -> StoredCheckpoint | None:
    """The newest checkpoint that a quorum of the validators signed, witnesses aside."""
    return next((c for c in node.store.latest_checkpoints(RECENT_CHECKPOINTS) if has_validator_quorum(node, c)), None)


def has_validator_quorum(node: Node, checkpoint: StoredCheckpoint) -> bool:
    """True if the note carries the signatures of a quorum of the validator set in force at its size."""
    validators = node.trust.set_for(checkpoint.size)
    return bool(validators) and len(count_signers(parse_note(checkpoint.note), validators)) >= validators.quorum


def witnesses_of(node: Node, checkpoint: StoredCheckpoint) -> tuple[tuple[str, int], ...]:
    """(name, POSIX seconds) of each trusted witness whose cosignature on the note verifies."""
    try:
        return witness_times(parse_note(checkpoint.note), node.trust.witnesses)
    except CheckpointError:
        return ()  # a line that does not verify is never stored (node.witnessing checks first)


def is_witnessed(node: Node, checkpoint: StoredCheckpoint) -> bool:
    """True if the node has no witnesses, or a quorum of them cosigned the checkpoint."""
    return len(witnesses_of(node, checkpoint)) >= node.trust.witness_quorum


def checkpoint_view(node: Node, checkpoint: StoredCheckpoint) -> dict[str, Any]:
    """A checkpoint as JSON: size, root (base64 and hex), height, the validators and witnesses who signed, the note."""
    validators = node.trust.set_for(checkpoint.size)
    signers = count_signers(parse_note(checkpoint.note), validators)
    witnesses = witnesses_of(node, checkpoint)
    return {"origin": node.identity.origin, "size": checkpoint.size, "root": b64(checkpoint.root),
            "root_hex": checkpoint.root.hex(), "height": checkpoint.height, "signers": list(signers),
            "quorum": validators.quorum, "cosigned": len(signers) >= validators.quorum, "note": checkpoint.note,
            "witnesses": [{"name": name, "time": at} for name, at in witnesses],
            "witness_quorum": node.trust.witness_quorum,
            "witnessed": bool(witnesses) and len(witnesses) >= node.trust.witness_quorum}


def get_inclusion(node: Node, tx_id: bytes, size: int | None = None) -> InclusionProof:
    """The inclusion proof of a committed transaction in the latest checkpoint (or the one of `size`)."""
    stored = node.store.get_tx(tx_id)
    if stored is None:
        pending = node.is_pending(tx_id)
        raise NotFound(f"transaction {tx_id.hex()} is {'pending, not yet in the log' if pending else 'not in the log'}")
    checkpoint = find_checkpoint(node, size=size)
    # Verify the checkpoint's tree holds the entry
    if stored.log_index >= checkpoint.size:
        error = NotFound if size is None else InclusionProofError
        raise error(f"log entry {stored.log_index} is not in the checkpoint of size {checkpoint.size}")
    leaf = log_leaf(stored.height, stored.index, stored.tx, stored.receipt)
    path = node.store.inclusion_proof(stored.log_index, checkpoint.size)
    verify_inclusion(leaf_hash(leaf), stored.log_index, checkpoint.size, path, checkpoint.root)
    return InclusionProof(stored, leaf, tuple(path), checkpoint)


def inclusion_view(proof: InclusionProof) -> dict[str, Any]:
    """An inclusion proof as JSON: log index, tree size, audit path (hex), leaf bytes (base64), checkpoint."""
    tx_id = proof.stored.tx.id_hex
    return {"tx_id": tx_id, "height": proof.stored.height, "index": proof.stored.index,
            "log_index": proof.stored.log_index, "tree_size": proof.checkpoint.size,
            "leaf": b64(proof.leaf), "leaf_hash": leaf_hash(proof.leaf).hex(),
            "audit_path": [h.hex() for h in proof.path], "root": proof.checkpoint.root.hex(),
            "checkpoint": proof.checkpoint.note, "bundle": f"/v1/proof/inclusion/{tx_id}?format=tlog-proof"}


def get_consistency(node: Node, size1: int, size2: int | None = None) -> dict[str, Any]:
    """The consistency proof from log size `size1` to `size2` (default: the latest checkpoint's) as JSON."""
    if size2 is None:
        size2 = find_checkpoint(node).size
    # Verify the sizes are in order and in the log
    if size1 > size2:
        raise InvalidRequest(f"from ({size1}) is above to ({size2})")
    have = node.store.log_size()
    if size2 > have:
        raise BadTreeSize(f"to ({size2}) is beyond the log's {have} entries")
    store = node.store
    root1, root2 = store.log_root(size1), store.log_root(size2)
    proof = store.consistency_proof(size1, size2)
    verify_consistency(size1, size2, proof, root1, root2)
    notes = [c.note if (c := store.get_checkpoint(s)) else None for s in (size1, size2)]
    return {"from_size": size1, "to_size": size2, "from_root": root1.hex(), "to_root": root2.hex(),
            "proof": [h.hex() for h in proof], "from_checkpoint": notes[0], "to_checkpoint": notes[1]}


def inclusion_url(tx_id_hex: str) -> str:
    """Where the inclusion proof of a transaction is served."""
    return f"/v1/proof/inclusion/{tx_id_hex}"
