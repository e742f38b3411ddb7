"""RFC 9162 Merkle tree hashing: leaf `H(0x00 || d)`, node `H(0x01 || l || r)`, SHA-256.

`root_of` computes MTH over a list of leaf hashes; `Frontier` keeps only the roots of the
perfect subtrees of an append-only log (the compact range), so appending and taking the
root are O(log n) in time and memory.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(data: bytes) -> bytes:
    """RFC 9162 leaf hash of `data`."""
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """RFC 9162 interior node hash."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def root_of(leaf_hashes: list[bytes]) -> bytes:
    """MTH of a list of leaf hashes, bottom-up: pair neighbours, carry an odd last one up."""
    if not leaf_hashes:
        return EMPTY_ROOT
    level = list(leaf_hashes)
    while len(level) > 1:
        nxt = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            nxt.append(level[-1])
        level = nxt
    return level[0]


@dataclass(frozen=True, slots=True)
class Frontier:
    """The compact range of a log of `size` leaves: one root per set bit of `size`, largest first."""

    size: int = 0
    hashes: tuple[bytes, ...] = ()

    def append(self, leaf: bytes) -> Frontier:
        """The frontier after appending a leaf hash."""
        hashes = list(self.hashes)
        carry = leaf
        size = self.size
        while size & 1:
            carry = node_hash(hashes.pop(), carry)
            size >>= 1
        hashes.append(carry)
        return Frontier(self.size + 1, tuple(hashes))

    def root(self) -> bytes:
        """MTH of the whole log."""
        if not self.hashes:
            return EMPTY_ROOT
        acc = self.hashes[-1]
        for h in reversed(self.hashes[:-1]):
            acc = node_hash(h, acc)
        return acc

    def to_json(self) -> dict[str, Any]:
        return {"size": self.size, "hashes": [h.hex() for h in self.hashes]}

    @staticmethod
    def from_json(value: dict[str, Any]) -> Frontier:
        return Frontier(int(value["size"]), tuple(bytes.fromhex(h) for h in value["hashes"]))
