"""Real processes for the monitor's tests: solo nodes (`python -m node`) and monitors (`python -m cli.main monitor`).

Every node runs on SQLite in its own home, with the tests' genesis and validator v1, the solo engine
making a block every 20 ms on the simulated clock.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import httpx

from helpers import bilateral_genesis_doc
from ledger.tx import Transaction
from test_crash import start_node as start_node_process  # the solo engine on the simulated clock, 20 ms blocks
from test_crash import free_port, wait_committed
from node.trust import trust_from_genesis
from node_helpers import Signer, market_setup, transfer, write_home

REPO = Path(__file__).resolve().parents[2]


def clean_env(**values: str) -> dict[str, str]:
    """The environment without TANLEDGER_* settings, plus `values`."""
    return {k: v for k, v in os.environ.items() if not k.startswith("TANLEDGER_")} | values


@dataclass
class NodeProcess:
    """A node process on `home` serving `url`; `stop()` ends it (SIGINT, then SIGKILL)."""

    home: Path
    port: int
    proc: subprocess.Popen

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        """End the process and wait for it."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


def start_node(home: Path) -> NodeProcess:
    """`python -m node` on `home` (already holding genesis.json and validator.key); returns once it answers."""
    port = free_port()
    return NodeProcess(home, port, start_node_process(home, port))


def commit_stages(url: str, stages: list[list[Transaction]]) -> None:
    """Submit each stage's transactions and wait until all of them are committed, stage after stage."""
    with httpx.Client(base_url=url, timeout=10) as http:
        for stage in stages:
            for tx in stage:
                assert http.post("/v1/tx", content=tx.raw).status_code == 202
            wait_committed(http, [tx.id_hex for tx in stage])


def build_chain(home: Path, transfers: list[tuple[int, int, int]]) -> NodeProcess:
    """Start a node on a new `home`: the market of entities 1 and 2, then `transfers` (from, to, tonnes), a block each."""
    node = start_node(write_home(home))
    try:
        signer = Signer()
        stages = market_setup(signer, [1, 2]) + [[transfer(signer, a, b, amount=t)] for a, b, t in transfers]
        commit_stages(node.url, stages)
    except BaseException:
        node.stop()
        raise
    return node


def write_trust(path: Path) -> Path:
    """The trust file of the tests' genesis (node_helpers.write_home), as `tanledger trust export` writes it."""
    path.write_text(json.dumps(trust_from_genesis(bilateral_genesis_doc()).to_json(), indent=2), encoding="utf-8")
    return path


def monitor_args(node: str, trust: Path, *extra: str) -> list[str]:
    """The command line of a monitor of `node` with `trust`."""
    return [sys.executable, "-m", "cli.main", "monitor", "--node", node, "--trust", str(trust), *extra]


def run_monitor(node: str, trust: Path, *extra: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run a monitor to its end (`--once`, or an alarm); its exit code and output."""
    return subprocess.run(monitor_args(node, trust, *extra), cwd=REPO, env=clean_env(), capture_output=True, text=True,
                          timeout=timeout)


def start_monitor(node: str, trust: Path, *extra: str) -> subprocess.Popen:
    """A monitor running in the background (stop it with `stop_process`)."""
    return subprocess.Popen(monitor_args(node, trust, *extra), cwd=REPO, env=clean_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def stop_process(proc: subprocess.Popen) -> None:
    """Kill a process still running and wait for it."""
    if proc.poll() is None:
        proc.kill()
    proc.wait(10)
