"""The full fault schedule (`make faults`): quorum loss, pauses, the app dying alone, a twin validator.

Real processes on loopback. Safety is checked after every scenario: every validator that
committed a height has the same block there (no fork), and the chain resumes by itself.
"""
from __future__ import annotations

import os
import shutil
import signal
import time
from pathlib import Path

import httpx
import pytest

from bench import world

from cli.network import start_validator
from node.cometbft import find_binary
from node.network import ValidatorSpec, cometbft_init, write_config

from .conftest import free_base
from .test_network import agreed_height, assert_same_chain
from .workload import post_bulk, run_clients, setup, wait_committed

pytestmark = [pytest.mark.network, pytest.mark.faults]

ENTITIES = 20


def assert_no_fork(net, up_to: int) -> None:
    """Every height 1..up_to has one block hash among the validators that have it."""
    for height in range(1, up_to + 1):
        hashes = set()
        for spec in net.specs:
            block = httpx.get(f"{spec.api}/v1/blocks/{height}", timeout=10)
            if block.status_code == 200:
                hashes.add(block.json()["hash"])
        assert len(hashes) == 1, f"fork at height {height}: {hashes}"


def test_two_of_four_down_halts_without_fork_and_resumes_when_one_returns(make_network):
    net = make_network(4, ENTITIES)
    setup(net.specs[0].api, world.Signer(), ENTITIES)
    net.kill("MEE")
    net.kill("PROV-32")
    stuck = agreed_height(net, ["REGISTRY", "EXCHANGE"])
    time.sleep(5)
    assert max(net.heights()[n] for n in ("REGISTRY", "EXCHANGE")) <= stuck + 1  # no quorum, no commits
    net.start("MEE")
    net.wait_height(stuck + 3, ["REGISTRY", "EXCHANGE", "MEE"], timeout=90)
    net.start("PROV-32")
    top = agreed_height(net, ["REGISTRY"])
    net.wait_height(top, timeout=90)
    assert_no_fork(net, top)


def test_a_paused_validator_is_left_behind_and_catches_up_when_continued(make_network):
    net = make_network(4, ENTITIES)
    setup(net.specs[0].api, world.Signer(), ENTITIES)
    net.signal("EXCHANGE", signal.SIGSTOP)
    start = agreed_height(net, ["REGISTRY", "MEE", "PROV-32"])
    clients = run_clients([net.spec(n).api for n in ("REGISTRY", "MEE", "PROV-32")], ENTITIES, per_client=30)
    net.wait_height(start + 3, ["REGISTRY", "MEE", "PROV-32"], timeout=60)
    net.signal("EXCHANGE", signal.SIGCONT)
    top = agreed_height(net, ["REGISTRY"])
    net.wait_height(top, timeout=90)
    assert_same_chain(net, top)
    acked = [t for c in clients for t in c.acked]
    answers = wait_committed(net.spec("EXCHANGE").api, acked)
    assert all(a["status"] == "committed" for a in answers.values())


def test_the_app_dying_between_finalize_block_and_commit_recovers_by_handshake_replay(make_network):
    net = make_network(4, ENTITIES)
    setup(net.specs[0].api, world.Signer(), ENTITIES)
    name = "PROV-32"
    net.stop_one(name)
    target = agreed_height(net, ["REGISTRY"]) + 3
    net.start(name, env={"TANLEDGER_FAULT": f"crash-before-commit@{target}"})
    deadline = time.monotonic() + 90
    while net.processes[name].poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    log = Path(net.spec(name).home, "node.log").read_text(errors="replace")
    assert "fault injection: exiting between FinalizeBlock and Commit" in log
    net.kill_group(name)  # its CometBFT, if it is still there
    assert httpx.get(f"{net.spec('REGISTRY').api}/v1/blocks/{target}", timeout=10).status_code == 200
    net.start(name)  # CometBFT's handshake finds the app at target-1 and replays block `target`
    top = agreed_height(net, ["REGISTRY"])
    net.wait_height(top, timeout=90)
    assert_same_chain(net, top)
    assert net.block(name, target)["app_hash"] == net.block("REGISTRY", target)["app_hash"]


def make_twin(net, name: str, folder: Path) -> ValidatorSpec:
    """A second validator process with `name`'s consensus key (the misconfiguration that double-signs):
    its own node key, ports, data and TanLedger store."""
    original = net.spec(name)
    api, rpc = free_base(1)
    home = folder / "twin"
    home.mkdir(parents=True)
    for file in ("genesis.json", "validator.key"):
        shutil.copy(Path(original.home, file), home / file)
    _, node_id = cometbft_init(find_binary(None), home / "cometbft")
    for file in ("priv_validator_key.json", "genesis.json"):
        shutil.copy(Path(original.home, "cometbft", "config", file), home / "cometbft" / "config" / file)
    twin = ValidatorSpec(name, str(home), api, rpc, rpc - 1, node_id, "")
    write_config(twin, [*net.specs, twin], 200)
    return twin


def test_a_twin_validator_double_signs_and_the_evidence_lands_on_the_ledger(make_network, tmp_path):
    net = make_network(4, ENTITIES)
    twin = make_twin(net, "PROV-32", tmp_path)
    process = start_validator(twin)
    try:
        setup(net.specs[0].api, world.Signer(), ENTITIES)
        deadline, found = time.monotonic() + 240, None
        while time.monotonic() < deadline and found is None:
            run_clients([s.api for s in net.specs[:3]], ENTITIES, per_client=5)
            evidence = httpx.get(f"{net.specs[0].api}/v1/evidence", timeout=10).json()["evidence"]
            found = evidence[0] if evidence else None
        assert found is not None, "no duplicate-vote evidence reached the ledger"
        assert found["kind"] == "duplicate_vote" and found["validator"] == "PROV-32"
        net.wait_height(found["recorded_at"] + 3, timeout=60)  # state proofs are of headers a quorum signed
        proof = httpx.get(f"{net.specs[1].api}/v1/proof/state/{found['key']}", timeout=10)
        assert proof.status_code == 200 and proof.json()["value"]["validator"] == "PROV-32"
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def test_a_lost_transaction_can_be_resent_and_commits_exactly_once(make_network):
    net = make_network(4, ENTITIES)
    setup(net.specs[0].api, world.Signer(), ENTITIES)
    signer = world.Signer()
    txs = world.transfers(signer, ENTITIES, 50, __import__("random").Random(3))
    post_bulk(net.spec("MEE").api, txs)
    net.kill("MEE")  # some of its 202s may be lost with it
    for spec in (net.spec("REGISTRY"), net.spec("EXCHANGE")):
        results = post_bulk(spec.api, txs)  # the same bytes again, twice, elsewhere
        assert all(r.get("status") in ("pending", "committed") for r in results), results[:3]
    answers = wait_committed(net.spec("REGISTRY").api, [t.id_hex for t in txs])
    assert all(a["status"] == "committed" for a in answers.values())
    assert len({a["log_index"] for a in answers.values()}) == len(txs)


def test_a_full_validator_refuses_with_mempool_full_and_everything_it_admitted_commits(make_network):
    net = make_network(4, ENTITIES, start=False)
    net.start(env={"TANLEDGER_MAX_MEMPOOL_TXS": "15"})
    net.wait_height(2, timeout=90)
    setup_txs = [tx for block in world.setup_blocks(world.Signer(), ENTITIES, 1000) for tx in block]  # more than 15
    api = net.specs[0].api
    results = post_bulk(api, setup_txs)
    admitted = [tx for tx, r in zip(setup_txs, results, strict=True) if r.get("status") == "pending"]
    refused = [r for r in results if r.get("status") != "pending"]
    assert 0 < len(admitted) <= 15 and refused and {r["code"] for r in refused} == {"mempool_full"}
    answers = wait_committed(api, [tx.id_hex for tx in admitted])
    assert all(a["status"] == "committed" for a in answers.values())  # nothing admitted was dropped
    # the refused ones are sent again, in order, as room frees up: every one of them commits too
    rest = [tx for tx, r in zip(setup_txs, results, strict=True) if r.get("status") != "pending"]
    while rest:
        again = post_bulk(api, rest)
        taken = [tx for tx, r in zip(rest, again, strict=True) if r.get("status") == "pending"]
        assert taken and {r["code"] for r in again if r.get("status") != "pending"} <= {"mempool_full"}, again[:3]
        assert all(a["status"] == "committed" for a in wait_committed(api, [tx.id_hex for tx in taken]).values())
        rest = [tx for tx, r in zip(rest, again, strict=True) if r.get("status") != "pending"]
