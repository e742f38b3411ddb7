"""Witnessing delay in a real network: 4 validators on CometBFT and 3 witnesses (quorum 2) on loopback.

After the world's setup, each round commits a few transfers (one bulk POST to validator 1) and
times, from the moment their block is seen stored, (1) until a checkpoint covering them has the
validators' quorum (their co-signatures ride on the next two blocks' vote extensions) and (2)
until validator 1 serves one that also carries the witness quorum (`GET /v1/checkpoint`). The
difference is what the witnesses add: the validators' add-checkpoint round trips and the witnesses'
durable commits.
"""
from __future__ import annotations

import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from cli.witnesses import free_witness_base

from . import world
from .network import Watcher, make_network, post_bulk, setup, start_watching

VALIDATORS, WITNESSES, ENTITIES, TRANSFERS = 4, 3, 40, 5
POLL_S = 0.01


def wait_for(client: httpx.Client, check: Any, timeout: float = 60.0) -> float:
    """Poll `check(client)` until true; the perf_counter time it first was. SystemExit after `timeout`."""
    deadline = time.monotonic() + timeout
    while not check(client):
        if time.monotonic() > deadline:
            raise SystemExit("the network did not reach the awaited checkpoint within 60 s")
        time.sleep(POLL_S)
    return time.perf_counter()


def one_round(client: httpx.Client, watcher: Watcher, rng: random.Random, signer: world.Signer) -> tuple[float, float]:
    """Commit a few transfers; (seconds to the validators' quorum, seconds to the witness quorum) from their block."""
    txs = world.transfers(signer, ENTITIES, TRANSFERS, rng)
    post_bulk(client, txs)
    watcher.wait_all([tx.id_hex for tx in txs])
    committed = max(watcher.seen[tx.id_hex] for tx in txs)
    size = client.get("/v1/status").json()["log_size"]

    def validators_signed(c: httpx.Client) -> bool:
        return any(x["cosigned"] for x in c.get(f"/v1/checkpoints?from={size}").json()["checkpoints"])

    def served_witnessed(c: httpx.Client) -> bool:
        view = c.get("/v1/checkpoint").json()
        return view.get("size", 0) >= size and bool(view.get("witnessed"))

    signed = wait_for(client, validators_signed)
    witnessed = wait_for(client, served_witnessed)
    return signed - committed, witnessed - committed


def run(rounds: int = 10, seed: int = 7) -> dict[str, Any]:
    """Start the 4 + 3 network, set it up, time `rounds` rounds, stop it (also on error)."""
    with tempfile.TemporaryDirectory(prefix="tanledger-bench-witnessing-") as tmp:
        net = make_network(Path(tmp) / "net", VALIDATORS, ENTITIES, timeout_commit_ms=200)
        net.add_witnesses(WITNESSES, free_witness_base(WITNESSES, 61000))
        net.start_witnesses()
        net.start()
        watcher = None
        try:
            watcher = start_watching(net)
            setup(net, watcher, ENTITIES)
            rng, signer = random.Random(seed), world.Signer()
            with httpx.Client(base_url=net.specs[0].api, timeout=30) as client:
                samples = [one_round(client, watcher, rng, signer) for _ in range(rounds)]
        finally:
            if watcher is not None:
                watcher.stopping.set()
            net.stop()
    return {"rounds": rounds, "validators_quorum_s": [round(a, 3) for a, _ in samples],
            "witness_quorum_s": [round(b, 3) for _, b in samples]}


def report(result: dict[str, Any]) -> list[str]:
    """The figures as lines: medians and ranges of both delays."""
    def line(values: list[float]) -> str:
        return f"median {statistics.median(values):.2f} s (min {min(values):.2f}, max {max(values):.2f})"
    return [f"witnessing: {VALIDATORS} validators (timeout_commit 200 ms), {WITNESSES} witnesses (quorum 2), "
            f"{result['rounds']} rounds of {TRANSFERS} transfers, loopback",
            f"  block stored -> its checkpoint has the validators' quorum   {line(result['validators_quorum_s'])}",
            f"  block stored -> served with the witnesses' quorum          {line(result['witness_quorum_s'])}"]
