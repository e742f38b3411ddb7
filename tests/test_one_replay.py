"""One derivation of the next validators_hash (contracts.genesis.advance_tip): every replay agrees across a set change.

A chain whose validator set changes at block 2 is built by the tests' Chain (tests/helpers.py) and re-executed by
the audit replay (cli/replay.py) and the benchmark's replay (bench/replay.py); all reach the same tip, and a header
that names the old set after the change is a divergence.
"""
from __future__ import annotations

import base64

import pytest

from bench.replay import replay as bench_replay
from cli.replay import replay as audit_replay
from contracts.genesis import compute_state_validators_hash, compute_validators_hash, genesis_state
from helpers import Chain, genesis_doc, pub
from ledger import keys

NEW_VALIDATOR = {"name": "EXCHANGE", "power": 10, "pubkey": pub("validator/EXCHANGE"),
                 "consensus_pubkey": pub("consensus/EXCHANGE")}


def governed_genesis() -> dict:
    """The test genesis with one validator run by the registry, so that the registry can approve a change."""
    return {**genesis_doc(), "validators": [{"name": "REGISTRY", "pubkey": pub("validator/REGISTRY"), "power": 10}]}


def block_views(chain: Chain) -> list[dict]:
    """The blocks as GET /v1/blocks serves them (the Chain commits `{"height": h}`)."""
    return [{"height": b.header.height, "hash": b.header.hash().hex(), "header": b.header.to_json(),
             "commit": {"height": b.header.height}, "txs": [base64.b64encode(tx.raw).decode() for tx in b.txs]}
            for b in chain.blocks]


@pytest.fixture(scope="module")
def chain() -> Chain:
    """Block 1 proposes adding EXCHANGE, block 2 approves it (quorum 1 of 1), blocks 3 and 4 follow."""
    state, tip = genesis_state(governed_genesis())
    built = Chain(state, tip, engine_time=tip.time)
    body = {"id": "P1", "changes": [NEW_VALIDATOR], "reason": "the exchange runs a validator"}
    assert built.run("propose_validator_update", body, "MEE")["code"] == "ok"
    assert built.run("approve_validator_update", {"id": "P1"}, "REGISTRY")["code"] == "ok"
    for vintage in (2024, 2025):
        assert built.run("create_instrument", {"id": f"CEA-{vintage}", "vintage": vintage}, "MEE")["code"] == "ok"
    return built


def test_the_header_after_the_change_names_the_new_set(chain):
    old = genesis_state(governed_genesis())[1].validators_hash
    hashes = [block.header.validators_hash for block in chain.blocks]
    new = compute_state_validators_hash(chain.state)
    assert new != old and hashes == [old, old, new, new]
    assert new == compute_validators_hash(chain.state.get(keys.validators()))
    assert chain.tip.validators_hash == new


def test_the_audit_replay_reaches_the_same_tip(chain):
    report = audit_replay(governed_genesis(), block_views(chain))
    assert report.ok, report.divergence
    assert report.tip == chain.tip and report.state_root == chain.state.root()


def test_the_benchmark_replay_reaches_the_same_tip(chain):
    assert bench_replay(governed_genesis(), chain.blocks)[2] == chain.tip.height == 4


def test_a_header_naming_the_old_set_after_the_change_diverges(chain):
    views = block_views(chain)
    views[2]["header"]["validators_hash"] = views[0]["header"]["validators_hash"]
    report = audit_replay(governed_genesis(), views)
    assert not report.ok
    assert (report.divergence.height, report.divergence.field) == (3, "validators_hash")
