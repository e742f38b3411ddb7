"""The transparency log in the database: the same roots and proofs as ledger.proof.MemoryTree, on SQLite and
PostgreSQL, written with each block, kept across restarts; the state history behind state proofs."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from contracts import execute_block
from contracts.genesis import advance_tip, genesis_state
from helpers import bilateral_genesis_doc
from ledger.block import Block, log_leaf
from ledger.chain import apply_block
from ledger.errors import BadTreeSize, ConsistencyProofError, InclusionProofError
from ledger.merkle import leaf_hash
from ledger.proof import MemoryTree
from ledger.state import State
from node.core import Node
from node.storage.log import StoreHashSource
from node.storage.tables import LogRow
from node_helpers import Signer, grow_chain, make_settings, open_node, transfer


@pytest.fixture
def opened(home: Path, db_url: str):
    """A node on a fresh database of each kind, with the varied chain of `grow_chain`."""
    node = open_node(make_settings(home, db_url=db_url))
    signer = Signer()
    grow_chain(node, signer)
    yield node, signer
    node.close()


def memory_log(node: Node) -> MemoryTree:
    """The log recomputed from the stored blocks: every committed transaction with its receipt."""
    tree = MemoryTree()
    for height in range(1, node.tip.height + 1):
        for index, tx_id in enumerate(node.store.get_block(height).tx_ids):
            stored = node.store.get_tx(tx_id)
            tree.append(leaf_hash(log_leaf(height, index, stored.tx, stored.receipt)))
    return tree


def test_roots_and_proofs_match_the_memory_tree(opened) -> None:
    node, _ = opened
    node.store.log = StoreHashSource(node.store.engine, cache_rows=0)  # every row read from the database
    tree = memory_log(node)
    n = tree.size
    assert n == node.tip.log.size == node.store.log_size() == 40
    for size in range(n + 1):
        assert node.store.log_root(size) == tree.root(size)
    for size in range(1, n + 1):
        for index in range(size):
            assert node.store.inclusion_proof(index, size) == tree.inclusion_proof(index, size)
        for older in range(1, size + 1):
            assert node.store.consistency_proof(older, size) == tree.consistency_proof(older, size)


def test_every_header_root_is_the_tables(opened) -> None:
    node, _ = opened
    for height in range(1, node.tip.height + 1):
        header = node.store.get_block(height).header
        assert node.store.log_root(header.log_size) == header.log_root


def test_table_holds_one_row_per_perfect_subtree(opened) -> None:
    node, _ = opened
    with node.store.engine.connect() as conn:
        rows = conn.execute(select(func.count()).select_from(LogRow.__table__)).scalar()
        top = conn.execute(select(func.max(LogRow.__table__.c.level))).scalar()
    n = node.tip.log.size
    assert rows == 2 * n - bin(n).count("1") and top == n.bit_length() - 1


def test_tx_maps_to_its_log_index_and_back(opened) -> None:
    node, _ = opened
    seen = []
    for height in range(1, node.tip.height + 1):
        for tx_id in node.store.get_block(height).tx_ids:
            stored = node.store.get_tx(tx_id)
            seen.append(stored.log_index)
            assert node.store.get_tx_at(stored.log_index).tx.id == tx_id
    assert seen == list(range(node.tip.log.size))
    assert node.store.get_tx_at(node.tip.log.size) is None


def test_restart_keeps_the_log_and_appends_after_it(opened, home: Path, db_url: str) -> None:
    node, signer = opened
    size_before = node.tip.log.size
    node.close()
    reopened = open_node(make_settings(home, db_url=db_url))
    try:
        for amount in (1, 2):
            reopened.submit(transfer(signer, 2, 3, amount=amount).raw)
        reopened.produce_now()
        tree = memory_log(reopened)
        assert tree.size == size_before + 2 == reopened.store.log_size()
        header = reopened.store.get_block(reopened.tip.height).header
        assert header.log_root == tree.root() == reopened.store.log_root(tree.size)
        assert reopened.store.consistency_proof(size_before, tree.size) == tree.consistency_proof(size_before, tree.size)
        assert reopened.store.inclusion_proof(size_before + 1, tree.size) == tree.inclusion_proof(size_before + 1, tree.size)
    finally:
        reopened.close()


@pytest.mark.parametrize("call, error", [
    (lambda s: s.log_root(41), BadTreeSize),
    (lambda s: s.log_root(-1), BadTreeSize),
    (lambda s: s.inclusion_proof(40, 40), InclusionProofError),
    (lambda s: s.inclusion_proof(0, 41), BadTreeSize),
    (lambda s: s.consistency_proof(0, 5), ConsistencyProofError),
    (lambda s: s.consistency_proof(6, 5), ConsistencyProofError),
    (lambda s: s.consistency_proof(5, 41), BadTreeSize),
])
def test_sizes_outside_the_log_are_refused(opened, call, error) -> None:
    node, _ = opened
    with pytest.raises(error):
        call(node.store)


def test_state_history_rebuilds_every_height(opened) -> None:
    node, _ = opened
    state, tip = genesis_state(bilateral_genesis_doc())
    assert dict(node.store.get_entries_at(0)) == dict(state.items())
    for height in range(1, node.tip.height + 1):
        stored = node.store.get_block(height)
        txs = tuple(node.store.get_tx(t).tx for t in stored.tx_ids)
        _, log = apply_block(tip, state, Block(stored.header, txs), execute_block)
        tip = advance_tip(tip, stored.header, log, stored.commit, state)
        entries = node.store.get_entries_at(height)
        assert entries == sorted(state.items())
        assert State(dict(entries)).root() == stored.header.state_root
        for key, value in entries[::7]:
            assert node.store.get_state_at(key, height) == value
    assert node.store.get_state_at("holding/nobody/CEA-2024", node.tip.height) is None
