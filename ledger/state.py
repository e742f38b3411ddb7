"""The ledger state: a flat map from string keys to JSON values, with a Merkle root.

Values are never mutated in place: handlers build a new value and `put` it. Each
transaction runs inside `begin`/`commit`/`rollback`, so a failing one leaves no trace.
`root()` is the RFC 9162 root over the leaves `jcs([key, value])` in key order; only the
leaves that changed since the last call are re-hashed.
"""
from __future__ import annotations

from bisect import bisect_left
from typing import Any, Iterator

from .encoding import canonical
from .merkle import EMPTY_ROOT, leaf_hash, node_hash

_MISSING = object()


class State:
    """Mutable key-value state with transaction journaling and an incremental Merkle root."""

    def __init__(self, entries: dict[str, Any] | None = None) -> None:
        self._entries: dict[str, Any] = dict(entries or {})
        self._journal: list[tuple[str, Any]] | None = None
        self._events: list[dict[str, Any]] = []
        self._changed: set[str] = set(self._entries)  # keys to persist since take_changes()
        self._stale: set[str] = set(self._entries)  # keys whose leaf hash is out of date
        self._keys: list[str] | None = None
        self._levels: list[list[bytes]] | None = None

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
        """Every (key, value) whose key starts with `prefix`, in key order."""
        keys = self._sorted_keys()
        i = bisect_left(keys, prefix)
        while i < len(keys) and keys[i].startswith(prefix):
            yield keys[i], self._entries[keys[i]]
            i += 1

    # -- writes ------------------------------------------------------------
    def put(self, key: str, value: Any) -> None:
        """Set `key` to `value`; `None` deletes it."""
        old = self._entries.get(key, _MISSING)
        if self._journal is not None:
            self._journal.append((key, old))
        if value is None:
            if old is _MISSING:
                return
            del self._entries[key]
            self._keys = None
        else:
            if old is _MISSING:
                self._keys = None
            self._entries[key] = value
        self._changed.add(key)
        self._stale.add(key)

    def emit(self, event: dict[str, Any]) -> None:
        """Record an event of the running transaction (for its receipt)."""
        self._events.append(event)

    def pending_events(self) -> list[dict[str, Any]]:
        """The events of the running transaction so far."""
        return list(self._events)

    # -- transactions ------------------------------------------------------
    def begin(self) -> None:
        """Start journaling the writes of one transaction."""
        self._journal = []
        self._events = []

    def commit(self) -> list[dict[str, Any]]:
        """Keep the transaction's writes; return its events."""
        self._journal = None
        events, self._events = self._events, []
        return events

    def rollback(self) -> None:
        """Undo every write since `begin`."""
        journal, self._journal = self._journal or [], None
        for key, old in reversed(journal):
            self._changed.add(key)
            self._stale.add(key)
            if old is _MISSING:
                if key in self._entries:
                    del self._entries[key]
                    self._keys = None
            else:
                if key not in self._entries:
                    self._keys = None
                self._entries[key] = old
        self._events = []

    # -- persistence and root ----------------------------------------------
    def take_changes(self) -> dict[str, Any]:
        """The keys written since the last call, with their values (None when deleted)."""
        changes = {key: self._entries.get(key) for key in self._changed}
        self._changed = set()
        return changes

    def _sorted_keys(self) -> list[str]:
        if self._keys is None:
            self._keys = sorted(self._entries)
            self._levels = None
        return self._keys

    def _leaf(self, key: str) -> bytes:
        return leaf_hash(canonical([key, self._entries[key]]))

    def root(self) -> bytes:
        """RFC 9162 root over `jcs([key, value])` leaves in key order."""
        keys = self._sorted_keys()
        if not keys:
            self._stale = set()
            return EMPTY_ROOT
        if self._levels is None:
            self._levels = _build_levels([self._leaf(k) for k in keys])
        else:
            for key in self._stale:
                if key in self._entries:
                    _update_leaf(self._levels, bisect_left(keys, key), self._leaf(key))
        self._stale = set()
        return self._levels[-1][0]


def _build_levels(leaves: list[bytes]) -> list[list[bytes]]:
    levels = [leaves]
    while len(levels[-1]) > 1:
        level = levels[-1]
        nxt = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            nxt.append(level[-1])
        levels.append(nxt)
    return levels


def _update_leaf(levels: list[list[bytes]], index: int, leaf: bytes) -> None:
    levels[0][index] = leaf
    for depth in range(len(levels) - 1):
        level = levels[depth]
        parent = index // 2
        left = parent * 2
        if left + 1 < len(level):
            levels[depth + 1][parent] = node_hash(level[left], level[left + 1])
        else:
            levels[depth + 1][parent] = level[left]
        index = parent
