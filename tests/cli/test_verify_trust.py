"""`tanledger trust check`: a trust file obtained elsewhere against a node served over HTTP; each mismatch
(another genesis, origin, validator key, missing set) is named on one line with exit 1."""
from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from typer.testing import CliRunner

from cli.main import app
from cli.trust_check import compute_checks
from helpers import genesis_doc, seed
from ledger.checkpoint import Trust, Validator, ValidatorSet, parse_trust
from ledger.crypto import public_key
from node.api import create_app
from node.settings import NodeSettings
from node_helpers import open_node

runner = CliRunner()
STARTUP_WAIT_S = 15.0


@pytest.fixture(scope="module")
def node_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A node of the test genesis (validator v1) served on 127.0.0.1 for this module, stopped after it."""
    home = tmp_path_factory.mktemp("trust-check") / "home"
    home.mkdir()
    (home / "genesis.json").write_text(json.dumps(genesis_doc()), encoding="utf-8")
    (home / "validator.key").write_text(seed("validator-1").hex())
    node = open_node(NodeSettings(home=home, engine="solo", clock="sim", sim_start="2024-01-02T09:00:00+08:00",
                                  auto_produce=False))
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(node.settings, node), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_WAIT_S
    try:
        while not server.started:
            assert time.monotonic() < deadline and thread.is_alive(), "the node's HTTP server did not start"
            time.sleep(0.02)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=STARTUP_WAIT_S)
        node.close()


def exported(tmp_path: Path, genesis: dict) -> dict:
    """The trust file `tanledger trust export` writes for `genesis`."""
    (tmp_path / "genesis.json").write_text(json.dumps(genesis), encoding="utf-8")
    result = runner.invoke(app, ["trust", "export", "--genesis", str(tmp_path / "genesis.json")])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def check(tmp_path: Path, url: str, trust: dict):
    (tmp_path / "trust.json").write_text(json.dumps(trust), encoding="utf-8")
    return runner.invoke(app, ["trust", "check", "--trust", str(tmp_path / "trust.json"), "--node", url])


def mismatch(result, code: str, *parts: str) -> str:
    """Assert exit 1 and the line `mismatch[code]: …` with `parts` in it; return that line."""
    assert result.exit_code == 1, result.output
    line = next(x for x in result.output.splitlines() if x.startswith("mismatch["))
    assert line.startswith(f"mismatch[{code}]: "), result.output
    assert all(p in line for p in parts), line
    return line


def test_the_trust_file_of_the_node_s_genesis_passes(tmp_path: Path, node_url: str) -> None:
    trust = exported(tmp_path, genesis_doc())
    result = check(tmp_path, node_url, trust)
    assert result.exit_code == 0, result.output
    rows = result.output.splitlines()
    assert rows[0].split()[:3] == ["genesis", "ok", trust["genesis_hash"]]
    assert rows[1].split() == ["origin", "ok", "tanledger.devnet/tanledger-test"]
    assert rows[2].split()[:4] == ["validators", "from", "0", "ok"] and "1 validators, quorum 1" in rows[2]
    assert rows[3].split() == ["witnesses", "ok", "none"]
    assert rows[-1] == f"valid: the node at {node_url} serves the chain of {tmp_path / 'trust.json'}"


def test_another_devnet_with_the_same_chain_id_is_another_genesis(tmp_path: Path, node_url: str) -> None:
    trust = exported(tmp_path, {**genesis_doc(), "genesis_time": "2024-01-02T08:00:00+08:00"})
    line = mismatch(check(tmp_path, node_url, trust), "genesis", f"the trust file names {trust['genesis_hash']}",
                    "use a node of the chain you trust")
    assert "the node's genesis hashes to" in line


def test_a_trust_file_without_genesis_hash_cannot_name_the_chain(tmp_path: Path, node_url: str) -> None:
    trust = exported(tmp_path, genesis_doc())
    del trust["genesis_hash"]
    mismatch(check(tmp_path, node_url, trust), "genesis", "the trust file has no genesis_hash", "tanledger trust export")


def test_another_validator_key_is_named(tmp_path: Path, node_url: str) -> None:
    trust = exported(tmp_path, genesis_doc())
    trust["validator_sets"][0]["validators"][0]["pubkey"] = public_key(seed("intruder")).hex()
    result = check(tmp_path, node_url, trust)
    mismatch(result, "validators", "validators from 0", f"v1 ({public_key(seed('intruder')).hex()[:12]}…) in the file")
    assert "genesis" in result.output.splitlines()[0] and " ok " in result.output.splitlines()[0]


def test_another_origin_is_named(tmp_path: Path, node_url: str) -> None:
    trust = exported(tmp_path, genesis_doc())
    trust["origin"] = "tanledger.mainnet/tanledger-test"
    mismatch(check(tmp_path, node_url, trust), "origin", "tanledger.devnet/tanledger-test (its genesis derives)",
             "the trust file names tanledger.mainnet/tanledger-test")


def test_a_set_the_node_does_not_have_is_named(tmp_path: Path, node_url: str) -> None:
    trust = exported(tmp_path, genesis_doc())
    trust["validator_sets"].append({**trust["validator_sets"][0], "from_size": 10})
    mismatch(check(tmp_path, node_url, trust), "validators", "the node has no validator set from size 10")


def test_a_node_that_cannot_be_reached_is_one_error_line(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{s.getsockname()[1]}"
    result = check(tmp_path, url, exported(tmp_path, genesis_doc()))
    assert result.exit_code == 1 and "error[connection_refused]: cannot reach the node" in result.output


def test_later_sets_of_the_node_are_a_note() -> None:
    from node.trust import trust_from_genesis

    trust = trust_from_genesis(genesis_doc())
    later = ValidatorSet(7, (Validator(f"{trust.origin}/v2", public_key(seed("v2"))),), 1)
    served = Trust(trust.origin, (*trust.sets, later), trust.genesis_hash)
    rows = compute_checks(trust, genesis_doc(), served)
    assert [(r.name, r.ok) for r in rows] == [("genesis", True), ("origin", True), ("validators from 0", True),
                                             ("later sets", True), ("witnesses", True)]
    assert "from size 7, that the file lacks" in rows[3].detail and rows[4].detail == "none"
    rows = compute_checks(parse_trust(served.to_json()), genesis_doc(), trust)
    assert [(r.name, r.ok) for r in rows][2:4] == [("validators from 0", True), ("validators from 7", False)]
