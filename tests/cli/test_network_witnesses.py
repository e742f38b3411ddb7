"""`tanledger network init|up|status --witnesses N`: the files written, the ports checked, the witnesses shown.

No process starts here; tests/network/test_witnesses.py runs the witnesses with the validators.
"""
from __future__ import annotations

import json
import socket
import stat

from cli_helpers import assert_one_line, free_port_url
from ledger.checkpoint import parse_trust
from node.witnesses_file import load_witnesses


def free_port() -> int:
    return int(free_port_url().rsplit(":", 1)[1])


def test_network_init_with_witnesses_writes_their_keys_files_and_the_trust_file(invoke, tmp_path):
    home = tmp_path / "net"
    result = invoke("network", "init", "--home", home, "--validators", "2", "--api-port", free_port(),
                    "--rpc-port", "46657", "--witnesses", "3", "--witness-port", "47000")
    assert result.exit_code == 0, result.output
    assert "wrote 3 witnesses (quorum 2)" in result.output
    policy = load_witnesses(home / "witnesses.json")
    assert policy is not None and policy.quorum == 2
    assert [(e.witness.name, e.url) for e in policy.endpoints] == [
        (f"witness-{i}", f"http://127.0.0.1:{47000 + i - 1}") for i in (1, 2, 3)]
    for validator in ("REGISTRY", "EXCHANGE"):
        assert load_witnesses(home / validator / "witnesses.json") == policy
    for endpoint in policy.endpoints:
        key = home / endpoint.witness.name / "witness.key"
        assert stat.S_IMODE(key.stat().st_mode) == 0o600
        identity = json.loads((home / endpoint.witness.name / "witness.json").read_text())
        assert identity == {"name": endpoint.witness.name, "pubkey": endpoint.witness.pubkey.hex()}
    trust = parse_trust(json.loads((home / "trust.json").read_text()))
    assert trust.witnesses == policy.witnesses and trust.witness_quorum == 2
    assert [v.name.rsplit("/", 1)[1] for v in trust.sets[0].validators] == ["REGISTRY", "EXCHANGE"]


def test_network_status_shows_witnesses_that_do_not_answer_as_down(invoke, tmp_path):
    home = tmp_path / "net"
    port = free_port()
    assert invoke("network", "init", "--home", home, "--validators", "1", "--api-port", free_port(),
                  "--rpc-port", "46657", "--witnesses", "1", "--witness-port", port).exit_code == 0
    answer = json.loads(invoke("network", "status", "--home", home, "--json").output)
    assert answer["witnesses"] == [{"witness": "witness-1", "url": f"http://127.0.0.1:{port}", "info": None}]
    table = invoke("network", "status", "--home", home)
    assert table.exit_code == 0 and "witness-1" in table.output and "down" in table.output


def test_network_without_witnesses_has_no_witness_files(invoke, tmp_path):
    home = tmp_path / "net"
    assert invoke("network", "init", "--home", home, "--validators", "1", "--api-port", free_port(),
                  "--rpc-port", "46657").exit_code == 0
    assert not (home / "witnesses.json").exists() and not (home / "REGISTRY" / "witnesses.json").exists()
    assert "witnesses" not in json.loads(invoke("network", "status", "--home", home, "--json").output)


def test_invalid_network_up_witness_port_in_use_before_writing(invoke, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = invoke("network", "up", "--home", tmp_path / "net", "--validators", "1", "--api-port", free_port(),
                        "--rpc-port", "46657", "--witnesses", "2", "--witness-port", port - 1)
    assert_one_line(result, "port_in_use", f"{port} (witness-2)", "--witness-port")
    assert not (tmp_path / "net").exists()


def test_invalid_node_start_witnesses_file_is_one_line_naming_it(invoke, home, tmp_path):
    bad = tmp_path / "witnesses.json"
    bad.write_text('{"quorum": 3, "witnesses": []}')
    result = invoke("node", "start", "--home", home, "--engine", "solo", "--clock", "sim", "--port", "0",
                    "--sim-start", "2025-01-02T09:00:00+08:00", "--witnesses", bad)
    assert_one_line(result, "node_start", "witness quorum 3 is not between 0 and the 0 witnesses")
