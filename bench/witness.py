"""Witness cosign latency: sequential add-checkpoint requests to a real `tanledger witness run` process.

A log grows by `step` leaves between checkpoints; each checkpoint is signed by three of four validators
and sent with its consistency proof from the previous one, one request at a time on a kept-alive
connection, as a validator does. Bodies are built before the clock starts; each request's time covers
parsing, the quorum check (three Ed25519 verifications), the proof, the cosignature and the durable
SQLite commit (synchronous=FULL). Figures: latency p50/p90/p99 and requests per second; then the same
requests straight into WitnessService in this process (no HTTP) on a fresh file, to show what HTTP adds.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from ledger.checkpoint import Trust, Validator, ValidatorSet, format_checkpoint, make_note, quorum_for, sign_note
from ledger.crypto import public_key
from ledger.proof import MemoryTree

ORIGIN = "tanledger.bench/witness"
VALIDATORS = [f"{ORIGIN}/v{i}" for i in range(1, 5)]
STARTUP_S = 30.0
REPO = Path(__file__).resolve().parents[1]


def seed(name: str) -> bytes:
    """A bench validator's seed."""
    return hashlib.sha256(b"bench-witness/" + name.encode()).digest()


def bodies(count: int, step: int) -> list[bytes]:
    """`count` add-checkpoint bodies of a log growing by `step` leaves each, each from the previous size."""
    tree, out, old = MemoryTree(), [], 0
    for _ in range(count):
        for _ in range(step):
            tree.append(hashlib.sha256(tree.size.to_bytes(8, "big")).digest())
        body = format_checkpoint(ORIGIN, tree.size, tree.root())
        note = make_note(body, [sign_note(body, n, seed(n)) for n in VALIDATORS[:3]])
        proof = tree.consistency_proof(old, tree.size) if old else []
        lines = [f"old {old}", *(base64.b64encode(h).decode() for h in proof)]
        out.append(("\n".join(lines) + "\n\n" + note).encode())
        old = tree.size
    return out


def start(home: Path) -> tuple[subprocess.Popen, str]:
    """Init and run a witness in `home` on a free port; (process, URL) once it answers."""
    cli = [sys.executable, "-m", "cli.main", "witness"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    subprocess.run([*cli, "init", "--home", str(home), "--name", "bench.witness/w1"], cwd=REPO, env=env, check=True,
                   capture_output=True)
    (home / "trust.json").write_text(json.dumps(trust().to_json()))
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen([*cli, "run", "--home", str(home), "--trust", str(home / "trust.json"), "--port", str(port)],
                            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url, deadline = f"http://127.0.0.1:{port}", time.monotonic() + STARTUP_S
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/info", timeout=1).status_code == 200:
                return proc, url
        except httpx.TransportError:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit(f"the witness did not answer within {STARTUP_S} s")


def percentile(sorted_ms: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of sorted values."""
    return sorted_ms[min(len(sorted_ms) - 1, max(0, round(p / 100 * len(sorted_ms)) - 1))]


def run(count: int, step: int = 10) -> dict[str, Any]:
    """Time `count` sequential add-checkpoint requests to a fresh witness process (stopped also on error)."""
    requests = bodies(count, step)
    with tempfile.TemporaryDirectory(prefix="bench-witness-") as home:
        proc, url = start(Path(home))
        try:
            latencies = post_all(url, requests)
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    return {"requests": count, "step": step, **figures(latencies), "in_process": figures(in_process(requests))}


def figures(latencies: list[float]) -> dict[str, Any]:
    """p50/p90/p99 in ms, total seconds and requests per second of a run."""
    ms = sorted(latencies)
    return {"total_s": round(sum(ms) / 1000, 2), "p50_ms": round(percentile(ms, 50), 2),
            "p90_ms": round(percentile(ms, 90), 2), "p99_ms": round(percentile(ms, 99), 2),
            "requests_per_s": round(len(ms) / (sum(ms) / 1000))}


def in_process(requests: list[bytes]) -> list[float]:
    """Each request's latency in ms through WitnessService directly, on a fresh durable SQLite file."""
    from node.witness.service import WitnessService
    from node.witness.store import WitnessStore

    latencies = []
    with tempfile.TemporaryDirectory(prefix="bench-witness-") as home:
        service = WitnessService("bench.witness/w1", seed("witness"), [trust()], WitnessStore(Path(home) / "w.db"),
                                 lambda: int(time.time()))
        try:
            for body in requests:
                start_s = time.perf_counter()
                service.add_checkpoint(body)
                latencies.append((time.perf_counter() - start_s) * 1000)
        finally:
            service.close()
    return latencies


def trust() -> Trust:
    """The bench log's trust: four validators, quorum three."""
    return Trust(ORIGIN, (ValidatorSet(0, tuple(Validator(n, public_key(seed(n))) for n in VALIDATORS), quorum_for(4)),))


def post_all(url: str, requests: list[bytes]) -> list[float]:
    """Each request's latency in ms; every answer must be a cosignature."""
    latencies = []
    with httpx.Client(base_url=url, timeout=30) as http:
        for body in requests:
            start_s = time.perf_counter()
            answer = http.post("/add-checkpoint", content=body)
            latencies.append((time.perf_counter() - start_s) * 1000)
            if answer.status_code != 200:
                raise SystemExit(f"add-checkpoint: {answer.status_code} {answer.text[:300]}")
    return latencies


def report(result: dict[str, Any]) -> list[str]:
    """Human-readable lines."""
    r, i = result, result["in_process"]
    return [f"witness: {r['requests']:,} sequential add-checkpoint requests (log +{r['step']} leaves each, 3 of 4 "
            f"validator signatures, consistency proof, durable SQLite), one kept-alive client over loopback",
            f"  cosign latency p50 {r['p50_ms']} ms, p90 {r['p90_ms']} ms, p99 {r['p99_ms']} ms; "
            f"{r['requests_per_s']:,} requests/s ({r['total_s']} s)",
            f"  the same requests into WitnessService in process (no HTTP): p50 {i['p50_ms']} ms, p90 {i['p90_ms']} ms, "
            f"p99 {i['p99_ms']} ms; {i['requests_per_s']:,} requests/s"]
