"""The account history index on SQLite and PostgreSQL: filled with each block and the genesis, back-filled the same
on a database made before it existed."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from helpers import uscc
from node.storage import Store
from node_helpers import CEA
from test_storage import StoredChain, chain, store  # noqa: F401  (fixtures)

pytestmark = pytest.mark.postgres


def history(store: Store, account: str) -> list[tuple]:
    rows, count = store.get_account_txs(account, 1000)
    assert count == len(rows)
    return [(r["height"], r["index"], r["type"], r["role"], r["tx_id"]) for r in rows]


def test_each_block_indexes_signers_and_parties(chain: StoredChain) -> None:
    moved = chain.blocks[-1][0].txs[0]
    assert history(chain.store, uscc(2))[0] == (4, 0, "transfer", "party", moved.id.hex())
    assert history(chain.store, uscc(1))[0] == (4, 0, "transfer", "signer", moved.id.hex())
    assert [(h, t, role) for h, _, t, role, _ in history(chain.store, uscc(1))] == [
        (4, "transfer", "signer"), (3, "allocate", "party"), (3, "record_emissions", "party"), (1, "register_participant", "party")]
    assert {role for *_, role, _ in history(chain.store, "REGISTRY")} == {"signer"}


def test_pages_are_strictly_older(chain: StoredChain) -> None:
    first, _ = chain.store.get_account_txs(uscc(1), 2)
    rest, count = chain.store.get_account_txs(uscc(1), 10, (first[-1]["height"], first[-1]["index"]))
    assert [r["tx_id"] for r in first + rest] == [row[4] for row in history(chain.store, uscc(1))] and count == 4


def test_old_database_is_back_filled_the_same(chain: StoredChain, db_url: str) -> None:
    before = {a: history(chain.store, a) for a in (uscc(1), uscc(2), "REGISTRY", "PROV-11", "MEE")}
    with chain.store.engine.begin() as conn:
        conn.execute(text("DELETE FROM account_txs"))
        conn.execute(text("DELETE FROM meta WHERE key = 'account_index'"))
    reopened = Store(db_url)
    try:
        assert {a: history(reopened, a) for a in before} == before
        assert reopened.get_meta("account_index") == 1
    finally:
        reopened.close()


def test_genesis_opening_balances_are_indexed(store: Store) -> None:
    genesis_hash = "ab" * 32
    events = [{"op": "issue", "instrument": CEA, "ranges": [[1, 10]], "amount": 10, "to": uscc(9), "to_sub": "available",
               "reason": "opening_balance"}]
    store.init_genesis({"genesis": True}, "test-chain", {}, events, genesis_hash)
    rows, count = store.get_account_txs(uscc(9), 10)
    assert count == 1 and (rows[0]["height"], rows[0]["tx_id"], rows[0]["type"], rows[0]["log_index"], rows[0]["time"]) == \
        (0, genesis_hash, "genesis", None, None)
