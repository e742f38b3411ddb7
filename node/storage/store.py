"""The node's database: one block, its transactions, state changes and events in one SQL transaction.

The same transaction writes the block's log subtrees (the `log` table, see `log.py`) and the
state history (every key's value at every height that changed it, for state proofs at a past
height). Checkpoints are written after the block is durable (`checkpoints.py`).

SQLite (WAL, synchronous=FULL: a committed block survives power loss) by default; PostgreSQL
by a `postgresql+psycopg://…` URL. A kill -9 at any moment leaves the database at the last
committed block, and the node restarts from there.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from sqlalchemy import Engine, bindparam, create_engine, event, func
from sqlmodel import Session, SQLModel, select

from ledger.block import Block
from ledger.errors import InvalidBlock
from ledger.merkle import Frontier

from . import account_index
from .checkpoints import CheckpointStore
from .history import HistoryQueries
from .list_queries import ListQueries
from .log import StoreHashSource, check_log_matches, compute_log_rows
from .mappers import (StoredBlock, block_row, event_rows, from_json_text, genesis_event_rows, holder_of_key, to_json_text,
                      tx_rows)
from .queries import StoreQueries
from .tables import (AccountTxRow, BlockRow, CheckpointRow, CosignatureRow, EventRow, HolderRow, LogRow, MetaRow,
                     StateHistoryRow, StateRow, TxRow)

TABLES = [t.__table__ for t in (BlockRow, TxRow, StateRow, HolderRow, EventRow, MetaRow, LogRow, StateHistoryRow,
                                CheckpointRow, CosignatureRow, AccountTxRow)]
CHUNK = 500  # keys per DELETE … IN (…): well under every driver's parameter limit


@dataclass(frozen=True, slots=True)
class Loaded:
    """What a restarting node reads: its genesis, the state entries and the last block."""

    genesis: dict[str, Any] | None
    entries: dict[str, Any]
    last: StoredBlock | None


def _sqlite_engine(db_url: str) -> Engine:
    engine = create_engine(db_url, connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself (below)
        for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "busy_timeout=30000"):
            dbapi_connection.execute(f"PRAGMA {pragma}")

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine


def make_engine(db_url: str) -> Engine:
    """An engine for a SQLite or PostgreSQL URL, with the durability settings set on every connection."""
    if db_url.startswith("sqlite"):
        return _sqlite_engine(db_url)
    return create_engine(db_url, pool_pre_ping=True)


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


class Store(StoreQueries, HistoryQueries, CheckpointStore, ListQueries):
    """The node's durable record of the chain."""

    def __init__(self, db_url: str) -> None:
        self.url = db_url
        self.engine = make_engine(db_url)
        SQLModel.metadata.create_all(self.engine, tables=TABLES)
        self.log = StoreHashSource(self.engine)
        account_index.backfill(self.engine)  # a database made before the account history index

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    def init_genesis(self, doc: dict[str, Any], chain_id: str, state_changes: dict[str, Any],
                     events: Sequence[dict[str, Any]] = (), genesis_hash: str = "") -> None:
        """Record the genesis document, the state at height 0 and the genesis's events (its opening balances, in the
        provenance index under `genesis_hash`). Requires an empty database."""
        with self.engine.begin() as conn:
            conn.execute(MetaRow.__table__.insert(), [{"key": "genesis", "value": to_json_text(doc)},
                                                      {"key": "chain_id", "value": to_json_text(chain_id)}])
            _write_state(conn, state_changes)
            _write_history(conn, 0, state_changes)
            _insert(conn, EventRow, [r.model_dump() for r in genesis_event_rows(genesis_hash, list(events))])
            _insert(conn, AccountTxRow, account_index.genesis_rows(genesis_hash, list(events)))
            account_index.mark_indexed(conn)

    def commit_block(self, block: Block, receipts: list[dict[str, Any]], commit: dict[str, Any],
                     log_frontier: Frontier, state_changes: dict[str, Any],
                     cosignatures: Sequence[dict[str, Any]] = ()) -> None:
        """Store a block, its transactions, log subtrees, state changes and events in one database transaction.

        Requires the block to be the next height and `log_frontier` the log after it; on any error
        nothing is written.
        """
        height = block.header.height
        with self.engine.begin() as conn:
            last = conn.execute(select(func.max(BlockRow.height))).scalar() or 0
            # Verify the block extends the stored chain
            if height != last + 1:
                raise InvalidBlock(f"block {height} does not follow stored height {last}")
            before = _frontier_at(conn, last)
            log_rows, after = compute_log_rows(block, receipts, before)
            # Verify the log table will hold the log the block commits to
            check_log_matches(height, after, log_frontier)
            conn.execute(BlockRow.__table__.insert(), [block_row(block, commit, log_frontier).model_dump()])
            _insert(conn, TxRow, [r.model_dump() for r in tx_rows(block, receipts, before.size)])
            _insert(conn, LogRow, [{"level": lv, "index": i, "hash": h} for lv, i, h in log_rows])
            _write_state(conn, state_changes)
            _write_history(conn, height, state_changes)
            _insert(conn, EventRow, [r.model_dump() for r in event_rows(block, receipts)])
            entries = [(i, before.size + i, tx, r) for i, (tx, r) in enumerate(zip(block.txs, receipts))]
            _insert(conn, AccountTxRow, account_index.compute_rows(conn, height, entries))
            _write_cosignatures(conn, height, cosignatures)
        self.log.remember(log_rows)

    def load(self) -> Loaded:
        """The genesis, every state entry (frozen) and the last block, or an empty Loaded."""
        with Session(self.engine) as session:
            genesis = session.get(MetaRow, "genesis")
            if genesis is None:
                return Loaded(None, {}, None)
            entries = {row.key: from_json_text(row.value) for row in session.exec(select(StateRow))}
        height = self.height()
        return Loaded(from_json_text(genesis.value), entries, self.get_block(height) if height else None)


def _insert(conn: Any, model: type[SQLModel], rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(model.__table__.insert(), rows)


def _frontier_at(conn: Any, height: int) -> Frontier:
    """The log after block `height` (empty before block 1)."""
    if height == 0:
        return Frontier()
    text = conn.execute(select(BlockRow.log_frontier).where(BlockRow.height == height)).scalar_one()
    return Frontier.from_json(json.loads(text))


def _write_history(conn: Any, height: int, changes: dict[str, Any]) -> None:
    """Record each changed key's new value (None: deleted) at `height`."""
    _insert(conn, StateHistoryRow, [{"key": k, "height": height, "value": None if v is None else to_json_text(v)}
                                    for k, v in sorted(changes.items())])


def _write_state(conn: Any, changes: dict[str, Any]) -> None:
    """Replace the changed state entries (None deletes) and keep the holders index in step."""
    state, holders = StateRow.__table__, HolderRow.__table__
    changed = sorted(changes)
    for chunk in _chunks(changed):
        conn.execute(state.delete().where(state.c.key.in_(chunk)))
    _insert(conn, StateRow, [{"key": k, "value": to_json_text(changes[k])} for k in changed if changes[k] is not None])
    pairs = [(pair, changes[k] is not None) for k in changed if (pair := holder_of_key(k))]
    if pairs:
        conn.execute(holders.delete().where(holders.c.instrument == bindparam("i"), holders.c.account == bindparam("a")),
                     [{"i": i, "a": a} for (i, a), _ in pairs])
        _insert(conn, HolderRow, [{"instrument": i, "account": a} for (i, a), present in pairs if present])


def _write_cosignatures(conn: Any, recorded_at: int, cosignatures: Sequence[dict[str, Any]]) -> None:
    """Record the co-signatures a block carried; one per (height, validator), the first one kept."""
    table = CosignatureRow.__table__
    for c in cosignatures:
        exists = conn.execute(select(table.c.height).where(table.c.height == c["height"],
                                                           table.c.validator == c["validator"])).first()
        if exists is None:
            conn.execute(table.insert(), [{"height": c["height"], "validator": c["validator"], "recorded_at": recorded_at,
                                           "note_line": c["note_line"], "header_signature": c["header_signature"]}])
