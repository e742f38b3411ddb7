"""Four validators on CometBFT under a bank workload: agreement, crash, restart, catch-up, exactly-once.

The short fault schedule that `make test` runs; the long one is `test_faults.py` (`make faults`).
"""
from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from bench import world
from typer.testing import CliRunner

from cli.client import NodeClient
from cli.main import app
from cli.replay import replay
from ledger.checkpoint import parse_trust, verify_checkpoint
from node.trust import trust_from_genesis

from .workload import run_clients, setup, wait_committed

pytestmark = pytest.mark.network

ENTITIES = 40


def agreed_height(net, names=None) -> int:
    """The highest height every named validator (default all) has committed."""
    heights = net.heights()
    return min(h for n, h in heights.items() if (names is None or n in names) and h is not None)


def assert_same_chain(net, height: int, names=None) -> None:
    """Every named validator has the same block hash and app hash at `height` (and at 1)."""
    for at in (1, height):
        blocks = {s.name: net.block(s.name, at) for s in net.specs if names is None or s.name in names}
        assert len({b["hash"] for b in blocks.values()}) == 1, blocks
        assert len({b["app_hash"] for b in blocks.values()}) == 1, blocks


def test_four_validators_agree_commit_every_acknowledged_transfer_once_and_survive_a_crash(make_network):
    net = make_network(4, ENTITIES)
    apis = [s.api for s in net.specs]
    setup(apis[0], world.Signer(), ENTITIES)

    # Load from four clients, one per validator; kill -9 one validator in the middle
    signer = world.Signer()
    first = run_clients(apis, ENTITIES, per_client=60, signer=signer)
    # a 202 is not durable: let the first round commit, so that no sender's next nonce depends on a
    # transaction only the killed validator held (the faults suite re-sends lost ones instead)
    wait_committed(apis[0], [t for c in first for t in c.acked])
    net.kill("PROV-32")
    before = agreed_height(net, ["REGISTRY", "EXCHANGE", "MEE"])
    second = run_clients(apis[:3], ENTITIES, per_client=60, seed=99, signer=signer)
    net.wait_height(before + 3, ["REGISTRY", "EXCHANGE", "MEE"], timeout=60)  # commits go on with 3 of 4

    acked = [t for c in first + second for t in c.acked]
    refused = [r for c in first + second for r in c.refused]
    assert not refused and len(acked) == 4 * 60 + 3 * 60, refused[:3]
    answers = wait_committed(apis[0], acked)
    assert all(a["status"] == "committed" for a in answers.values())
    assert len(acked) == len(set(acked))  # committed exactly once: one id, one log entry
    assert len({a["log_index"] for a in answers.values()}) == len(acked)

    # Restart the killed validator: it catches up by itself to the same chain
    net.start("PROV-32")
    target = agreed_height(net, ["REGISTRY"])
    net.wait_height(target, timeout=90)
    assert_same_chain(net, target)
    for tx_id in acked[:: max(1, len(acked) // 20)]:
        answer = httpx.get(f"{net.spec('PROV-32').api}/v1/tx/{tx_id}", timeout=10).json()
        assert answer["status"] == "committed" and answer["height"] == answers[tx_id]["height"]

    # Conservation: every tonne issued is still held by someone
    supply = httpx.get(f"{apis[1]}/v1/instruments/{world.INSTRUMENT}", timeout=10).json()["supply"]
    assert supply["issued"] == ENTITIES * world.BASIS_T * 7 // 10
    assert supply["held"] == supply["issued"]

    # An auditor replays the restarted validator's chain from genesis: every block hash and root matches
    with NodeClient(net.spec("PROV-32").api) as client:
        report = replay(client.genesis(), client.iter_blocks(1, target))
    assert report.divergence is None and report.failed == 0 and report.txs >= len(acked)


def test_checkpoints_carry_a_quorum_of_validator_signatures(make_network):
    net = make_network(4, ENTITIES)
    setup(net.specs[0].api, world.Signer(), ENTITIES)
    net.wait_height(agreed_height(net) + 3)
    genesis = json.loads(Path(net.specs[0].home, "genesis.json").read_text(encoding="utf-8"))
    trust = parse_trust(trust_from_genesis(genesis).to_json())  # what `tanledger trust export` writes
    note = httpx.get(f"{net.specs[2].api}/v1/checkpoint", params={"format": "note"}, timeout=10).text
    verified = verify_checkpoint(note, trust)
    assert len(verified.signers) >= 3 and trust.sets[0].quorum == 3

    # 3 of 4 signature lines verify, 2 of 4 do not
    text, signatures = note.split("\n\n", 1)
    lines = [line for line in signatures.splitlines() if line]
    assert len(verify_checkpoint(text + "\n\n" + "\n".join(lines[:3]) + "\n", trust).signers) == 3
    with pytest.raises(Exception, match="quorum|signatures"):
        verify_checkpoint(text + "\n\n" + "\n".join(lines[:2]) + "\n", trust)


def test_the_offline_verifier_accepts_a_network_proof_with_three_of_four_and_refuses_two(make_network, tmp_path):
    net = make_network(4, ENTITIES)
    signer = world.Signer()
    setup(net.specs[0].api, signer, ENTITIES)
    net.wait_height(agreed_height(net) + 3)
    first_tx = next(h for h in range(1, agreed_height(net)) if net.block("REGISTRY", h)["tx_ids"])
    tx_id = net.block("REGISTRY", first_tx)["tx_ids"][0]
    bundle = httpx.get(f"{net.specs[1].api}/v1/proof/inclusion/{tx_id}", params={"format": "tlog-proof"}, timeout=10).text
    runner = CliRunner()
    exported = runner.invoke(app, ["trust", "export", "--genesis", str(Path(net.specs[0].home, "genesis.json"))])
    assert exported.exit_code == 0, exported.output
    (tmp_path / "trust.json").write_text(exported.output)
    lines = bundle.rstrip("\n").split("\n")
    signature_lines = [i for i, line in enumerate(lines) if line.startswith("\u2014 ")]
    assert len(signature_lines) == 4
    cases = {"all.tlog-proof": lines,
             "three.tlog-proof": [line for i, line in enumerate(lines) if i != signature_lines[0]],
             "two.tlog-proof": [line for i, line in enumerate(lines) if i not in signature_lines[:2]]}
    out = {}
    for name, kept in cases.items():
        (tmp_path / name).write_text("\n".join(kept) + "\n")
        out[name] = runner.invoke(app, ["verify", str(tmp_path / name), "--trust", str(tmp_path / "trust.json"),
                                        "--state", str(tmp_path / f"{name}.state")])
    assert out["all.tlog-proof"].exit_code == 0 and "(4 of 4, quorum 3)" in out["all.tlog-proof"].output
    assert out["three.tlog-proof"].exit_code == 0 and "(3 of 4, quorum 3)" in out["three.tlog-proof"].output
    assert out["two.tlog-proof"].exit_code == 1 and "no_quorum" in out["two.tlog-proof"].output

    # A state proof: the header is checked against a quorum of the validators' header signatures
    key = f"holding/{world.entity_id(0)}/{world.INSTRUMENT}"
    proof = httpx.get(f"{net.specs[2].api}/v1/proof/state/{key}", timeout=10).json()
    assert len(proof["commit"]["signatures"]) >= 3
    (tmp_path / "state.json").write_text(json.dumps(proof))
    trimmed = {**proof, "commit": {**proof["commit"], "signatures": proof["commit"]["signatures"][:2]}}
    (tmp_path / "state-2.json").write_text(json.dumps(trimmed))
    good = runner.invoke(app, ["verify", "state", str(tmp_path / "state.json"), "--trust", str(tmp_path / "trust.json")])
    bad = runner.invoke(app, ["verify", "state", str(tmp_path / "state-2.json"), "--trust", str(tmp_path / "trust.json")])
    assert good.exit_code == 0, good.output
    assert bad.exit_code == 1 and "no_quorum" in bad.output, bad.output


@pytest.fixture
def pg_schemas():
    """Four fresh PostgreSQL schemas of the TANLEDGER_TEST_PG database, one per validator; dropped after."""
    import os
    import uuid

    from sqlalchemy import create_engine, text

    url = os.environ.get("TANLEDGER_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
    admin = create_engine(url)
    names = [f"tl_net_{uuid.uuid4().hex[:10]}_{i}" for i in range(4)]
    try:
        with admin.begin() as conn:
            for name in names:
                conn.execute(text(f'CREATE SCHEMA "{name}"'))
    except Exception as exc:  # noqa: BLE001 - say which server is missing, never skip
        admin.dispose()
        pytest.fail(f"PostgreSQL at {url} is not reachable (set TANLEDGER_TEST_PG): {exc}", pytrace=False)
    sep = "&" if "?" in url else "?"
    yield [f"{url}{sep}options=-csearch_path%3D{name}" for name in names]
    with admin.begin() as conn:
        for name in names:
            conn.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
    admin.dispose()


@pytest.mark.postgres
def test_four_validators_each_on_its_own_postgresql_agree_and_one_catches_up(make_network, pg_schemas):
    net = make_network(4, ENTITIES, db_urls=pg_schemas)
    apis = [s.api for s in net.specs]
    setup(apis[0], world.Signer(), ENTITIES)
    signer = world.Signer()
    run_clients(apis, ENTITIES, per_client=25, signer=signer)
    net.kill("EXCHANGE")
    clients = run_clients([apis[0], apis[2], apis[3]], ENTITIES, per_client=25, signer=signer, seed=5)
    acked = [t for c in clients for t in c.acked]
    answers = wait_committed(apis[0], acked)
    assert all(a["status"] == "committed" for a in answers.values())
    net.start("EXCHANGE")
    top = agreed_height(net, ["REGISTRY"])
    net.wait_height(top, timeout=90)
    assert_same_chain(net, top)
