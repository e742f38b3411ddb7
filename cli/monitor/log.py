"""The log the monitor rebuilt: every leaf hash it recomputed, and the root after each block.

A checkpoint of the monitor's own node names a size at a block's end (a root kept here); a note
gossiped by another monitor may name any size, whose root is then recomputed from the leaves.
Leaf hashes are kept packed, 32 bytes per log entry.
"""
from __future__ import annotations

import threading
from typing import Any

from ledger.block import Block, log_leaf
from ledger.chain import ChainTip
from ledger.merkle import EMPTY_ROOT, leaf_hash, root_of

HASH_BYTES = 32


class ReplayedLog:
    """The replayed log: leaf hashes in order, roots at block ends; safe to read from another thread."""

    def __init__(self) -> None:
        self._leaves = bytearray()
        self._roots: dict[int, bytes] = {0: EMPTY_ROOT}
        self._lock = threading.Lock()
        self.size = 0

    def add_block(self, block: Block, receipts: list[dict[str, Any]], tip: ChainTip) -> None:
        """Append the entries of a replayed block; `tip` is the chain's tip after it."""
        height = block.header.height
        hashes = b"".join(leaf_hash(log_leaf(height, i, tx, receipt))
                          for i, (tx, receipt) in enumerate(zip(block.txs, receipts, strict=True)))
        with self._lock:
            self._leaves += hashes
            self.size = len(self._leaves) // HASH_BYTES
            self._roots[tip.log.size] = tip.log.root()

    def root_at(self, size: int) -> bytes | None:
        """The root of the log's first `size` entries; None if the log is not that long yet."""
        with self._lock:
            if size > self.size:
                return None
            known = self._roots.get(size)
        return known if known is not None else self.leaf_root(size)

    def leaf_root(self, size: int) -> bytes:
        """The root of the first `size` entries computed from the leaf hashes. Requires size <= self.size."""
        with self._lock:
            leaves = [bytes(self._leaves[i:i + HASH_BYTES]) for i in range(0, size * HASH_BYTES, HASH_BYTES)]
        return root_of(leaves)
