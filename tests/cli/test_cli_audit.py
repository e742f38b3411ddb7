"""`tanledger audit trace|replay`: provenance tables, and a replay that finds the first divergence."""
from __future__ import annotations

import pytest

from cli.client import NodeClient
from cli.commands import audit
from cli.replay import replay
from served_chain import block_views, build_chain, tamper, transport
from cli_helpers import A, B


@pytest.fixture(scope="module")
def chain():
    return build_chain()


def serve(monkeypatch, chain, views):
    """Make `audit replay` talk to the stub node serving `views`."""
    monkeypatch.setattr(audit, "NodeClient", lambda url: NodeClient(url, transport=transport(chain, views)))


def test_replay_of_a_good_chain(chain):
    views = block_views(chain)
    report = replay(NodeClient(transport=transport(chain, views)).genesis(),
                    NodeClient(transport=transport(chain, views)).iter_blocks())
    assert report.ok and report.blocks == 5 and report.txs == 5
    assert report.tip.hash == chain.tip.hash
    assert report.failed == 1 and report.failures[0][2]["code"] == "insufficient_holding"


def test_audit_replay_command_on_a_good_chain(invoke, monkeypatch, chain):
    serve(monkeypatch, chain, block_views(chain))
    result = invoke("audit", "replay", "-n", "http://stub")
    assert result.exit_code == 0, result.output
    assert "replay ok: 5 blocks, 5 transactions" in result.output


@pytest.mark.parametrize("height, field, change", [
    (3, "state_root", lambda v: v["header"].update(state_root="00" * 32)),
    (2, "tx_root", lambda v: v.update(txs=[])),
    (4, "log_root", lambda v: v["header"].update(log_root="11" * 32)),
    (2, "prev_hash", lambda v: v["header"].update(prev_hash="22" * 32)),
    (5, "hash", lambda v: v.update(hash="33" * 32)),
    (3, "time", lambda v: v["header"].update(time=0)),
    (4, "validators_hash", lambda v: v["header"].update(validators_hash="44" * 32)),
])
def test_invalid_replay_reports_the_first_divergence(invoke, monkeypatch, chain, height, field, change):
    serve(monkeypatch, chain, tamper(block_views(chain), height, change))
    result = invoke("audit", "replay", "-n", "http://stub")
    assert result.exit_code == 1
    last = result.output.strip().splitlines()[-1]
    assert last.startswith(f"error[divergence]: block {height}, field {field}: "), result.output


def test_invalid_replay_swapped_transaction(monkeypatch, invoke, chain):
    views = block_views(chain)
    swapped = tamper(views, 1, lambda v: v.update(txs=views[1]["txs"]))  # block 2's transaction in block 1
    serve(monkeypatch, chain, swapped)
    result = invoke("audit", "replay", "-n", "http://stub")
    assert result.exit_code == 1
    assert "error[divergence]: block 1, field tx_root" in result.output


def test_audit_replay_on_a_live_node(invoke, live_node, market):
    result = invoke("audit", "replay", "-n", live_node.url)
    assert result.exit_code == 0, result.output
    assert "replay ok" in result.output and "0 transactions were refused" in result.output


def test_audit_trace_shows_every_event_of_a_tonne(invoke, live_node, market):
    result = invoke("tx", "transfer", "-n", live_node.url, "-k", live_node.key("EXCHANGE"), "--from", A, "--to", B,
                    "--instrument", "CEA-2024", "--amount", "100", "--trade-ref", "CEEX-202503-000001")
    assert result.exit_code == 0, result.output
    result = invoke("audit", "trace", "CEA-2024", "50", "-n", live_node.url)
    assert result.exit_code == 0, result.output
    assert f"CEA-2024 serial 50: now in {B} (available)" in result.output
    assert "pre_allocation" in result.output and "transfer" in result.output
    assert "1–7,000" in result.output and "1–100" in result.output


def test_invalid_audit_trace_serial_never_issued(invoke, live_node, market):
    result = invoke("audit", "trace", "CEA-2024", "7001", "-n", live_node.url)
    assert result.exit_code == 1
    assert result.output.strip() == "error[not_found]: serial 7001 of CEA-2024 was never issued (issued up to 7000)"
