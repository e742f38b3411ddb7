"""State proofs: the value of one state key after a block, proven against that block's `state_root`.

The header's `state_root` is the RFC 9162 root over the leaves `jcs([key, value])` in key
order (`ledger.state`). To prove a key at height H the node rebuilds the sorted entries at H
from the state history and the tree over them: O(keys) time and memory per height, so the
trees of the last few heights asked for are cached. The answer carries the block header and
its commit (the validators' signatures over the header hash), so an offline verifier checks
the header against the trusted validator keys, then the entry against the header. An absent
key is proven absent (`"present": false`) by its neighbours in the sorted tree: `left`, the
last entry below it, and `right`, the first above (null where there is none), each with its
audit path; their indices are adjacent in a tree of the header's `state_size` entries.
"""
from __future__ import annotations

import threading
from bisect import bisect_left
from collections import OrderedDict
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ledger.encoding import canonical
from ledger.errors import NotFound
from ledger.merkle import leaf_hash
from ledger.proof import MemoryTree
from ledger.verify import verify_inclusion

from .proofs import b64, is_witnessed, latest_cosigned

if TYPE_CHECKING:
    from .core import Node

CACHED_HEIGHTS = 2  # the latest height and one more: trees are O(keys) in memory


class StateTrees:
    """The Merkle tree of the state at recently asked heights: (sorted keys, values, tree)."""

    def __init__(self, size: int = CACHED_HEIGHTS) -> None:
        self.size = size
        self._trees: OrderedDict[int, tuple[list[str], list[Any], MemoryTree]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, node: Node, height: int) -> tuple[list[str], list[Any], MemoryTree]:
        """The state tree after block `height`, rebuilt from the history if not cached."""
        with self._lock:
            if height in self._trees:
                self._trees.move_to_end(height)
                return self._trees[height]
        entries = node.store.get_entries_at(height)
        tree = MemoryTree()
        for key, value in entries:
            tree.append(leaf_hash(canonical([key, value])))
        built = ([k for k, _ in entries], [v for _, v in entries], tree)
        with self._lock:
            self._trees[height] = built
            while len(self._trees) > self.size:
                self._trees.popitem(last=False)
        return built


def get_state_proof(node: Node, key: str, height: int | None = None) -> dict[str, Any]:
    """The proof of `key`'s value after block `height` (default the last signed one) as JSON, or of its absence."""
    height = latest_signed_height(node) if height is None else height
    stored = node.store.get_block(height)
    if stored is None:
        raise NotFound(f"no block at height {height}; the chain is at {node.store.height()}")
    keys, values, tree = node.state_trees.get(node, height)
    header = stored.header
    proof = compute_key_proof(keys, values, tree, key, header.state_root)
    checkpoint = node.store.get_checkpoint(header.log_size)
    return {**proof, "height": height, "tree_size": tree.size, "state_root": header.state_root.hex(),
            "header": header.to_json(), "block_hash": stored.hash.hex(), "commit": header_commit(node, stored),
            "checkpoint": checkpoint.note if checkpoint else None}


def compute_key_proof(keys: list[str], values: list[Any], tree: MemoryTree, key: str, root: bytes) -> dict[str, Any]:
    """The part of a state proof that is about `key` in the tree over sorted `keys`: its entry and audit path if
    present, else its neighbours (`left`, `right`, None where there is none) with theirs."""
    index = bisect_left(keys, key)
    if index < len(keys) and keys[index] == key:
        entry = proven_leaf(keys, values, tree, index, root)
        return {"present": True, **entry, "leaf": b64(canonical([key, values[index]]))}
    return {"key": key, "present": False, "left": proven_leaf(keys, values, tree, index - 1, root),
            "right": proven_leaf(keys, values, tree, index, root)}


def proven_leaf(keys: list[str], values: list[Any], tree: MemoryTree, index: int, root: bytes) -> dict[str, Any] | None:
    """Entry `index` of the sorted state with its audit path ({key, value, index, audit_path}); None outside."""
    if not 0 <= index < len(keys):
        return None
    path = tree.inclusion_proof(index, tree.size)
    # Verify the entry leads to the header's state root (the history rebuilt the right state)
    verify_inclusion(leaf_hash(canonical([keys[index], values[index]])), index, tree.size, path, root)
    return {"key": keys[index], "value": values[index], "index": index, "audit_path": [h.hex() for h in path]}


def header_commit(node: Node, stored: Any) -> dict[str, Any]:
    """The block's header signatures: the stored commit's (solo engine), then the validators'
    co-signatures the chain recorded (CometBFT vote extensions), each as {validator pubkey, signature}."""
    signatures = list(stored.commit.get("signatures", []))
    for cosig in node.store.get_cosignatures(stored.header.height):
        entry = node.validators_by_name.get(cosig["validator"])
        if entry is not None and all(s["validator"] != entry[0].pubkey.hex() for s in signatures):
            signatures.append({"validator": entry[0].pubkey.hex(), "signature": cosig["header_signature"]})
    return {"height": stored.header.height, "block_hash": stored.hash.hex(), "signatures": signatures}


def latest_signed_height(node: Node, lookback: int = 8) -> int:
    """The last height whose header a quorum has signed (co-signatures arrive two blocks after their block) and,
    when the node has witnesses, whose checkpoint a quorum of them cosigned; else the newest witnessed one's."""
    top = node.store.height()
    for height in range(top, max(0, top - lookback), -1):
        stored = node.store.get_block(height)
        validators = node.trust.set_for(stored.header.log_size)
        if (validators and len(header_commit(node, stored)["signatures"]) >= validators.quorum
                and is_witnessed_at(node, stored.header.log_size)):
            return height
    witnessed = latest_cosigned(node) if node.trust.witness_quorum else None
    return witnessed.height if witnessed is not None and witnessed.height is not None else top


def is_witnessed_at(node: Node, log_size: int) -> bool:
    """True if the node has no witness policy, or the checkpoint of `log_size` carries a quorum of witnesses."""
    if not node.trust.witness_quorum:
        return True
    checkpoint = node.store.get_checkpoint(log_size)
    return checkpoint is not None and is_witnessed(node, checkpoint)


def state_proof_url(key: str, height: int | None = None) -> str:
    """Where the proof of a state key is served (at `height`, or the latest)."""
    url = f"/v1/proof/state/{quote(key, safe='/')}"
    return url if height is None else f"{url}?height={height}"
