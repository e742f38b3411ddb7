"""The node: admission, block production, restart from the store, recovery from a failed write."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import genesis_doc, seed
from ledger.errors import InsufficientHolding, NonceReused
from node.core import Node
from node.errors import DuplicateTransaction, NodeStartError
from node.solo import SoloEngine
from node_helpers import Signer, commit_proposed, entity_body, make_settings, market_setup, open_node, transfer


def commit(node: Node, txs: list) -> None:
    """Submit `txs`, make one block, and check each one succeeded."""
    for tx in txs:
        node.submit(tx.raw)
    node.produce_now()
    for tx in txs:
        assert node.store.get_tx(tx.id).receipt["code"] == "ok", node.store.get_tx(tx.id).receipt


def setup_market(node: Node, entities: list[int]) -> Signer:
    signer = Signer()
    for stage in market_setup(signer, entities):
        commit(node, stage)
    return signer


def test_restart_reloads_same_state_root_and_tip(home: Path, db_url: str) -> None:
    settings = make_settings(home, db_url=db_url)
    node = open_node(settings)
    signer = setup_market(node, [1, 2])
    commit(node, [transfer(signer, 1, 2, amount=5), transfer(signer, 2, 1, ranges=[[701, 702]])])
    tip, root = node.tip, node.state.root()
    node.close()
    again = open_node(settings)
    try:
        assert again.tip == tip and again.state.root() == root == again.state_root
        assert again.clock.now() >= tip.time
        commit(again, [transfer(signer, 1, 2, amount=1)])  # the next block links to the reloaded tip
        assert again.tip.height == tip.height + 1
    finally:
        again.close()


def test_failed_write_reloads_state_from_store(node: Node, monkeypatch: pytest.MonkeyPatch) -> None:
    signer = setup_market(node, [1, 2])
    tip, root = node.tip, node.state.root()
    tx = transfer(signer, 1, 2, amount=10)
    node.submit(tx.raw)

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(node.store, "commit_block", broken)
    with pytest.raises(OSError):
        node.produce_now()
    assert node.tip == tip and node.state.root() == root and node.is_pending(tx.id)
    monkeypatch.undo()
    node.produce_now()
    assert node.store.get_tx(tx.id).receipt["code"] == "ok" and not node.is_pending(tx.id)


def test_blocks_take_pending_txs_in_order_up_to_the_limit(home: Path) -> None:
    node = open_node(make_settings(home, max_block_txs=3))
    try:
        signer = Signer()
        txs = [signer.sign("register_participant", entity_body(n), "REGISTRY") for n in range(1, 8)]
        for tx in txs:
            node.submit(tx.raw)
        sizes = [len(node.produce_now().txs) for _ in range(3)]
        assert sizes == [3, 3, 1] and node.produce_now() is None
        assert [(node.store.get_tx(tx.id).height, node.store.get_tx(tx.id).index) for tx in txs] == [
            (1, 0), (1, 1), (1, 2), (2, 0), (2, 1), (2, 2), (3, 0)]
    finally:
        node.close()


def test_block_time_strictly_increases_on_a_still_clock(node: Node) -> None:
    start = node.clock.now()
    times = [node.produce_now(force=True).header.time for _ in range(3)]
    assert times == [start + 1, start + 2, start + 3]
    node.clock.advance(60_000)
    assert node.produce_now(force=True).header.time == start + 60_000


def test_admission_refuses_duplicates(node: Node) -> None:
    tx = Signer().sign("register_participant", entity_body(1), "REGISTRY")
    node.submit(tx.raw)
    with pytest.raises(DuplicateTransaction, match="pending"):
        node.submit(tx.raw)
    node.produce_now()
    with pytest.raises(DuplicateTransaction, match="in a block"):
        node.submit(tx.raw)


def test_admission_dry_runs_without_changing_state(node: Node) -> None:
    signer = setup_market(node, [1, 2])
    root = node.state.root()
    first = transfer(signer, 1, 2, amount=700)
    node.submit(first.raw)
    with pytest.raises(InsufficientHolding):
        node.submit(transfer(signer, 1, 2, amount=701).raw)
    with pytest.raises(NonceReused):  # the REGISTRY used nonce 1 in the set-up
        node.submit(signer.sign("register_participant", entity_body(9), "REGISTRY", nonce=1).raw)
    assert node.state.root() == root and list(node.engine.queue) == list(node.pending) == [first.id]


def test_admission_judges_a_second_pending_transfer_after_the_first(node: Node) -> None:
    signer = setup_market(node, [1, 2])
    first = transfer(signer, 1, 2, amount=600)
    node.submit(first.raw)
    with pytest.raises(InsufficientHolding, match="holding 100 t < requested 600 t"):  # 700 − 600 left
        node.submit(transfer(signer, 1, 2, amount=600).raw)
    node.produce_now()
    assert node.store.get_tx(first.id).receipt["code"] == "ok" and not node.engine.queue


def test_a_proposed_block_can_hold_a_transfer_that_fails(node: Node) -> None:
    signer = setup_market(node, [1, 2])
    first, second = transfer(signer, 1, 2, amount=600), transfer(signer, 1, 2, amount=600)
    block = commit_proposed(node, [first, second])  # another validator's mempool admitted the second
    assert [tx.id for tx in block.txs] == [first.id, second.id]
    assert node.store.get_tx(first.id).receipt["code"] == "ok"
    assert node.store.get_tx(second.id).receipt["code"] == "insufficient_holding"


def test_background_producer_commits_and_wait_for_tx_returns(home: Path) -> None:
    node = open_node(make_settings(home, block_interval_ms=10))
    engine: SoloEngine = node.engine
    engine.start()
    try:
        assert engine.running
        tx = Signer().sign("register_participant", entity_body(1), "REGISTRY")
        node.submit(tx.raw)
        stored = node.wait_for_tx(tx.id, timeout=30)
        assert stored is not None and stored.receipt["code"] == "ok"
        assert node.wait_for_tx(bytes(32), timeout=0.05) is None
    finally:
        engine.stop()
        node.close()
    assert not engine.running


def test_open_refuses_another_chains_genesis(node: Node) -> None:
    node.produce_now(force=True)
    other = {**genesis_doc(), "chain_id": "another-chain"}
    (node.settings.home / "genesis.json").write_text(json.dumps(other))
    with pytest.raises(NodeStartError, match="not the genesis"):
        Node.open(node.settings)


def test_open_refuses_a_key_outside_the_validator_set(home: Path) -> None:
    (home / "validator.key").write_text(seed("stranger").hex())
    with pytest.raises(NodeStartError, match="validator set"):
        Node.open(make_settings(home))


def test_open_needs_a_genesis_and_a_key(tmp_path: Path) -> None:
    (tmp_path / "validator.key").write_text(seed("validator-1").hex())
    with pytest.raises(NodeStartError, match="no genesis"):
        Node.open(make_settings(tmp_path))
    with pytest.raises(NodeStartError, match="validator key"):
        Node.open(make_settings(tmp_path, validator_key=tmp_path / "missing.key"))
