"""Blocks: a header that chains to its parent by hash, the ordered transactions, and the commit.

The block hash is SHA-256 of `BLOCK_HASH_PREFIX + jcs(header)` with hashes in lowercase hex. The app
hash (what CometBFT agrees on) binds the state tree's root and size and the log's size and root:
SHA-256(`APP_HASH_PREFIX` ‖ state_root ‖ state_size ‖ log_size ‖ log_root), sizes as 8 bytes big-endian.
"""
from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

from .constants import APP_HASH_PREFIX, BLOCK_HASH_PREFIX
from .crypto import sha256
from .encoding import canonical
from .errors import InvalidBlock
from .merkle import leaf_hash, root_of
from .tx import Transaction

_HASH_FIELDS = ("prev_hash", "tx_root", "log_root", "state_root", "proposer", "validators_hash", "last_commit_hash")


@dataclass(frozen=True, slots=True)
class BlockHeader:
    """A block header; every hash field is 32 bytes."""

    height: int
    time: int  # block time, milliseconds since the Unix epoch (UTC), from the proposer's clock
    prev_hash: bytes
    tx_root: bytes
    log_size: int
    log_root: bytes
    state_root: bytes
    state_size: int  # number of state entries after the block: the size of the tree `state_root` is the root of
    proposer: bytes
    validators_hash: bytes
    last_commit_hash: bytes

    def to_json(self) -> dict[str, Any]:
        """The header as a JSON value, hashes in lowercase hex."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = value.hex() if isinstance(value, bytes) else value
        return out

    @staticmethod
    def from_json(value: dict[str, Any]) -> BlockHeader:
        """Parse a header; raise InvalidBlock on a missing or malformed field."""
        try:
            kw = {f.name: value[f.name] for f in fields(BlockHeader)}
            for name in _HASH_FIELDS:
                kw[name] = bytes.fromhex(kw[name])
        except (KeyError, TypeError, ValueError) as exc:
            raise InvalidBlock(f"malformed block header: {exc}") from None
        return BlockHeader(**kw)

    def hash(self) -> bytes:
        """The block hash."""
        return sha256(BLOCK_HASH_PREFIX + canonical(self.to_json()))

    def app_hash(self) -> bytes:
        """The app hash after this block."""
        return compute_app_hash(self.state_root, self.state_size, self.log_size, self.log_root)


@dataclass(frozen=True, slots=True)
class Block:
    header: BlockHeader
    txs: tuple[Transaction, ...]


def compute_app_hash(state_root: bytes, state_size: int, log_size: int, log_root: bytes) -> bytes:
    """The app hash of a state tree (root, size) and a log (size, root). Requires sizes in [0, 2^64)."""
    return sha256(APP_HASH_PREFIX + state_root + state_size.to_bytes(8, "big") + log_size.to_bytes(8, "big")
                  + log_root)


def compute_tx_root(txs: Sequence[Transaction]) -> bytes:
    """RFC 9162 root over the ids of a block's transactions, in order."""
    return root_of([leaf_hash(tx.id) for tx in txs])


def log_leaf(height: int, index: int, tx: Transaction, receipt: dict[str, Any]) -> bytes:
    """The bytes of one transparency-log entry: JCS of {height, index, tx (base64 wire bytes), receipt}.

    This is the contract with every verifier: it never changes.
    """
    return canonical({
        "height": height,
        "index": index,
        "tx": base64.b64encode(tx.raw).decode("ascii"),
        "receipt": receipt,
    })
