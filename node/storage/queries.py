"""Read queries over the committed chain: blocks, transactions, state, holders and provenance."""
from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, func, literal
from sqlmodel import Session, col, select

from .mappers import StoredBlock, StoredTx, event_view, from_json_text, stored_block, stored_tx
from .tables import BlockRow, CosignatureRow, EventRow, HolderRow, MetaRow, StateRow, TxRow


class StoreQueries:
    """Read side of `Store`; every method sees committed blocks only."""

    engine: Engine

    def height(self) -> int:
        """The height of the last stored block, 0 before block 1."""
        with Session(self.engine) as session:
            return session.exec(select(func.max(BlockRow.height))).one() or 0

    def get_meta(self, key: str) -> Any:
        """A metadata value (genesis, chain_id) or None."""
        with Session(self.engine) as session:
            row = session.get(MetaRow, key)
            return None if row is None else from_json_text(row.value)

    def _tx_ids(self, session: Session, height: int) -> list[str]:
        return list(session.exec(select(TxRow.id).where(TxRow.height == height).order_by(TxRow.index)))

    def get_block(self, height: int) -> StoredBlock | None:
        """The block at `height`, or None."""
        with Session(self.engine) as session:
            row = session.get(BlockRow, height)
            return None if row is None else stored_block(row, self._tx_ids(session, height))

    def recent_blocks(self, count: int) -> list[StoredBlock]:
        """The last `count` stored blocks, oldest first."""
        with Session(self.engine) as session:
            rows = session.exec(select(BlockRow).order_by(col(BlockRow.height).desc()).limit(count)).all()
            return [stored_block(row, []) for row in reversed(rows)]

    def get_cosignatures(self, height: int) -> list[dict[str, Any]]:
        """The co-signatures of block `height` that the chain recorded, by validator name."""
        with Session(self.engine) as session:
            rows = session.exec(select(CosignatureRow).where(CosignatureRow.height == height)
                                .order_by(CosignatureRow.validator)).all()
            return [{"validator": r.validator, "note_line": r.note_line, "header_signature": r.header_signature,
                     "recorded_at": r.recorded_at} for r in rows]

    def get_blocks(self, first: int, last: int) -> list[tuple[StoredBlock, list[bytes]]]:
        """Blocks first..last (inclusive) that exist, each with its raw transactions in order."""
        with Session(self.engine) as session:
            rows = session.exec(select(BlockRow).where(BlockRow.height >= first, BlockRow.height <= last)
                                .order_by(BlockRow.height)).all()
            txs = session.exec(select(TxRow.height, TxRow.id, TxRow.raw).where(TxRow.height >= first, TxRow.height <= last)
                               .order_by(TxRow.height, TxRow.index)).all()
        by_height: dict[int, list[tuple[str, bytes]]] = {}
        for height, tx_id, raw in txs:
            by_height.setdefault(height, []).append((tx_id, bytes(raw)))
        return [(stored_block(row, [t for t, _ in by_height.get(row.height, [])]), [r for _, r in by_height.get(row.height, [])])
                for row in rows]

    def get_tx(self, tx_id: bytes) -> StoredTx | None:
        """The committed transaction with id `tx_id`, or None."""
        with Session(self.engine) as session:
            row = session.get(TxRow, tx_id.hex())
            return None if row is None else stored_tx(row, session.get(BlockRow, row.height))

    def has_tx(self, tx_id: bytes) -> bool:
        """True when a block already holds the transaction `tx_id`."""
        with Session(self.engine) as session:
            return session.exec(select(TxRow.id).where(TxRow.id == tx_id.hex())).first() is not None

    def get_state(self, key: str) -> Any:
        """The committed state value at `key`, or None."""
        with Session(self.engine) as session:
            row = session.get(StateRow, key)
            return None if row is None else from_json_text(row.value)

    def scan_state(self, prefix: str) -> list[tuple[str, Any]]:
        """Every committed (key, value) whose key starts with `prefix`, in key order."""
        with Session(self.engine) as session:
            rows = session.exec(select(StateRow).where(col(StateRow.key).startswith(prefix, autoescape=True))).all()
        # LIKE is case-insensitive on SQLite and collation-dependent elsewhere: filter and sort exactly here
        return sorted((r.key, from_json_text(r.value)) for r in rows if r.key.startswith(prefix))

    def get_holders(self, instrument: str) -> dict[str, Any]:
        """Every account holding `instrument`, with its holding (sub-state → ranges)."""
        with Session(self.engine) as session:
            key = literal("holding/") + col(HolderRow.account) + literal(f"/{instrument}")
            rows = session.exec(select(HolderRow.account, StateRow.value).join(StateRow, col(StateRow.key) == key)
                                .where(HolderRow.instrument == instrument).order_by(HolderRow.account)).all()
        return {account: from_json_text(value) for account, value in rows}

    def get_serial_events(self, instrument: str, serial: int) -> list[dict[str, Any]]:
        """Every event that touched tonne `serial` of `instrument`, in chain order, with its block time (None for
        the genesis's opening balance, at height 0)."""
        with Session(self.engine) as session:
            rows = session.exec(
                select(EventRow, BlockRow.time).outerjoin(BlockRow, col(BlockRow.height) == col(EventRow.height))
                .where(EventRow.instrument == instrument, EventRow.first <= serial, EventRow.last >= serial)
                .order_by(EventRow.height, EventRow.index, EventRow.event_no)).all()
        return [event_view(row, time) for row, time in rows]
