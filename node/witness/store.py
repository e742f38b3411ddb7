"""The witness's durable state in SQLite: the latest cosigned checkpoint of each log, and refused split views.

One row per origin {size, root, note}; `PRAGMA synchronous=FULL` so a committed row survives a crash
or a power cut. `transaction()` is one `BEGIN IMMEDIATE` … `COMMIT` under the store's lock: the service
reads the row, checks and writes inside it, so the check and the update are one atomic step, also
against a second process opening the same file.
"""
from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS heads (origin TEXT PRIMARY KEY, size INTEGER NOT NULL, root BLOB NOT NULL, note TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS conflicts (id INTEGER PRIMARY KEY AUTOINCREMENT, origin TEXT NOT NULL, size INTEGER NOT NULL,
    root_seen BLOB NOT NULL, root_refused BLOB NOT NULL, note TEXT NOT NULL, time INTEGER NOT NULL,
    UNIQUE (origin, size, root_refused));
"""
BUSY_TIMEOUT_S = 10.0  # how long a second process waits for the other's transaction


@dataclass(frozen=True, slots=True)
class Head:
    """The latest checkpoint the witness cosigned for a log: size, root and the note with its cosignature."""

    origin: str
    size: int
    root: bytes
    note: str


@dataclass(frozen=True, slots=True)
class Conflict:
    """A refused split view: a note of `size` whose root is not the one the witness cosigned; time in POSIX s."""

    origin: str
    size: int
    root_seen: bytes
    root_refused: bytes
    note: str
    time: int


class WitnessStore:
    """The witness's SQLite file; safe to share between threads (every access holds the store's lock)."""

    def __init__(self, path: Path | str) -> None:
        self._lock = threading.RLock()
        self._db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_S)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(SCHEMA)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction under the lock: committed when the block ends, rolled back if it raises."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def get_head(self, origin: str) -> Head | None:
        """The latest cosigned checkpoint of `origin`, or None if the witness never cosigned one."""
        with self._lock:
            row = self._db.execute("SELECT origin, size, root, note FROM heads WHERE origin = ?", (origin,)).fetchone()
        return None if row is None else Head(*row)

    def list_heads(self) -> list[Head]:
        """The latest cosigned checkpoint of every log, by origin."""
        with self._lock:
            rows = self._db.execute("SELECT origin, size, root, note FROM heads ORDER BY origin").fetchall()
        return [Head(*row) for row in rows]

    def put_head(self, head: Head) -> None:
        """Record `head` as the latest cosigned checkpoint of its origin. Requires an open transaction."""
        with self._lock:
            self._db.execute("INSERT INTO heads (origin, size, root, note) VALUES (?, ?, ?, ?) ON CONFLICT (origin) DO "
                             "UPDATE SET size = excluded.size, root = excluded.root, note = excluded.note",
                             (head.origin, head.size, head.root, head.note))

    def add_conflict(self, conflict: Conflict) -> None:
        """Record a refused split view as evidence (once per root refused). Requires an open transaction."""
        with self._lock:
            self._db.execute("INSERT OR IGNORE INTO conflicts (origin, size, root_seen, root_refused, note, time) "
                             "VALUES (?, ?, ?, ?, ?, ?)", (conflict.origin, conflict.size, conflict.root_seen,
                                                          conflict.root_refused, conflict.note, conflict.time))

    def list_conflicts(self) -> list[Conflict]:
        """Every refused split view, oldest first."""
        with self._lock:
            rows = self._db.execute("SELECT origin, size, root_seen, root_refused, note, time FROM conflicts "
                                    "ORDER BY id").fetchall()
        return [Conflict(*row) for row in rows]

    def close(self) -> None:
        """Close the file."""
        with self._lock:
            self._db.close()
