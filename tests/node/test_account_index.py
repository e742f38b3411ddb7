"""The account history index on SQLite and PostgreSQL: filled with each block and the genesis, back-filled the same
on a database made before it existed."""
from __future__ import annotations

import pytest
from helpers import uscc
from node_helpers import CEA, Signer, market_setup, transfer
from sqlalchemy import text
from test_storage import StoredChain

from node.storage import Store

pytestmark = pytest.mark.postgres


@pytest.fixture
def opened(db_url: str):
    """An empty Store on SQLite, then on PostgreSQL."""
    store = Store(db_url)
    yield store
    store.close()


@pytest.fixture
def indexed(opened: Store) -> StoredChain:
    """Entities 1 and 2 with CEA-2024 (blocks 1–3), then 100 t moved from 1 to 2 (block 4)."""
    stored, signer = StoredChain(opened), Signer()
    for stage in [*market_setup(signer, [1, 2]), [transfer(signer, 1, 2, amount=100)]]:
        stored.add(stage)
    return stored


def history(store: Store, account: str) -> list[tuple]:
    rows, count = store.get_account_txs(account, 1000)
    assert count == len(rows)
    return [(r["height"], r["index"], r["type"], r["role"], r["tx_id"]) for r in rows]


def test_each_block_indexes_signers_and_parties(indexed: StoredChain) -> None:
    moved = indexed.blocks[-1][0].txs[0]
    assert history(indexed.store, uscc(2))[0] == (4, 0, "transfer", "party", moved.id.hex())
    assert history(indexed.store, uscc(1))[0] == (4, 0, "transfer", "signer", moved.id.hex())
    assert [(h, t, role) for h, _, t, role, _ in history(indexed.store, uscc(1))] == [
        (4, "transfer", "signer"), (3, "allocate", "party"), (3, "record_emissions", "party"), (1, "register_participant", "party")]
    assert {role for *_, role, _ in history(indexed.store, "REGISTRY")} == {"signer"}


def test_pages_are_strictly_older(indexed: StoredChain) -> None:
    first, _ = indexed.store.get_account_txs(uscc(1), 2)
    rest, count = indexed.store.get_account_txs(uscc(1), 10, (first[-1]["height"], first[-1]["index"]))
    assert [r["tx_id"] for r in first + rest] == [row[4] for row in history(indexed.store, uscc(1))] and count == 4


def test_old_database_is_back_filled_the_same(indexed: StoredChain, db_url: str) -> None:
    before = {a: history(indexed.store, a) for a in (uscc(1), uscc(2), "REGISTRY", "PROV-11", "MEE")}
    with indexed.store.engine.begin() as conn:
        conn.execute(text("DELETE FROM account_txs"))
        conn.execute(text("DELETE FROM meta WHERE key = 'account_index'"))
    reopened = Store(db_url)
    try:
        assert {a: history(reopened, a) for a in before} == before
        assert reopened.get_meta("account_index") == 1
    finally:
        reopened.close()


def test_genesis_opening_balances_are_indexed(opened: Store) -> None:
    genesis_hash = "ab" * 32
    events = [{"op": "issue", "instrument": CEA, "ranges": [[1, 10]], "amount": 10, "to": uscc(9), "to_sub": "available",
               "reason": "opening_balance"}]
    opened.init_genesis({"genesis": True}, "test-chain", {}, events, genesis_hash)
    rows, count = opened.get_account_txs(uscc(9), 10)
    assert count == 1 and (rows[0]["height"], rows[0]["tx_id"], rows[0]["type"], rows[0]["log_index"], rows[0]["time"]) == \
        (0, genesis_hash, "genesis", None, None)
