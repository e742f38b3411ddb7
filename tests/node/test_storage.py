"""Store: blocks, transactions, state, holders and provenance; atomic commits; SQLite and PostgreSQL."""
from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from contracts import execute_block
from contracts.genesis import advance_tip, genesis_state
from helpers import bilateral_genesis_doc, pub, seed, uscc
from ledger import keys
from ledger.block import Block
from ledger.encoding import canonical
from ledger.chain import make_block
from ledger.errors import InvalidBlock
from ledger.state import State
from node.storage import Store
from node.storage import store as store_module
from node.storage.mappers import event_rows as real_event_rows
from node.validator import make_commit
from node_helpers import CEA, Signer, market_setup, transfer

PROPOSER = bytes.fromhex(pub("validator-1"))


class StoredChain:
    """An in-memory chain whose every block goes into a Store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.doc = bilateral_genesis_doc()
        self.state, self.tip = genesis_state(self.doc)
        store.init_genesis(self.doc, self.tip.chain_id, self.state.take_changes())
        self.blocks, self.receipts = [], []

    def build(self, txs: list):
        """Execute `txs` as the next block; return (block, receipts, frontier, commit) without storing."""
        block, receipts, frontier = make_block(self.tip, self.state, txs, self.tip.time + 1000, PROPOSER,
                                               self.tip.validators_hash, execute_block)
        return block, receipts, frontier, make_commit(seed("validator-1"), block.header)

    def add(self, txs: list):
        """Execute, store and advance; return the block."""
        block, receipts, frontier, commit = self.build(txs)
        self.store.commit_block(block, receipts, commit, frontier, self.state.take_changes())
        self.tip = advance_tip(self.tip, block.header, frontier, commit, self.state)
        self.blocks.append((block, commit))
        self.receipts.append(receipts)
        return block


@pytest.fixture
def store(db_url: str):
    opened = Store(db_url)
    yield opened
    opened.close()


@pytest.fixture
def chain(store: Store) -> StoredChain:
    """Entities 1 and 2 with 700 t each (serials 1–700 and 701–1400), then 100 t moved from 1 to 2."""
    stored, signer = StoredChain(store), Signer()
    for stage in market_setup(signer, [1, 2]):
        stored.add(stage)
    stored.add([transfer(signer, 1, 2, amount=100)])
    stored.signer = signer
    return stored


def test_commit_block_stores_block_and_txs(chain: StoredChain) -> None:
    block, commit = chain.blocks[-1]
    stored = chain.store.get_block(block.header.height)
    assert chain.store.height() == 4
    assert stored.header == block.header and stored.hash == block.header.hash() and stored.commit == commit
    assert stored.tx_ids == tuple(tx.id for tx in block.txs)
    tx = block.txs[0]
    found = chain.store.get_tx(tx.id)
    assert (found.tx, found.height, found.index, found.block_hash) == (tx, 4, 0, block.header.hash())
    assert found.receipt == chain.receipts[-1][0] and found.receipt["code"] == "ok"
    assert found.log_index == block.header.log_size - 1 and found.time == block.header.time
    assert chain.store.has_tx(tx.id) and not chain.store.has_tx(bytes(32))
    assert chain.store.get_tx(bytes(32)) is None and chain.store.get_block(5) is None


def test_state_rows_match_state(chain: StoredChain) -> None:
    key = keys.holding(uscc(2), CEA)
    assert chain.store.get_state(key) == chain.state.get(key) == {"available": ((1, 100), (701, 1400))}
    assert chain.store.scan_state(keys.holding_prefix(uscc(1))) == [(keys.holding(uscc(1), CEA), {"available": ((101, 700),)})]
    assert chain.store.get_state("no/such/key") is None


def test_load_restores_state_and_last_block(chain: StoredChain) -> None:
    loaded = chain.store.load()
    assert canonical(loaded.genesis) == canonical(bilateral_genesis_doc())
    assert loaded.entries == dict(chain.state.items())
    assert State(loaded.entries).root() == chain.state.root() == loaded.last.header.state_root
    assert loaded.last.header.height == chain.tip.height and loaded.last.log == chain.tip.log


def test_holders_index_follows_holdings(chain: StoredChain) -> None:
    assert sorted(chain.store.get_holders(CEA)) == [uscc(1), uscc(2)]
    chain.add([transfer(chain.signer, 1, 2, amount=600)])  # entity 1 empties its holding
    assert chain.store.get_holders(CEA) == {uscc(2): {"available": ((1, 1400),)}}
    assert chain.store.get_holders("CEA-2099") == {}


def test_serial_events_in_chain_order(chain: StoredChain) -> None:
    events = chain.store.get_serial_events(CEA, 1)
    assert [(e["op"], e["from"], e["to"], e["height"]) for e in events] == [("issue", None, uscc(1), 3), ("move", uscc(1), uscc(2), 4)]
    assert events[1]["range"] == [1, 100] and events[1]["reason"] == "transfer"
    assert [e["op"] for e in chain.store.get_serial_events(CEA, 101)] == ["issue"]
    assert chain.store.get_serial_events(CEA, 5000) == []


def test_get_blocks_gives_raw_txs_in_order(chain: StoredChain) -> None:
    pages = chain.store.get_blocks(2, 10)
    assert [b.header.height for b, _ in pages] == [2, 3, 4]
    assert [raws for _, raws in pages] == [[tx.raw for tx in block.txs] for block, _ in chain.blocks[1:]]


def test_commit_block_is_atomic(chain: StoredChain, monkeypatch: pytest.MonkeyPatch) -> None:
    before = chain.store.load()
    block, receipts, frontier, commit = chain.build([transfer(chain.signer, 2, 1, amount=50)])
    # The event rows come last: make them collide so the failure hits after every other write
    monkeypatch.setattr(store_module, "event_rows", lambda b, r: 2 * real_event_rows(b, r))
    with pytest.raises(IntegrityError):
        chain.store.commit_block(block, receipts, commit, frontier, chain.state.take_changes())
    after = chain.store.load()
    assert chain.store.height() == 4 and chain.store.get_block(5) is None
    assert not chain.store.has_tx(block.txs[0].id)
    assert after.entries == before.entries and after.last == before.last
    assert sorted(chain.store.get_holders(CEA)) == [uscc(1), uscc(2)]


def test_commit_block_refuses_a_gap(chain: StoredChain) -> None:
    block, receipts, frontier, commit = chain.build([])
    gap = Block(replace(block.header, height=9), ())
    with pytest.raises(InvalidBlock):
        chain.store.commit_block(gap, [], commit, frontier, chain.state.take_changes())
    assert chain.store.height() == 4


def test_sqlite_is_durable(tmp_path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'durable.db'}")
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
    store.close()
