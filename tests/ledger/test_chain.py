"""Blocks and the chain: a replica that re-executes a block reproduces its header, or refuses it."""
from __future__ import annotations

import base64
from dataclasses import replace

import pytest

from contracts import execute_block
from helpers import Chain, pub, uscc
from ledger.block import Block, BlockHeader, compute_tx_root, log_leaf
from ledger.chain import BlockContext, advance, apply_block, commit_hash, make_block
from ledger.crypto import sha256
from ledger.encoding import canonical, parse_strict
from ledger.errors import InvalidBlock
from ledger.holdings import apply_issue
from ledger.merkle import leaf_hash, root_of
from ledger.state import State

PROPOSER = bytes.fromhex(pub("validator-1"))
A, B = uscc(1), uscc(2)


def copy_state(state: State) -> State:
    """An independent copy: state values are never mutated in place, so sharing them is safe."""
    return State(dict(state.items()))


@pytest.fixture
def chain() -> Chain:
    """Two entities, one vintage, 100 t issued to A."""
    chain = Chain.new_bilateral()
    chain.block([
        chain.sign("register_participant", {"id": pid, "name": f"entity {pid}", "roles": ["entity"], "pubkeys": [pub(pid)],
                                            "province": "11", "sector": "power"}, "REGISTRY")
        for pid in (A, B)
    ] + [chain.sign("create_instrument", {"id": "CEA-2024", "vintage": 2024}, "MEE")])
    chain.state.begin()
    apply_issue(chain.state, "CEA-2024", A, 100, "test")
    chain.state.commit()
    return chain


def transfers(chain: Chain):
    """Three transfers, the last of which fails (insufficient holding)."""
    return [
        chain.sign("transfer", {"from": A, "to": B, "instrument": "CEA-2024", "amount": 30}, A),
        chain.sign("transfer", {"from": B, "to": A, "instrument": "CEA-2024", "ranges": [[5, 6]]}, B),
        chain.sign("transfer", {"from": A, "to": B, "instrument": "CEA-2024", "amount": 1000}, A),
    ]


def proposed(chain: Chain):
    """(tip, pre-state copy, block, receipts, log) of a block proposed on `chain`."""
    tip, before = chain.tip, copy_state(chain.state)
    block, receipts, log = make_block(tip, chain.state, transfers(chain), tip.time + 5000, PROPOSER,
                                      tip.validators_hash, execute_block)
    return tip, before, block, receipts, log


# -- make_block, apply_block --------------------------------------------------------------------

def test_apply_block_on_a_copy_reproduces_the_header(chain):
    tip, replica, block, receipts, log = proposed(chain)
    assert [r["code"] for r in receipts] == ["ok", "ok", "insufficient_holding"]
    replayed, replayed_log = apply_block(tip, replica, block, execute_block)
    assert replayed == receipts
    assert replayed_log == log
    assert replica.root() == chain.state.root() == block.header.state_root
    assert dict(replica.items()) == dict(chain.state.items())
    commit = {"height": block.header.height}
    assert advance(tip, block.header, replayed_log, commit, tip.validators_hash) == \
        advance(tip, block.header, log, commit, tip.validators_hash)


def test_make_block_header_fields(chain):
    tip, _, block, receipts, log = proposed(chain)
    h = block.header
    assert (h.height, h.time, h.prev_hash, h.proposer) == (tip.height + 1, tip.time + 5000, tip.hash, PROPOSER)
    assert h.tx_root == root_of([leaf_hash(tx.id) for tx in block.txs]) == compute_tx_root(list(block.txs))
    assert h.log_size == tip.log.size + 3 == log.size
    assert h.log_root == log.root()
    assert (h.validators_hash, h.last_commit_hash) == (tip.validators_hash, tip.last_commit_hash)


def test_log_leaf_is_jcs_of_height_index_tx_and_receipt(chain):
    tip, _, block, receipts, log = proposed(chain)
    leaf = log_leaf(block.header.height, 2, block.txs[2], receipts[2])
    value = parse_strict(leaf)
    assert value == {"height": block.header.height, "index": 2, "receipt": receipts[2],
                     "tx": base64.b64encode(block.txs[2].raw).decode()}
    expected = tip.log
    for index, (tx, receipt) in enumerate(zip(block.txs, receipts, strict=True)):
        expected = expected.append(leaf_hash(log_leaf(block.header.height, index, tx, receipt)))
    assert expected == log


def test_an_empty_block(chain):
    tip = chain.tip
    replica = copy_state(chain.state)
    block, receipts, log = make_block(tip, chain.state, [], tip.time + 1, PROPOSER, tip.validators_hash, execute_block)
    assert receipts == [] and block.header.log_size == tip.log.size
    assert apply_block(tip, replica, block, execute_block) == ([], log)


def test_advance_links_the_next_block(chain):
    tip, _, block, _, log = proposed(chain)
    commit = {"height": block.header.height, "signatures": ["x"]}
    new_tip = advance(tip, block.header, log, commit, tip.validators_hash)
    assert (new_tip.height, new_tip.hash, new_tip.time, new_tip.log) == (block.header.height, block.header.hash(),
                                                                          block.header.time, log)
    assert new_tip.last_commit_hash == commit_hash(commit) == sha256(canonical(commit))


def test_invalid_make_block_time_not_after_the_tip(chain):
    tip = chain.tip
    with pytest.raises(InvalidBlock):
        make_block(tip, chain.state, [], tip.time, PROPOSER, tip.validators_hash, execute_block)


@pytest.mark.parametrize("field, value", [
    ("tx_root", bytes(32)),
    ("state_root", bytes(32)),
    ("state_size", 99),
    ("log_root", bytes(32)),
    ("log_size", 99),
    ("prev_hash", bytes(32)),
    ("height", 99),
    ("last_commit_hash", b"\x01" * 32),
    ("time", None),  # the tip's own time: not increasing
    ("time", -1),  # before the tip
])
def test_invalid_tampered_header(chain, field, value):
    tip, replica, block, _, _ = proposed(chain)
    if field == "time":
        value = tip.time if value is None else tip.time - 1
    tampered = Block(replace(block.header, **{field: value}), block.txs)
    with pytest.raises(InvalidBlock) as info:
        apply_block(tip, replica, tampered, execute_block)
    assert info.value.code == "invalid_block"


def test_invalid_transactions_reordered_or_dropped(chain):
    tip, replica, block, _, _ = proposed(chain)
    for txs in (block.txs[::-1], block.txs[:2]):
        with pytest.raises(InvalidBlock, match="tx_root"):
            apply_block(tip, copy_state(replica), Block(block.header, txs), execute_block)


def test_invalid_block_time_changes_the_state(chain):
    # A proposer who lies about the time after executing must be caught by the roots.
    tip, replica, block, _, _ = proposed(chain)
    later = Block(replace(block.header, time=block.header.time + 366 * 86_400_000), block.txs)
    with pytest.raises(InvalidBlock, match="state_root"):
        apply_block(tip, replica, later, execute_block)


# -- header encoding -------------------------------------------------------------------------

def test_header_json_round_trip_and_hash(chain):
    _, _, block, _, _ = proposed(chain)
    h = block.header
    assert BlockHeader.from_json(h.to_json()) == h
    assert h.hash() == sha256(b"tanledger/block/v1\n" + canonical(h.to_json()))
    assert replace(h, time=h.time + 1).hash() != h.hash()


def test_header_state_size_counts_the_state_and_the_app_hash_binds_it(chain):
    tip, replica, block, _, _ = proposed(chain)
    h = block.header
    apply_block(tip, replica, block, execute_block)
    assert h.state_size == len(replica) == len(dict(replica.items()))
    assert h.app_hash() == sha256(b"tanledger/apphash/v2\n" + h.state_root + h.state_size.to_bytes(8, "big")
                                  + h.log_size.to_bytes(8, "big") + h.log_root)
    changed = [replace(h, state_size=h.state_size + 1), replace(h, log_size=h.log_size + 1), replace(h, state_root=bytes(32))]
    assert len({c.app_hash() for c in changed} | {h.app_hash()}) == 4


@pytest.mark.parametrize("change", [
    lambda j: j.pop("state_root"),
    lambda j: j.pop("state_size"),
    lambda j: j.__setitem__("tx_root", "zz"),
    lambda j: j.__setitem__("proposer", 5),
])
def test_invalid_header_json(chain, change):
    _, _, block, _, _ = proposed(chain)
    value = block.header.to_json()
    change(value)
    with pytest.raises(InvalidBlock):
        BlockHeader.from_json(value)


def test_block_context_is_data():
    ctx = BlockContext("c", 3, 1000)
    assert (ctx.chain_id, ctx.height, ctx.time) == ("c", 3, 1000)
