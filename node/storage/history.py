"""Read side of the log table and of the state history: roots and proofs, and the state at a past height."""
from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, and_, func
from sqlmodel import Session, col, select

from ledger.errors import BadTreeSize
from ledger.proof import compute_consistency_proof, compute_inclusion_proof, compute_root

from .log import StoreHashSource
from .mappers import StoredTx, from_json_text, stored_tx
from .tables import BlockRow, StateHistoryRow, TxRow


class HistoryQueries:
    """Proofs over the committed log and the state as of any committed height."""

    engine: Engine
    log: StoreHashSource

    def log_size(self) -> int:
        """The number of entries in the committed log."""
        with Session(self.engine) as session:
            last = session.exec(select(func.max(TxRow.log_index))).one()
        return 0 if last is None else last + 1

    def _check_size(self, size: int) -> None:
        have = self.log_size()
        if not 0 <= size <= have:
            raise BadTreeSize(f"tree size {size} is outside the committed log's 0..{have}")

    def log_root(self, size: int) -> bytes:
        """The root of the first `size` log entries. Raises BadTreeSize past the committed log."""
        self._check_size(size)
        return self.log.compute(lambda source: compute_root(source, size))

    def inclusion_proof(self, index: int, size: int) -> list[bytes]:
        """The audit path of entry `index` in the log of `size` entries. Requires 0 <= index < size <= log size."""
        self._check_size(size)
        return self.log.compute(lambda source: compute_inclusion_proof(source, index, size))

    def consistency_proof(self, size1: int, size2: int) -> list[bytes]:
        """The RFC 9162 proof that the log of `size2` extends that of `size1`. Requires 0 < size1 <= size2 <= log size."""
        self._check_size(size2)
        return self.log.compute(lambda source: compute_consistency_proof(source, size1, size2))

    def get_tx_at(self, log_index: int) -> StoredTx | None:
        """The transaction that is entry `log_index` of the log, or None."""
        with Session(self.engine) as session:
            row = session.exec(select(TxRow).where(TxRow.log_index == log_index)).first()
            return None if row is None else stored_tx(row, session.get(BlockRow, row.height))

    def get_state_at(self, key: str, height: int) -> Any:
        """The value of `key` after block `height` (0: genesis), or None if absent then."""
        with Session(self.engine) as session:
            row = session.exec(select(StateHistoryRow.value).where(StateHistoryRow.key == key,
                                                                   StateHistoryRow.height <= height)
                               .order_by(col(StateHistoryRow.height).desc()).limit(1)).first()
        return None if row is None else from_json_text(row)

    def get_entries_at(self, height: int) -> list[tuple[str, Any]]:
        """Every (key, value) of the state after block `height`, in code-point order of the keys.

        O(number of keys ever written): it reads each key's last value at or below `height`.
        """
        h = StateHistoryRow.__table__
        latest = (select(h.c.key, func.max(h.c.height).label("height")).where(h.c.height <= height)
                  .group_by(h.c.key).subquery())
        query = select(h.c.key, h.c.value).join(latest, and_(h.c.key == latest.c.key, h.c.height == latest.c.height))
        with self.engine.connect() as conn:
            rows = conn.execute(query.where(h.c.value.is_not(None))).all()
        # Sort here: the database's collation need not be code-point order, the state root's order
        return sorted((key, from_json_text(value)) for key, value in rows)
