"""The ledger state: a flat map from string keys to JSON values, with a Merkle root.

Values are never mutated in place: handlers build a new value and `put` it. Each
transaction runs inside `begin`/`commit`/`rollback`, so a failing one leaves no trace.
`root()` is the RFC 9162 root over the leaves `jcs([key, value])` in key order. The tree's
levels are kept between calls: only the leaves written since the last call are re-hashed,
with each of their ancestors once; a new or deleted key re-hashes the interior nodes to the
right of it (it shifts every later leaf), never the values.
"""
from __future__ import annotations

import hashlib
from bisect import bisect_left
from collections.abc import Iterator
from typing import Any

from .encoding import canonical
from .merkle import EMPTY_ROOT, leaf_hash

_MISSING = object()


class Journaled:
    """A running transaction's journal and events: what State and its Overlay share."""

    _journal: list[tuple[str, Any]] | None
    _events: list[dict[str, Any]]

    def emit(self, event: dict[str, Any]) -> None:
        """Record an event of the running transaction (for its receipt)."""
        self._events.append(event)

    def pending_events(self) -> list[dict[str, Any]]:
        """The events of the running transaction so far."""
        return list(self._events)

    def begin(self) -> None:
        """Start journaling the writes of one transaction."""
        self._journal = []
        self._events = []

    def commit(self) -> list[dict[str, Any]]:
        """Keep the transaction's writes; return its events."""
        self._journal = None
        events, self._events = self._events, []
        return events


class State(Journaled):
    """Mutable key-value state with transaction journaling and an incremental Merkle root."""

    def __init__(self, entries: dict[str, Any] | None = None) -> None:
        self._entries: dict[str, Any] = dict(entries or {})
        self._journal: list[tuple[str, Any]] | None = None
        self._events: list[dict[str, Any]] = []
        self._changed: set[str] = set(self._entries)  # keys to persist since take_changes()
        self._stale: set[str] = set(self._entries)  # keys whose leaf hash is out of date
        self._keys: list[str] = sorted(self._entries)  # always sorted
        # The tree's levels, bottom-up; levels[0][i] is the leaf hash of self._keys[i].
        self._levels: list[list[bytes]] = [[b""] * len(self._keys)]
        self._reshaped_from = 0  # lowest index where a key was inserted or deleted since the last root

    # -- reads -------------------------------------------------------------
    def get(self, key: str, default: Any = None) -> Any:
        """The value at `key`, or `default`."""
        return self._entries.get(key, default)

    def __contains__(self, key: str) -> bool:
        return key in self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def items(self) -> Iterator[tuple[str, Any]]:
        """Every (key, value), in no particular order."""
        return iter(self._entries.items())

    def scan(self, prefix: str) -> Iterator[tuple[str, Any]]:
        """Every (key, value) whose key starts with `prefix`, in key order, as of the call (writes may follow)."""
        keys = self._keys
        start = end = bisect_left(keys, prefix)
        while end < len(keys) and keys[end].startswith(prefix):
            end += 1
        return iter([(key, self._entries[key]) for key in keys[start:end]])

    # -- writes ------------------------------------------------------------
    def put(self, key: str, value: Any) -> None:
        """Set `key` to `value`; `None` deletes it."""
        old = self._entries.get(key, _MISSING)
        if value is None and old is _MISSING:
            return
        if self._journal is not None:
            self._journal.append((key, old))
        self._set(key, _MISSING if value is None else value, old)

    def _set(self, key: str, value: Any, old: Any) -> None:
        if value is _MISSING:
            del self._entries[key]
            index = bisect_left(self._keys, key)
            del self._keys[index], self._levels[0][index]
            self._reshaped_from = min(self._reshaped_from, index)
        else:
            if old is _MISSING:
                index = bisect_left(self._keys, key)
                self._keys.insert(index, key)
                self._levels[0].insert(index, b"")
                self._reshaped_from = min(self._reshaped_from, index)
            self._entries[key] = value
        self._changed.add(key)
        self._stale.add(key)

    # -- transactions ------------------------------------------------------
    def rollback(self) -> None:
        """Undo every write since `begin`."""
        journal, self._journal = self._journal or [], None
        for key, old in reversed(journal):
            self._set(key, old, self._entries.get(key, _MISSING))
        self._events = []

    # -- persistence and root ----------------------------------------------
    def take_changes(self) -> dict[str, Any]:
        """The keys written since the last call, with their values (None when deleted)."""
        changes = {key: self._entries.get(key) for key in self._changed}
        self._changed = set()
        return changes

    def root(self) -> bytes:
        """RFC 9162 root over `jcs([key, value])` leaves in key order."""
        entries, keys, level0 = self._entries, self._keys, self._levels[0]
        dirty = set()
        for key in self._stale:
            if key in entries:
                index = bisect_left(keys, key)
                level0[index] = leaf_hash(canonical([key, entries[key]]))
                dirty.add(index)
        _refresh(self._levels, dirty, self._reshaped_from)
        self._stale = set()
        self._reshaped_from = len(keys)
        return self._levels[-1][0] if keys else EMPTY_ROOT


def _refresh(levels: list[list[bytes]], dirty: set[int], start: int) -> None:
    """Bring the levels above levels[0] up to date: each parent of a `dirty` node once, and every
    node from index `start` on (keys were inserted or deleted there). Requires levels[0] current."""
    sha = hashlib.sha256
    depth = 0
    while len(levels[depth]) > 1:
        level = levels[depth]
        if depth + 1 == len(levels):
            levels.append([])
        above, first = levels[depth + 1], start >> 1
        del above[first:]
        parents = {index >> 1 for index in dirty if index >> 1 < first}
        for parent in parents:
            above[parent] = _parent(sha, level, parent)
        above.extend(_parent(sha, level, parent) for parent in range(first, (len(level) + 1) >> 1))
        dirty, start, depth = parents, first, depth + 1
    del levels[depth + 1:]


def _parent(sha: Any, level: list[bytes], parent: int) -> bytes:
    left = parent << 1
    return sha(b"\x01" + level[left] + level[left + 1]).digest() if left + 1 < len(level) else level[left]
