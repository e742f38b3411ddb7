"""Building RFC 9162 Merkle proofs from the hashes of perfect subtrees.

The log keeps only the hash of every perfect subtree it has completed, the model of Go's
checksum database: the subtree at (level, index) covers leaves
[index·2^level, (index+1)·2^level), and level 0 holds the leaf hashes. Any subtree the RFC
recursion names is the concatenation of at most log2(n) perfect ones, so appending, a root
at any past size, an inclusion proof (§2.1.3.1) and a consistency proof (§2.1.4.1) each read
O(log n) hashes. `HashSource` is that table; `MemoryTree` keeps it in memory, the node keeps
it in its database. Checking proofs lives in `ledger/verify.py`.
"""
from __future__ import annotations

from typing import Protocol

from .errors import BadTreeSize, ConsistencyProofError, InclusionProofError
from .merkle import EMPTY_ROOT, node_hash


class HashSource(Protocol):
    """A table of the hashes of the perfect subtrees of a log."""

    def subtree_hash(self, level: int, index: int) -> bytes:
        """The hash of leaves [index·2^level, (index+1)·2^level). Requires that subtree to be complete."""
        ...


def _split(n: int) -> int:
    """The largest power of 2 smaller than n. Requires n >= 2."""
    return 1 << ((n - 1).bit_length() - 1)


def compute_range_hash(source: HashSource, start: int, end: int) -> bytes:
    """MTH of leaves [start, end), from the perfect subtrees that tile it, largest first.

    Requires start < end and start a multiple of the power of 2 at or above end - start,
    which holds for every subtree of the RFC recursion and for start = 0.
    """
    hashes = []
    while start < end:
        level = (end - start).bit_length() - 1
        hashes.append(source.subtree_hash(level, start >> level))
        start += 1 << level
    acc = hashes[-1]
    for h in reversed(hashes[:-1]):
        acc = node_hash(h, acc)
    return acc


def compute_root(source: HashSource, size: int) -> bytes:
    """MTH of the first `size` leaves. Requires 0 <= size <= the log's size."""
    return compute_range_hash(source, 0, size) if size else EMPTY_ROOT


def compute_inclusion_proof(source: HashSource, index: int, size: int) -> list[bytes]:
    """PATH(index, D[0:size]) of RFC 9162 §2.1.3.1, leaf sibling first. Requires 0 <= index < size <= the log's size."""
    if not 0 <= index < size:
        raise InclusionProofError(f"leaf index {index} is outside a tree of size {size}")
    path = []
    start, end = 0, size
    while end - start > 1:
        k = _split(end - start)
        if index < start + k:
            path.append(compute_range_hash(source, start + k, end))
            end = start + k
        else:
            path.append(compute_range_hash(source, start, start + k))
            start += k
    path.reverse()
    return path


def compute_consistency_proof(source: HashSource, size1: int, size2: int) -> list[bytes]:
    """PROOF(size1, D[0:size2]) of RFC 9162 §2.1.4.1. Requires 0 < size1 <= size2 <= the log's size."""
    if not 0 < size1 <= size2:
        raise ConsistencyProofError(f"no consistency proof from size {size1} to size {size2}: needs 0 < size1 <= size2")
    path = []
    start, end, m, whole = 0, size2, size1, True
    while m != end - start:
        k = _split(end - start)
        if m <= k:
            path.append(compute_range_hash(source, start + k, end))
            end = start + k
        else:
            path.append(compute_range_hash(source, start, start + k))
            start, m, whole = start + k, m - k, False
    if not whole:
        path.append(compute_range_hash(source, start, end))
    path.reverse()
    return path


def compute_new_subtrees(source: HashSource, size: int, leaf_hash: bytes) -> list[tuple[int, int, bytes]]:
    """The (level, index, hash) of every perfect subtree completed by appending `leaf_hash` as leaf `size`.

    Requires `source` to hold every perfect subtree of the first `size` leaves.
    """
    new = [(0, size, leaf_hash)]
    level, index, h = 0, size, leaf_hash
    while index & 1:
        h = node_hash(source.subtree_hash(level, index - 1), h)
        level, index = level + 1, index >> 1
        new.append((level, index, h))
    return new


class MemoryTree:
    """An append-only log held in memory as its table of perfect-subtree hashes."""

    def __init__(self) -> None:
        self._levels: list[list[bytes]] = [[]]

    @property
    def size(self) -> int:
        """The number of leaves."""
        return len(self._levels[0])

    def subtree_hash(self, level: int, index: int) -> bytes:
        """The hash of a complete perfect subtree. Requires it to exist."""
        return self._levels[level][index]

    def append(self, leaf_hash: bytes) -> int:
        """Append a leaf hash; return its index."""
        index = self.size
        for level, _, h in compute_new_subtrees(self, index, leaf_hash):
            if level == len(self._levels):
                self._levels.append([])
            self._levels[level].append(h)
        return index

    def root(self, size: int | None = None) -> bytes:
        """MTH of the first `size` leaves (default all). Requires size <= self.size."""
        size = self.size if size is None else size
        self._check_size(size)
        return compute_root(self, size)

    def inclusion_proof(self, index: int, size: int) -> list[bytes]:
        """The audit path of leaf `index` in the tree of `size` leaves. Requires 0 <= index < size <= self.size."""
        self._check_size(size)
        return compute_inclusion_proof(self, index, size)

    def consistency_proof(self, size1: int, size2: int) -> list[bytes]:
        """The consistency proof from size1 to size2. Requires 0 < size1 <= size2 <= self.size."""
        self._check_size(size2)
        return compute_consistency_proof(self, size1, size2)

    def _check_size(self, size: int) -> None:
        if not 0 <= size <= self.size:
            raise BadTreeSize(f"tree size {size} is outside the log's 0..{self.size}")
