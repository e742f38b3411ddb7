"""`tanledger monitor --once` on a real node: exit 0 at the tip of an honest chain, exit 2 on a wrong trust file."""
from __future__ import annotations

import json

import httpx

from monitor_processes import run_monitor


def test_once_on_an_honest_node_exits_0(honest, trust):
    status = httpx.get(f"{honest.url}/v1/status").json()
    result = run_monitor(honest.url, trust, "--once", "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["ok"] is True
    assert summary["height"] >= status["height"] and summary["blocks"] == summary["height"]
    assert summary["txs"] == summary["log_size"] == status["log_size"] == 13  # 10 of the market, 3 transfers
    assert summary["signed_blocks"] == summary["blocks"]  # the solo engine serves each header's signature
    assert summary["checkpoints"] >= 4 and summary["latest_checkpoint_size"] == summary["log_size"]
    assert "ALARM" not in result.stderr


def test_once_prints_one_line_of_what_it_checked(honest, trust):
    result = run_monitor(honest.url, trust, "--once")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("monitor ok: ") and "checkpoints match the replayed log" in result.stdout


def test_invalid_trust_of_another_genesis(honest, trust, tmp_path):
    other = json.loads(trust.read_text())
    other["genesis_hash"] = "ab" * 32
    path = tmp_path / "other.json"
    path.write_text(json.dumps(other))
    evidence = tmp_path / "evidence.json"
    result = run_monitor(honest.url, path, "--once", "--evidence", str(evidence))
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("ALARM[genesis_mismatch]: the node's genesis hashes to ")
    assert json.loads(evidence.read_text())["code"] == "genesis_mismatch"
