"""The transparency log in the database: a table of perfect-subtree hashes (Go's checksum database model).

Appending a block's entries needs only the log's frontier before the block (the roots of its
perfect subtrees, stored with every block), so writing reads nothing. Reading a root or a
proof goes through `StoreHashSource`, a `ledger.proof.HashSource` over the `log` table: the
proof is first computed on a recorder that only notes which subtrees it asks for (the set
depends on sizes, never on hashes), those rows are fetched in one query, then the proof is
computed for real. A bounded cache keeps recent rows; rows never change once committed.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from sqlalchemy import Engine, select, tuple_

from ledger.block import Block, log_leaf
from ledger.errors import BadTreeSize, InvalidBlock
from ledger.merkle import Frontier, leaf_hash
from ledger.proof import compute_new_subtrees

from .tables import LogRow

T = TypeVar("T")
Subtree = tuple[int, int, bytes]  # (level, index, hash)
CACHE_ROWS = 65_536  # about 6 MB of cached subtree hashes
FETCH_CHUNK = 400  # (level, index) pairs per SELECT … IN: under every driver's parameter limit


class FrontierSource:
    """The perfect subtrees a frontier holds, as a HashSource: enough to append the next leaf."""

    def __init__(self, frontier: Frontier) -> None:
        self._hashes: dict[tuple[int, int], bytes] = {}
        levels = [level for level in range(frontier.size.bit_length()) if frontier.size >> level & 1]
        for level, h in zip(reversed(levels), frontier.hashes, strict=True):  # frontier hashes come largest first
            self._hashes[(level, (frontier.size >> level) - 1)] = h

    def subtree_hash(self, level: int, index: int) -> bytes:
        """The hash of a subtree on the frontier. Requires it to be one."""
        return self._hashes[(level, index)]


def compute_log_rows(block: Block, receipts: list[dict[str, Any]], before: Frontier) -> tuple[list[Subtree], Frontier]:
    """The subtrees completed by appending the block's entries to the log `before`, and the log after."""
    rows: list[Subtree] = []
    frontier = before
    for index, (tx, receipt) in enumerate(zip(block.txs, receipts, strict=True)):
        h = leaf_hash(log_leaf(block.header.height, index, tx, receipt))
        rows += compute_new_subtrees(FrontierSource(frontier), frontier.size, h)
        frontier = frontier.append(h)
    return rows, frontier


def check_log_matches(height: int, computed: Frontier, claimed: Frontier) -> None:
    """Raise InvalidBlock unless the log the store computed is the one the block was made with."""
    if computed != claimed:
        raise InvalidBlock(f"block {height}: log of {computed.size} entries stored, the block says {claimed.size} "
                           f"with root {claimed.root().hex()}")


class _Recorder:
    """A HashSource that notes the subtrees asked for and answers with a dummy hash."""

    def __init__(self) -> None:
        self.wanted: set[tuple[int, int]] = set()

    def subtree_hash(self, level: int, index: int) -> bytes:
        self.wanted.add((level, index))
        return bytes(32)


class StoreHashSource:
    """The log table as a HashSource, with a bounded cache of recent rows. Safe across threads."""

    def __init__(self, engine: Engine, cache_rows: int = CACHE_ROWS) -> None:
        self.engine = engine
        self.cache_rows = cache_rows
        self._cache: OrderedDict[tuple[int, int], bytes] = OrderedDict()
        self._lock = threading.Lock()

    def subtree_hash(self, level: int, index: int) -> bytes:
        """The hash of a complete perfect subtree; raise BadTreeSize if the log does not hold it."""
        found = self._fetch([(level, index)])
        if (level, index) not in found:
            raise BadTreeSize(f"the log holds no complete subtree at level {level}, index {index}")
        return found[(level, index)]

    def compute(self, fn: Callable[[StoreHashSource], T]) -> T:
        """`fn(self)`, with every row it reads fetched first in one query."""
        recorder = _Recorder()
        fn(recorder)  # type: ignore[arg-type]
        found = self._fetch(sorted(recorder.wanted))
        return fn(_DictSource(found))  # type: ignore[arg-type]

    def remember(self, rows: Iterable[Subtree]) -> None:
        """Cache rows just committed."""
        with self._lock:
            for level, index, h in rows:
                self._put((level, index), h)

    def _fetch(self, wanted: list[tuple[int, int]]) -> dict[tuple[int, int], bytes]:
        found, missing = {}, []
        with self._lock:
            for key in wanted:
                if key in self._cache:
                    self._cache.move_to_end(key)
                    found[key] = self._cache[key]
                else:
                    missing.append(key)
        loaded = self._load(missing)
        with self._lock:
            for key, h in loaded.items():
                self._put(key, h)
        return found | loaded

    def _load(self, keys: list[tuple[int, int]]) -> dict[tuple[int, int], bytes]:
        table = LogRow.__table__
        out = {}
        with self.engine.connect() as conn:
            for i in range(0, len(keys), FETCH_CHUNK):
                chunk = keys[i:i + FETCH_CHUNK]
                query = select(table.c.level, table.c.index, table.c.hash).where(
                    tuple_(table.c.level, table.c.index).in_(chunk))
                out.update({(level, index): bytes(h) for level, index, h in conn.execute(query)})
        return out

    def _put(self, key: tuple[int, int], h: bytes) -> None:
        self._cache[key] = h
        self._cache.move_to_end(key)
        while len(self._cache) > self.cache_rows:
            self._cache.popitem(last=False)


class _DictSource:
    def __init__(self, hashes: dict[tuple[int, int], bytes]) -> None:
        self._hashes = hashes

    def subtree_hash(self, level: int, index: int) -> bytes:
        try:
            return self._hashes[(level, index)]
        except KeyError:
            raise BadTreeSize(f"the log holds no complete subtree at level {level}, index {index}") from None
