"""Read side of the lists and bulk reads: an account's history, a block's transactions, many transactions or state
entries at once (one query per chunk instead of one per item)."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine, and_, func, or_, select
from sqlmodel import Session

from .mappers import StoredTx, from_json_text, stored_tx
from .tables import AccountTxRow, BlockRow, StateRow, TxRow

CHUNK = 500  # ids per IN (…): well under every driver's parameter limit


def _chunks(items: Sequence[Any]) -> list[Sequence[Any]]:
    return [items[i:i + CHUNK] for i in range(0, len(items), CHUNK)]


class ListQueries:
    """Paged and bulk reads of `Store`; every method sees committed blocks only."""

    engine: Engine

    def get_account_txs(self, account: str, limit: int, before: tuple[int, int] | None = None
                        ) -> tuple[list[dict[str, Any]], int]:
        """Up to `limit` transactions of `account`, newest first, strictly older than (height, index) `before`;
        and how many the account has in all. Each: tx_id, height, index, log_index, type, role, code, time (ms or
        None for the genesis)."""
        a, t, b = AccountTxRow.__table__, TxRow.__table__, BlockRow.__table__
        query = (select(a.c.tx_id, a.c.height, a.c.index, a.c.log_index, a.c.type, a.c.role, t.c.code, b.c.time)
                 .outerjoin(t, t.c.id == a.c.tx_id).outerjoin(b, b.c.height == a.c.height).where(a.c.account == account))
        if before is not None:
            query = query.where(or_(a.c.height < before[0], and_(a.c.height == before[0], a.c.index < before[1])))
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(a.c.height.desc(), a.c.index.desc()).limit(limit)).all()
            count = conn.execute(select(func.count()).select_from(a).where(a.c.account == account)).scalar() or 0
        return [dict(row._mapping) for row in rows], count

    def get_signer_accounts(self, tx_ids: Sequence[str]) -> dict[str, list[str]]:
        """The accounts that signed each of `tx_ids` (hex), as the account history index records them."""
        a = AccountTxRow.__table__
        found: dict[str, list[str]] = {}
        with self.engine.connect() as conn:
            for chunk in _chunks(sorted(set(tx_ids))):
                rows = conn.execute(select(a.c.tx_id, a.c.account).where(a.c.tx_id.in_(chunk), a.c.role == "signer")
                                    .order_by(a.c.account)).all()
                for tx_id, account in rows:
                    found.setdefault(tx_id, []).append(account)
        return found

    def get_txs(self, tx_ids: Sequence[str]) -> dict[str, StoredTx]:
        """The committed transactions among `tx_ids` (lowercase hex), by id."""
        found: dict[str, StoredTx] = {}
        with Session(self.engine) as session:
            for chunk in _chunks(sorted(set(tx_ids))):
                rows = session.exec(select(TxRow, BlockRow).join(BlockRow, BlockRow.height == TxRow.height)  # type: ignore[arg-type]
                                    .where(TxRow.id.in_(chunk))).all()  # type: ignore[attr-defined]
                found.update({row.id: stored_tx(row, block) for row, block in rows})
        return found

    def get_block_txs(self, height: int) -> list[dict[str, Any]]:
        """The transactions of block `height` in order: tx_id, index, log_index, type, code."""
        t = TxRow.__table__
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.c.id.label("tx_id"), t.c.index, t.c.log_index, t.c.type, t.c.code)
                                .where(t.c.height == height).order_by(t.c.index)).all()
        return [dict(row._mapping) for row in rows]

    def get_states(self, keys: Sequence[str]) -> dict[str, Any]:
        """The committed values of those of `keys` that are present, by key."""
        s = StateRow.__table__
        found: dict[str, Any] = {}
        with self.engine.connect() as conn:
            for chunk in _chunks(sorted(set(keys))):
                rows = conn.execute(select(s.c.key, s.c.value).where(s.c.key.in_(chunk))).all()
                found.update({key: from_json_text(value) for key, value in rows})
        return found
