"""Four validators and three witnesses as real processes: served checkpoints carry a quorum of witness
cosignatures; a witness survives kill -9; a split view is refused by every witness and caught by the
verifier; with the witnesses gone the served checkpoint ages until `--max-age` refuses it.

One network for the module; the tests run in order and the last one stops the witnesses.
"""
from __future__ import annotations

import hashlib
import json
import random
import time
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from bench import world
from cli.main import app
from cli.network import LocalNetwork
from cli.witnesses import free_witness_base
from ledger.bundle import format_bundle, parse_bundle
from ledger.checkpoint import format_checkpoint, make_note, parse_checkpoint, parse_note, parse_trust, sign_note, verify_checkpoint
from node.network import INSTITUTIONS

from .conftest import create_world_network, validator_seed
from .workload import post_bulk, setup, wait_committed

pytestmark = pytest.mark.network

ENTITIES = 20
WITNESSES = ("witness-1", "witness-2", "witness-3")
QUORUM = 2  # ⌊3/2⌋+1
REFRESH_S = "1"  # the validators re-send the newest checkpoint every second: served witness times stay fresh
runner = CliRunner()


@pytest.fixture(scope="module")
def net(tmp_path_factory: pytest.TempPathFactory):
    """A started network of 4 validators and 3 witnesses, the world set up; stopped after the module."""
    network = create_world_network(tmp_path_factory.mktemp("witnessed") / "net", 4, ENTITIES)
    network.add_witnesses(len(WITNESSES), free_witness_base(len(WITNESSES), 61000))  # away from the validators
    try:
        network.start_witnesses()
        network.start(env={"TANLEDGER_WITNESS_REFRESH_S": REFRESH_S})
        network.wait_height(2, timeout=90)
        network.signer = world.Signer()  # type: ignore[attr-defined]
        setup(network.specs[0].api, network.signer, ENTITIES)  # type: ignore[attr-defined]
        yield network
    finally:
        network.stop()


@pytest.fixture(scope="module")
def trust_file(net: LocalNetwork) -> Path:
    return net.folder / "trust.json"


def served(api: str) -> dict:
    response = httpx.get(f"{api}/v1/checkpoint", timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


def grow(net: LocalNetwork, count: int = 3, seed: int = 0) -> int:
    """Commit `count` transfers; return the log size after them."""
    api = net.specs[0].api
    txs = world.transfers(net.signer, ENTITIES, count, random.Random(seed))  # type: ignore[attr-defined]
    assert all(r.get("status") == "pending" for r in post_bulk(api, txs))
    answers = wait_committed(api, [tx.id_hex for tx in txs])
    return max(a["log_index"] for a in answers.values()) + 1


def wait_witnessed(api: str, size: int, who: str | None = None, since: int = 0, timeout: float = 30.0) -> dict:
    """The served checkpoint once it covers `size` with a witness quorum (and `who`'s cosignature from `since`)."""
    deadline = time.monotonic() + timeout
    while True:
        response = httpx.get(f"{api}/v1/checkpoint", timeout=10)  # 404 until a first checkpoint is witnessed
        view = response.json() if response.status_code == 200 else {"size": -1, "witnessed": False, "witnesses": []}
        times = {w["name"]: w["time"] for w in view["witnesses"]}
        if view["size"] >= size and view["witnessed"] and (who is None or times.get(who, -1) >= since):
            return view
        assert time.monotonic() < deadline, f"not witnessed at size {size} after {timeout} s: {view}"
        time.sleep(0.05)


def witness_info(net: LocalNetwork, name: str) -> dict:
    return httpx.get(f"{net.witness(name).url}/info", timeout=5).json()


def witness_size(net: LocalNetwork, name: str, origin: str) -> int:
    return next((o["size"] for o in witness_info(net, name)["origins"] if o["origin"] == origin), 0)


def bundle_of(api: str, tmp_path: Path, tx_id: str, name: str = "tx.tlog-proof") -> Path:
    response = httpx.get(f"{api}/v1/proof/inclusion/{tx_id}?format=tlog-proof", timeout=10)
    assert response.status_code == 200, response.text
    path = tmp_path / name
    path.write_bytes(response.content)
    return path


def last_tx(api: str) -> str:
    block = httpx.get(f"{api}/v1/blocks/{served(api)['height']}", timeout=10).json()
    return block["tx_ids"][-1]


def test_every_validator_serves_checkpoints_with_a_quorum_of_witness_cosignatures(net, trust_file) -> None:
    size = grow(net)
    trust = parse_trust(json.loads(trust_file.read_text()))
    assert trust.witness_quorum == QUORUM and [w.name for w in trust.witnesses] == list(WITNESSES)
    for spec in net.specs:
        view = wait_witnessed(spec.api, size)
        verified = verify_checkpoint(view["note"], trust)
        assert len(verified.witnesses) >= QUORUM and view["witness_quorum"] == QUORUM
        assert httpx.get(f"{spec.api}/v1/trust").json() == trust.to_json()


def test_each_new_checkpoint_reaches_the_validators_quorum_then_the_witness_quorum(net) -> None:
    # how long this takes is measured by `python -m bench witnessing`, not here
    api = net.specs[0].api
    for round_ in range(3):
        size = grow(net, seed=100 + round_)
        wait_validator_quorum(api, size)
        view = wait_witnessed(api, size)
        assert view["size"] >= size and len(view["witnesses"]) >= QUORUM, view


def wait_validator_quorum(api: str, size: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not any(c["cosigned"] for c in httpx.get(f"{api}/v1/checkpoints?from={size}", timeout=10).json()["checkpoints"]):
        assert time.monotonic() < deadline, f"no checkpoint from size {size} has the validators' quorum"
        time.sleep(0.05)


def test_cli_verifies_a_bundle_with_the_witness_policy_and_max_age(net, trust_file, tmp_path) -> None:
    api = net.specs[1].api
    bundle = bundle_of(api, tmp_path, last_tx(api))
    result = runner.invoke(app, ["verify", "bundle", str(bundle), "--trust", str(trust_file),
                                 "--state", str(tmp_path / "state.json"), "--max-age", "30"])
    assert result.exit_code == 0, result.output
    assert "witnessed by" in result.output


def test_a_witness_killed_and_restarted_keeps_its_state_and_cosigns_again(net) -> None:
    origin = served(net.specs[0].api)["origin"]
    before = witness_size(net, "witness-1", origin)
    assert before > 0
    net.stop_witness("witness-1", kill=True)
    # Two witnesses of three are a quorum: the log grows witnessed meanwhile
    size = grow(net, seed=200)
    assert "witness-1" not in {w["name"] for w in wait_witnessed(net.specs[0].api, size)["witnesses"]}
    restarted = int(time.time())
    net.start_witnesses("witness-1")
    assert witness_size(net, "witness-1", origin) >= before  # its state survived kill -9
    view = wait_witnessed(net.specs[0].api, size, who="witness-1", since=restarted)
    assert view["size"] >= size


def forged_note(net: LocalNetwork, origin: str, size: int) -> str:
    """A checkpoint of `size` with another root, signed by a quorum (3 of 4) of the validators' own keys."""
    body = format_checkpoint(origin, size, hashlib.sha256(b"another history").digest())
    lines = [sign_note(body, f"{origin}/{name}", validator_seed(name)) for name in INSTITUTIONS[:3]]
    return make_note(body, lines)


def test_a_split_view_is_refused_by_every_witness_and_caught_by_the_verifier(net, trust_file, tmp_path) -> None:
    api = net.specs[0].api
    real = bundle_of(api, tmp_path, last_tx(api), "real.tlog-proof")
    checkpoint = parse_checkpoint(parse_note(parse_bundle(real.read_bytes()).checkpoint).text)
    for name in WITNESSES:  # the chain is idle: every witness is at the served size
        deadline = time.monotonic() + 10
        while witness_size(net, name, checkpoint.origin) != checkpoint.size:
            assert time.monotonic() < deadline, witness_info(net, name)
            time.sleep(0.1)
    fork = forged_note(net, checkpoint.origin, checkpoint.size)
    for name in WITNESSES:
        response = httpx.post(f"{net.witness(name).url}/add-checkpoint", timeout=5,
                              content=f"old {checkpoint.size}\n\n{fork}".encode())
        assert response.status_code == 409, response.text
        assert not response.headers["content-type"].startswith("text/x.tlog.size")
    # The verifier: no witness quorum on the fork; and against its state file, a split view
    state = tmp_path / "state.json"
    forged = tmp_path / "forged.tlog-proof"
    forged.write_text(format_bundle(replace(parse_bundle(real.read_bytes()), checkpoint=fork)))
    assert verify(real, trust_file, state).exit_code == 0
    refused = verify(forged, trust_file, state)
    assert refused.exit_code == 1 and "invalid[no_witness_quorum]" in refused.output, refused.output
    validators_only = tmp_path / "validators-only.json"
    trust = json.loads(trust_file.read_text())
    validators_only.write_text(json.dumps({k: v for k, v in trust.items() if not k.startswith("witness")}))
    split = verify(forged, validators_only, state)
    assert split.exit_code == 1 and "invalid[split_view]" in split.output, split.output


def test_a_monitor_replays_the_network_and_checks_its_commits_and_witnessed_checkpoints(net, trust_file) -> None:
    api = net.specs[1].api
    result = runner.invoke(app, ["monitor", "--trust", str(trust_file), "--node", api, "--once", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout[result.stdout.index("{"):])
    height = httpx.get(f"{api}/v1/status", timeout=5).json()["height"]
    assert summary["ok"] and summary["blocks"] >= height - 1 and summary["txs"] > 0, summary
    # header signatures reach a block with the next two blocks' co-signature records: all but the newest are checked
    assert summary["signed_blocks"] >= summary["blocks"] - 3, summary
    assert summary["witnessed"] >= 1 and summary["checkpoints"] >= 1, summary


def verify(bundle: Path, trust: Path, state: Path, *extra: str):
    return runner.invoke(app, ["verify", "bundle", str(bundle), "--trust", str(trust), "--state", str(state), *extra])


def test_with_the_witnesses_stopped_commits_go_on_and_the_served_checkpoint_goes_stale(net, trust_file,
                                                                                        tmp_path) -> None:
    api = net.specs[2].api
    before = wait_witnessed(api, 0)
    for name in WITNESSES:
        net.stop_witness(name)
    size = grow(net, seed=300)  # a commit never waits for a witness
    # the witnesses are gone, so the served checkpoint's time (its k-th newest cosignature) no longer moves
    witnessed_at = sorted((w["time"] for w in served(api)["witnesses"]), reverse=True)[QUORUM - 1]
    assert witnessed_at >= min(w["time"] for w in before["witnesses"])
    time.sleep(max(0.0, witnessed_at + 5 - time.time()))
    view = served(api)
    assert view["size"] < size and view["witnessed"], view  # the newest witnessed one, not the newest signed
    bundle = bundle_of(api, tmp_path, last_tx(api))
    result = verify(bundle, trust_file, tmp_path / "state.json", "--max-age", "3")
    assert result.exit_code == 1 and "invalid[stale_checkpoint]" in result.output, result.output


def test_network_up_with_witnesses_starts_them_and_down_stops_them(tmp_path) -> None:
    from .conftest import free_base

    home = tmp_path / "net"
    api, rpc = free_base(1)
    port = free_witness_base(1, 61500)
    try:
        up = runner.invoke(app, ["network", "up", "--home", str(home), "--validators", "1", "--api-port", str(api),
                                 "--rpc-port", str(rpc), "--witnesses", "1", "--witness-port", str(port)])
        assert up.exit_code == 0, up.output
        assert f"witness-1  witness http://127.0.0.1:{port}" in up.output
        status = json.loads(runner.invoke(app, ["network", "status", "--home", str(home), "--json"]).output)
        assert status["witnesses"][0]["info"]["name"] == "witness-1"
        trust = httpx.get(f"http://127.0.0.1:{api}/v1/trust", timeout=5).json()
        assert trust["witness_quorum"] == 1 and [w["name"] for w in trust["witnesses"]] == ["witness-1"]
    finally:
        down = runner.invoke(app, ["network", "down", "--home", str(home)])
    assert "witness-1  stopped" in down.output, down.output
    status = json.loads(runner.invoke(app, ["network", "status", "--home", str(home), "--json"]).output)
    assert status["witnesses"][0]["info"] is None
