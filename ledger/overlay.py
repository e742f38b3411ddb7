"""A write layer over a State: reads fall through to the base, writes stay in the layer.

The node's admission (CheckTx) runs each new transaction on an Overlay of the committed
state that already holds the effects of the transactions admitted before it, so a sender's
second pending transaction is judged after its first, without copying the state or
touching it. The layer offers the part of State's interface that the contracts use
(get, put, scan, emit, begin/commit/rollback); it has no Merkle root.
"""
from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterator
from typing import Any

from .state import Journaled, State

_MISSING = object()


class Overlay(Journaled):
    """Journaled writes over a read-only `base` State."""

    def __init__(self, base: State) -> None:
        self.base = base
        self._writes: dict[str, Any] = {}  # value, or _MISSING for a deleted key
        self._written_keys: list[str] = []  # sorted keys of _writes, for scan
        self._journal: list[tuple[str, Any]] | None = None
        self._events: list[dict[str, Any]] = []

    def get(self, key: str, default: Any = None) -> Any:
        """The value at `key`, or `default`."""
        value = self._writes.get(key, _MISSING)
        if value is _MISSING:
            return default if key in self._writes else self.base.get(key, default)
        return value

    def __contains__(self, key: str) -> bool:
        return self.get(key, _MISSING) is not _MISSING

    def scan(self, prefix: str) -> Iterator[tuple[str, Any]]:
        """Every (key, value) whose key starts with `prefix`, in key order, as of the call."""
        merged = dict(self.base.scan(prefix))
        keys = self._written_keys
        i = bisect_left(keys, prefix)
        while i < len(keys) and keys[i].startswith(prefix):
            value = self._writes[keys[i]]
            if value is _MISSING:
                merged.pop(keys[i], None)
            else:
                merged[keys[i]] = value
            i += 1
        return iter(sorted(merged.items()))

    def put(self, key: str, value: Any) -> None:
        """Set `key` to `value`; None deletes it."""
        old = self._writes.get(key, _MISSING) if key in self._writes else _UNSET
        if self._journal is not None:
            self._journal.append((key, old))
        if key not in self._writes:
            insort(self._written_keys, key)
        self._writes[key] = _MISSING if value is None else value

    def rollback(self) -> None:
        """Undo every write since `begin`."""
        journal, self._journal = self._journal or [], None
        for key, old in reversed(journal):
            if old is _UNSET:
                del self._writes[key]
                del self._written_keys[bisect_left(self._written_keys, key)]
            else:
                self._writes[key] = old
        self._events = []


_UNSET = object()  # journal mark: the key had no write in the layer before
