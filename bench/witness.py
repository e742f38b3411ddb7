"""Witness cosign latency: sequential add-checkpoint requests to a real `tanledger witness run` process.

A log grows by `step` leaves between checkpoints; each checkpoint is signed by three of four validators
and sent with its consistency proof from the previous one, one request at a time on a kept-alive
connection, as a validator does. Bodies are built before the clock starts; each request's time covers
parsing, the quorum check (three Ed25519 verifications), the proof, the cosignature and the durable
SQLite commit (synchronous=FULL). Figures: latency p50/p90/p99 and requests per second.
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
    trust = Trust(ORIGIN, (ValidatorSet(0, tuple(Validator(n, public_key(seed(n))) for n in VALIDATORS), quorum_for(4)),))
    (home / "trust.json").write_text(json.dumps(trust.to_json()))
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
    ms = sorted(latencies)
    return {"requests": count, "step": step, "total_s": round(sum(ms) / 1000, 2),
            "p50_ms": round(percentile(ms, 50), 2), "p90_ms": round(percentile(ms, 90), 2),
            "p99_ms": round(percentile(ms, 99), 2), "requests_per_s": round(count / (sum(ms) / 1000))}


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
    r = result
    return [f"witness: {r['requests']:,} sequential add-checkpoint requests (log +{r['step']} leaves each, 3 of 4 "
            f"validator signatures, consistency proof, durable SQLite), one kept-alive client over loopback",
            f"  cosign latency p50 {r['p50_ms']} ms, p90 {r['p90_ms']} ms, p99 {r['p99_ms']} ms; "
            f"{r['requests_per_s']:,} requests/s ({r['total_s']} s)"]
