"""The account history index (`account_txs`): which transactions each account signed or is a party to.

A block's rows are written with it (`Store.commit_block`), the genesis's with the genesis; a database made before
the index existed is back-filled once when the node opens it (`backfill`), and says so in the node's log.
An account is a party to a transaction when its body or one of its events names it: any string of the body (or of
a list in the body) and the `from`/`to`/`account`/`holder` of an event that is a participant's id or a terminal
account. Signers are the participants owning the signing keys (the `signer/<key>` entries of the state history).
"""
from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import func, select

from ledger.constants import is_terminal_account
from ledger.tx import Transaction, decode_transaction

from .tables import AccountTxRow, BlockRow, EventRow, MetaRow, StateHistoryRow, TxRow

log = logging.getLogger("tanledger.storage")

INDEX_META = "account_index"  # meta key present once the index covers every stored block
EVENT_PARTIES = ("from", "to", "account", "holder")
ACCOUNT_ID = re.compile(r"[0-9A-Z][0-9A-Z-]{1,63}")
BACKFILL_BLOCKS = 500  # blocks per back-fill step
CHUNK = 500  # keys per IN (…)


def named_accounts(tx: Transaction, receipt: dict[str, Any]) -> set[str]:
    """Every string of the body (top level or in a list) and every party of an event that looks like an account id."""
    values: list[Any] = []
    for value in tx.body.values():
        values += list(value) if isinstance(value, (list, tuple)) else [value]
    for event in receipt.get("events", ()):
        values += [event.get(name) for name in EVENT_PARTIES]
    return {v for v in values if isinstance(v, str) and ACCOUNT_ID.fullmatch(v)}


def _latest_values(conn: Any, keys: Iterable[str]) -> dict[str, str]:
    """The last non-null value each of `keys` ever had in the state history (JSON text)."""
    wanted, found = sorted(set(keys)), {}
    h = StateHistoryRow.__table__
    for i in range(0, len(wanted), CHUNK):
        rows = conn.execute(select(h.c.key, h.c.height, h.c.value).where(h.c.key.in_(wanted[i:i + CHUNK]),
                                                                        h.c.value.is_not(None))).all()
        for key, _height, value in sorted(rows, key=lambda r: r[1]):
            found[key] = value
    return found


def compute_rows(conn: Any, height: int, entries: Sequence[tuple[int, int, Transaction, dict[str, Any]]]
                 ) -> list[dict[str, Any]]:
    """The index rows of (index, log_index, tx, receipt) entries of block `height`; one per (account, tx)."""
    named = {e[0]: named_accounts(e[2], e[3]) for e in entries}
    owners = _latest_values(conn, (f"signer/{k.hex()}" for e in entries for k in e[2].signers))
    participants = _latest_values(conn, (f"participant/{a}" for accounts in named.values() for a in accounts))
    rows = []
    for index, log_index, tx, _receipt in entries:
        signers = {json.loads(owners[key]) for k in tx.signers if (key := f"signer/{k.hex()}") in owners}
        parties = {a for a in named[index] if f"participant/{a}" in participants or is_terminal_account(a)} - signers
        rows += [{"account": a, "height": height, "index": index, "tx_id": tx.id.hex(), "type": tx.type, "role": role,
                  "log_index": log_index} for role, accounts in (("signer", signers), ("party", parties))
                 for a in sorted(accounts)]
    return rows


def genesis_rows(genesis_hash: str, events: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The index rows of the genesis: each account given an opening balance is a party to it."""
    accounts = sorted({e["to"] for e in events if isinstance(e.get("to"), str)})
    return [{"account": a, "height": 0, "index": 0, "tx_id": genesis_hash, "type": "genesis", "role": "party",
             "log_index": None} for a in accounts]


def mark_indexed(conn: Any) -> None:
    """Record that the index covers every stored block."""
    conn.execute(MetaRow.__table__.insert(), [{"key": INDEX_META, "value": "1"}])


def backfill(engine: Any) -> int:
    """Fill the index of a database made before it existed (no-op once done); return the blocks indexed."""
    with engine.connect() as conn:
        if conn.execute(select(MetaRow.__table__.c.key).where(MetaRow.__table__.c.key == "genesis")).first() is None:
            return 0  # an empty database: init_genesis marks it
        if conn.execute(select(MetaRow.__table__.c.key).where(MetaRow.__table__.c.key == INDEX_META)).first():
            return 0
        top = conn.execute(select(func.max(BlockRow.__table__.c.height))).scalar() or 0
    log.warning("back-filling the account history index of %d blocks (a database made before it existed)", top)
    with engine.begin() as conn:
        conn.execute(AccountTxRow.__table__.delete())
        _backfill_genesis(conn)
        for first in range(1, top + 1, BACKFILL_BLOCKS):
            _backfill_blocks(conn, first, min(top, first + BACKFILL_BLOCKS - 1))
        mark_indexed(conn)
    return top


def _backfill_genesis(conn: Any) -> None:
    e = EventRow.__table__
    rows = conn.execute(select(e.c.tx_id, e.c.to_account).where(e.c.height == 0)).all()
    if rows:
        _insert(conn, genesis_rows(rows[0][0], [{"to": to} for _, to in rows]))


def _backfill_blocks(conn: Any, first: int, last: int) -> None:
    t = TxRow.__table__
    rows = conn.execute(select(t.c.height, t.c.index, t.c.log_index, t.c.raw, t.c.receipt)
                        .where(t.c.height >= first, t.c.height <= last).order_by(t.c.height, t.c.index)).all()
    by_height: dict[int, list[tuple[int, int, Transaction, dict[str, Any]]]] = {}
    for height, index, log_index, raw, receipt in rows:
        by_height.setdefault(height, []).append((index, log_index, decode_transaction(bytes(raw)), json.loads(receipt)))
    for height, entries in by_height.items():
        _insert(conn, compute_rows(conn, height, entries))


def _insert(conn: Any, rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(AccountTxRow.__table__.insert(), rows)
