"""Crash safety: a real node process killed with SIGKILL mid-load restarts at its last committed block.

Every transaction the node reported committed before the kill is still there, in the same block,
and replaying every stored block from genesis reproduces each block hash and the state root.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from helpers import uscc
from node_helpers import SIM_START, Signer, entity_body, market_setup, replay, transfer, write_home

REPO = Path(__file__).resolve().parents[2]
LOAD = 3000  # transactions offered; the kill comes long before the last
KILL_AFTER = 300  # committed transactions seen before the kill


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_node(home: Path, port: int) -> subprocess.Popen:
    """`python -m node` with the solo engine on `home` and `port`; returns once /v1/status answers."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TANLEDGER_")}
    env |= {"TANLEDGER_HOME": str(home), "TANLEDGER_PORT": str(port), "TANLEDGER_ENGINE": "solo", "TANLEDGER_CLOCK": "sim",
            "TANLEDGER_SIM_START": SIM_START, "TANLEDGER_BLOCK_INTERVAL_MS": "20", "TANLEDGER_MAX_BLOCK_TXS": "50",
            "TANLEDGER_LOG_LEVEL": "warning"}
    with open(home / "node.log", "ab") as log:
        proc = subprocess.Popen([sys.executable, "-m", "node"], cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"node exited with {proc.returncode}:\n{(home / 'node.log').read_text()}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/v1/status", timeout=1).status_code == 200:
                return proc
        except httpx.TransportError:
            time.sleep(0.05)
    proc.kill()
    pytest.fail(f"node did not answer within 60 s:\n{(home / 'node.log').read_text()}")


def wait_committed(http: httpx.Client, tx_ids: list[str]) -> None:
    deadline = time.monotonic() + 60
    for tx_id in tx_ids:
        while (body := http.get(f"/v1/tx/{tx_id}").json())["status"] == "pending":
            assert time.monotonic() < deadline, f"{tx_id} still pending"
            time.sleep(0.02)
        assert body["status"] == "committed", body


class Submitter(threading.Thread):
    """Posts transactions one after another until told to stop or the node goes away."""

    def __init__(self, url: str, raws: list[bytes]) -> None:
        super().__init__(daemon=True)
        self.url, self.raws, self.accepted, self.stop = url, raws, [], threading.Event()

    def run(self) -> None:
        with httpx.Client(base_url=self.url, timeout=10) as http:
            for raw in self.raws:
                if self.stop.is_set():
                    return
                try:
                    response = http.post("/v1/tx", content=raw)
                except httpx.TransportError:
                    return
                if response.status_code == 202:
                    self.accepted.append(response.json()["id"])


def load(signer: Signer) -> list[bytes]:
    """Transfers of 1 t from entity 1 to 2, with a registration by the registry every tenth transaction."""
    return [(signer.sign("register_participant", entity_body(100 + i), "REGISTRY") if i % 10 == 9
             else transfer(signer, 1, 2, amount=1)).raw for i in range(LOAD)]


def test_kill_9_mid_load_loses_nothing_committed(tmp_path: Path) -> None:
    home, port = write_home(tmp_path / "home"), free_port()
    url = f"http://127.0.0.1:{port}"
    proc = start_node(home, port)
    try:
        http = httpx.Client(base_url=url, timeout=10)
        signer = Signer()
        for stage in market_setup(signer, [1, 2], basis_t=1_000_000):
            for tx in stage:
                assert http.post("/v1/tx", content=tx.raw).status_code == 202
            wait_committed(http, [tx.id_hex for tx in stage])
        submitter = Submitter(url, load(signer))
        submitter.start()
        committed = watch_until(http, submitter, KILL_AFTER)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        submitter.stop.set()
        submitter.join(30)
        assert len(submitter.accepted) < LOAD, "the load finished before the kill"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
    proc = start_node(home, port)
    try:
        http = httpx.Client(base_url=url, timeout=30)
        for tx_id, (height, block_hash) in committed.items():
            body = http.get(f"/v1/tx/{tx_id}").json()
            assert (body["status"], body["height"], body["block_hash"]) == ("committed", height, block_hash), body
        status = http.get("/v1/status").json()
        assert status["height"] >= max(h for h, _ in committed.values())
        state_root, tip_hash = replay(http)
        assert (state_root, tip_hash) == (status["state_root"], status["block_hash"])
        for tx_id in submitter.accepted[len(committed):]:  # accepted later: in a block, or lost with the mempool
            assert http.get(f"/v1/tx/{tx_id}").status_code in (200, 404)
        nonce = http.get(f"/v1/accounts/{uscc(1)}").json()["nonce"]
        body = {"from": uscc(1), "to": uscc(2), "instrument": "CEA-2024", "amount": 1}
        after = signer.sign("transfer", body, uscc(1), nonce=nonce + 1)
        assert http.post("/v1/tx", content=after.raw).status_code == 202
        wait_committed(http, [after.id_hex])
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)


def watch_until(http: httpx.Client, submitter: Submitter, count: int) -> dict[str, tuple[int, str]]:
    """Follow accepted transactions in order; return {id: (height, block hash)} once `count` are committed."""
    committed: dict[str, tuple[int, str]] = {}
    deadline = time.monotonic() + 120
    while len(committed) < count:
        assert time.monotonic() < deadline, f"only {len(committed)} committed"
        accepted = submitter.accepted[len(committed):]
        for tx_id in accepted:
            body = http.get(f"/v1/tx/{tx_id}").json()
            if body["status"] == "pending":
                break
            assert body["status"] == "committed", body
            committed[tx_id] = (body["height"], body["block_hash"])
        time.sleep(0.01)
    return committed
