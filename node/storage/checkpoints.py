"""The checkpoints this validator signed, one per log size, with every signature collected so far."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from ..errors import CheckpointRefused
from .tables import CheckpointRow


@dataclass(frozen=True, slots=True)
class StoredCheckpoint:
    """A signed checkpoint: log size and root, the first block whose log had that size, the note."""

    size: int
    root: bytes
    height: int
    note: str


def _stored(row: CheckpointRow) -> StoredCheckpoint:
    return StoredCheckpoint(row.size, bytes.fromhex(row.root), row.height, row.note)


class CheckpointStore:
    """Write and read checkpoints. Writers hold the node's lock: one signer at a time."""

    engine: Engine

    def save_checkpoint(self, checkpoint: StoredCheckpoint) -> None:
        """Persist a newly signed checkpoint. Requires no checkpoint of its size to be stored."""
        with Session(self.engine) as session:
            session.add(CheckpointRow(size=checkpoint.size, root=checkpoint.root.hex(), height=checkpoint.height,
                                      note=checkpoint.note))
            session.commit()

    def replace_note(self, size: int, old_note: str, new_note: str) -> None:
        """Swap the note of the checkpoint of `size` for one with more signatures; raise if it changed meanwhile."""
        with Session(self.engine) as session:
            row = session.get(CheckpointRow, size)
            # Verify nobody replaced the note since it was read
            if row is None or row.note != old_note:
                raise CheckpointRefused(f"checkpoint of size {size} changed while a signature was being added")
            row.note = new_note
            session.add(row)
            session.commit()

    def latest_checkpoint(self) -> StoredCheckpoint | None:
        """The checkpoint of the largest log size, or None before the first."""
        with Session(self.engine) as session:
            row = session.exec(select(CheckpointRow).order_by(col(CheckpointRow.size).desc()).limit(1)).first()
            return None if row is None else _stored(row)

    def latest_checkpoints(self, count: int) -> list[StoredCheckpoint]:
        """The `count` checkpoints of the largest log sizes, largest first."""
        with Session(self.engine) as session:
            rows = session.exec(select(CheckpointRow).order_by(col(CheckpointRow.size).desc()).limit(count)).all()
            return [_stored(row) for row in rows]

    def get_checkpoint(self, size: int) -> StoredCheckpoint | None:
        """The checkpoint of log size `size`, or None."""
        with Session(self.engine) as session:
            row = session.get(CheckpointRow, size)
            return None if row is None else _stored(row)

    def get_checkpoint_at_height(self, height: int) -> StoredCheckpoint | None:
        """The checkpoint in force after block `height`: the last one signed at or below it, or None."""
        with Session(self.engine) as session:
            row = session.exec(select(CheckpointRow).where(CheckpointRow.height <= height)
                               .order_by(col(CheckpointRow.size).desc()).limit(1)).first()
            return None if row is None else _stored(row)

    def list_checkpoints(self, from_size: int, limit: int) -> list[StoredCheckpoint]:
        """Up to `limit` checkpoints of size >= `from_size`, by increasing size."""
        with Session(self.engine) as session:
            rows = session.exec(select(CheckpointRow).where(CheckpointRow.size >= from_size)
                                .order_by(col(CheckpointRow.size)).limit(limit)).all()
            return [_stored(row) for row in rows]
