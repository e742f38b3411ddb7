"""The node's SQL tables (SQLModel). Only `node/storage` knows them; mappers turn rows into ledger values.

JSON columns hold RFC 8785 text; hashes and ids are lowercase hex; raw transactions are bytes,
and so are the log's subtree hashes (32 bytes each: the largest table, kept at half the size).
Times are milliseconds since the epoch (BIGINT).
"""
from __future__ import annotations

from sqlalchemy import BigInteger, Index, LargeBinary, Text
from sqlmodel import Field, SQLModel


class BlockRow(SQLModel, table=True):
    """One committed block: its header, the commit that finalised it, and the log after it."""

    __tablename__ = "blocks"

    height: int = Field(primary_key=True, sa_type=BigInteger, sa_column_kwargs={"autoincrement": False})
    hash: str = Field(index=True, unique=True)
    header: str = Field(sa_type=Text)
    commit: str = Field(sa_type=Text)
    log_frontier: str = Field(sa_type=Text)
    time: int = Field(sa_type=BigInteger)
    tx_count: int


class TxRow(SQLModel, table=True):
    """One transaction of a committed block, with its receipt (ok or the error code)."""

    __tablename__ = "txs"

    id: str = Field(primary_key=True)
    height: int = Field(sa_type=BigInteger, index=True)
    index: int
    log_index: int = Field(sa_type=BigInteger, unique=True, index=True)  # its leaf in the transparency log
    raw: bytes = Field(sa_type=LargeBinary)
    type: str
    code: str
    receipt: str = Field(sa_type=Text)


class StateRow(SQLModel, table=True):
    """One state entry as of the last committed block."""

    __tablename__ = "state"

    key: str = Field(primary_key=True)
    value: str = Field(sa_type=Text)


class HolderRow(SQLModel, table=True):
    """Which accounts hold an instrument: makes an instrument's supply O(holders)."""

    __tablename__ = "holders"

    instrument: str = Field(primary_key=True)
    account: str = Field(primary_key=True)


class EventRow(SQLModel, table=True):
    """The provenance index: one row per serial range an event touched."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_serials", "instrument", "first", "last"),)

    height: int = Field(primary_key=True, sa_type=BigInteger, sa_column_kwargs={"autoincrement": False})
    index: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    event_no: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    range_no: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    instrument: str
    first: int = Field(sa_type=BigInteger)
    last: int = Field(sa_type=BigInteger)
    tx_id: str
    op: str
    from_account: str | None = None
    from_sub: str | None = None
    to_account: str | None = None
    to_sub: str | None = None
    reason: str | None = None


class MetaRow(SQLModel, table=True):
    """Node metadata: the genesis document and the chain id."""

    __tablename__ = "meta"

    key: str = Field(primary_key=True)
    value: str = Field(sa_type=Text)


class LogRow(SQLModel, table=True):
    """One perfect subtree of the transparency log: leaves [index·2^level, (index+1)·2^level).

    Level 0 holds the leaf hashes. Rows are written with their block and never change.
    """

    __tablename__ = "log"

    level: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    index: int = Field(primary_key=True, sa_type=BigInteger, sa_column_kwargs={"autoincrement": False})
    hash: bytes = Field(sa_type=LargeBinary)


class StateHistoryRow(SQLModel, table=True):
    """The value a state key took at a height (None: deleted); height 0 is the genesis state."""

    __tablename__ = "state_history"

    key: str = Field(primary_key=True)
    height: int = Field(primary_key=True, sa_type=BigInteger, sa_column_kwargs={"autoincrement": False}, index=True)
    value: str | None = Field(default=None, sa_type=Text)


class CheckpointRow(SQLModel, table=True):
    """A checkpoint this validator signed: the log's size and root, the block that reached that size,
    and the signed note with every signature collected so far."""

    __tablename__ = "checkpoints"

    size: int = Field(primary_key=True, sa_type=BigInteger, sa_column_kwargs={"autoincrement": False})
    root: str
    height: int = Field(sa_type=BigInteger, index=True)
    note: str = Field(sa_type=Text)


class CosignatureRow(SQLModel, table=True):
    """One validator's co-signature of a committed block, as the chain recorded it (from vote extensions)."""

    __tablename__ = "cosignatures"

    height: int = Field(primary_key=True, sa_type=BigInteger, sa_column_kwargs={"autoincrement": False})
    validator: str = Field(primary_key=True)
    recorded_at: int = Field(sa_type=BigInteger)  # the block whose co-signature record carried it
    note_line: str = Field(sa_type=Text)
    header_signature: str


class AccountTxRow(SQLModel, table=True):
    """The account history index: one row per (account, transaction) the account signed or is a party to.

    Height 0 is the genesis (its opening balances): `tx_id` is then the genesis hash and `log_index` None.
    """

    __tablename__ = "account_txs"

    account: str = Field(primary_key=True)
    height: int = Field(primary_key=True, sa_type=BigInteger, sa_column_kwargs={"autoincrement": False})
    index: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    tx_id: str = Field(index=True)
    type: str
    role: str  # "signer" or "party"
    log_index: int | None = Field(default=None, sa_type=BigInteger)
