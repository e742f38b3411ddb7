"""End to end over HTTP: signed transfers into one real node, until each is seen committed.

The node runs as a subprocess (`python -m node`) in a temporary home, with its default settings:
SQLite (WAL, synchronous=FULL), the wall clock, the default block interval, on a free port of
127.0.0.1. Its genesis holds N entities (`bench/world.py`); allowances are issued over HTTP by
real `allocate` transactions (untimed). Three timed phases, each with fresh transfers:

- idle: one client, one transaction at a time: the latency floor (block interval, execution, fsync);
- per-tx: `clients` threads, each keeping `window` transfers in flight: `POST /v1/tx`, then
  `GET /v1/tx/{id}` on its oldest pending one every POLL_S until committed;
- bulk: `POST /v1/txs` (NDJSON) in batches of BULK_BATCH, one client, then every id checked.

Committed tx/s = transactions / (first submit → last seen committed). Latency = submit → seen
committed, so it includes up to POLL_S of polling delay plus the GETs before it in its thread.
Each phase also reports the node process's CPU time per transaction (/proc/<pid>/stat).
"""
from __future__ import annotations

import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable

import httpx

from ledger.tx import Transaction
from node.settings import NodeSettings

from . import world

POLL_S = 0.02  # seconds between two GET /v1/tx/{id} of the same pending transaction
BULK_BATCH = 1000  # transactions per POST /v1/txs
IDLE_TXS = 100  # transfers of the one-at-a-time phase
START_TIMEOUT_S = 300.0  # for the node to open its genesis and answer
PHASE_TIMEOUT_S = 1800.0  # the most any phase may take before the run stops
DEADLINE = "2099-12-31T23:59:59+08:00"  # of the 2024 cycle: after any wall-clock block time of the run
JSON = {"content-type": "application/json"}


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_node(home: Path, entities: int, port: int) -> subprocess.Popen:
    """Write the genesis and the validator key into `home`, then start `python -m node` on `port`."""
    (home / "genesis.json").write_text(json.dumps(world.genesis_doc(entities)), encoding="utf-8")
    (home / "validator.key").write_text(world.seed("validator-1").hex() + "\n", encoding="ascii")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TANLEDGER_")}
    env.update(TANLEDGER_HOME=str(home), TANLEDGER_HOST="127.0.0.1", TANLEDGER_PORT=str(port),
               TANLEDGER_CLOCK="wall", TANLEDGER_LOG_LEVEL="warning",
               TANLEDGER_ENGINE="solo")  # one node making its own blocks (the default engine is CometBFT now)
    with open(home / "node.log", "wb") as log:  # the child keeps its own descriptor
        return subprocess.Popen([sys.executable, "-m", "node"], env=env, stdout=log, stderr=subprocess.STDOUT,
                                cwd=Path(__file__).resolve().parent.parent)


def wait_ready(client: httpx.Client, proc: subprocess.Popen, home: Path) -> None:
    """Return once GET /v1/status answers; raise SystemExit if the node exits or stays silent."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the node exited ({proc.returncode}):\n{node_log(home)}")
        try:
            if client.get("/v1/status").status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"the node did not answer within {START_TIMEOUT_S} s:\n{node_log(home)}")


def stop_node(proc: subprocess.Popen) -> None:
    """SIGINT (uvicorn's graceful stop), then SIGKILL if it has not exited within 30 s."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def node_log(home: Path, lines: int = 30) -> str:
    path = home / "node.log"
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process `pid` so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def submit(client: httpx.Client, tx: Transaction) -> None:
    """POST /v1/tx; raise SystemExit unless the node answers 202 with the transaction's id."""
    answer = client.post("/v1/tx", content=tx.raw, headers=JSON)
    if answer.status_code != 202 or answer.json().get("id") != tx.id_hex:
        raise SystemExit(f"POST /v1/tx refused {tx.type} {tx.id_hex}: {answer.status_code} {answer.text}")


def submit_bulk(client: httpx.Client, txs: list[Transaction]) -> None:
    """POST /v1/txs with one NDJSON line per transaction; raise SystemExit unless all are accepted."""
    answer = client.post("/v1/txs", content=b"\n".join(tx.raw for tx in txs),
                         headers={"content-type": "application/x-ndjson"})
    refused = [r for r in answer.json().get("results", [])
               if r.get("status") != "pending"] if answer.status_code == 202 else [answer.text]
    if refused:
        raise SystemExit(f"POST /v1/txs refused {len(refused)} of {len(txs)}: {refused[0]}")


def status(client: httpx.Client, tx: Transaction) -> str:
    """'pending' or 'committed'; raise SystemExit if it failed or the node does not know it."""
    answer = client.get(f"/v1/tx/{tx.id_hex}")
    body = answer.json()
    if answer.status_code != 200 or body["status"] == "failed":
        raise SystemExit(f"{tx.type} {tx.id_hex}: {answer.status_code} {body}")
    return body["status"]


def wait_committed(client: httpx.Client, tx: Transaction, deadline: float) -> float:
    """Poll until `tx` is committed; the perf_counter time it was seen so."""
    while status(client, tx) != "committed":
        if time.monotonic() > deadline:
            raise SystemExit(f"{tx.type} {tx.id_hex} not committed in time")
        time.sleep(POLL_S)
    return time.perf_counter()


def setup(client: httpx.Client, signer: world.Signer, entities: int) -> None:
    """The vintage and its cycle one by one, then every entity's pre-allocation in bulk; check the supply."""
    deadline = time.monotonic() + PHASE_TIMEOUT_S
    # The node's wall clock is past world.py's 2025 deadline: the cycle gets a later one here
    first = [signer.sign("create_instrument", {"id": world.INSTRUMENT, "vintage": 2024}, "MEE"),
             signer.sign("set_compliance_cycle", {"year": 2024, "deadline": DEADLINE,
                                                  "eligible_vintages": [world.INSTRUMENT]}, "MEE"),
             signer.sign("create_instrument", {"id": "CEA-2023", "vintage": 2023}, "MEE"),  # the basis year's cycle
             signer.sign("set_compliance_cycle", {"year": 2023, "deadline": DEADLINE, "eligible_vintages": ["CEA-2023"]},
                         "MEE")]
    _, *allocations = world.setup_blocks(signer, entities, BULK_BATCH)  # its first block is replaced
    for tx in first:  # the cycle needs the instrument, the allocations need both
        submit(client, tx)
        wait_committed(client, tx, deadline)
    for batch in allocations:
        submit_bulk(client, batch)
    wait_committed(client, allocations[-1][-1], deadline)
    supply = client.get(f"/v1/instruments/{world.INSTRUMENT}").json()["supply"]
    if supply["issued"] != entities * world.BASIS_T * 7 // 10 or not supply["balanced"]:
        raise SystemExit(f"allocation did not issue what the setup expects: {supply}")


def lanes(txs: list[Transaction], clients: int) -> list[list[Transaction]]:
    """Split transfers by sender, so that each sender's nonces reach the node in order from one thread."""
    out: list[list[Transaction]] = [[] for _ in range(clients)]
    for tx in txs:
        out[hash(tx.body["from"]) % clients].append(tx)
    return out


def client_loop(base_url: str, txs: list[Transaction], window: int, latencies: list[float]) -> tuple[float, int]:
    """Keep up to `window` of `txs` in flight; record each one's submit → seen-committed seconds.

    Return the time the last was seen committed and the number of GETs sent.
    """
    deadline = time.monotonic() + PHASE_TIMEOUT_S
    inflight: deque[tuple[Transaction, float]] = deque()
    gets = 0
    with httpx.Client(base_url=base_url, timeout=60) as client:
        for tx in [*txs, None]:  # None: drain the window
            while inflight and (len(inflight) >= window or tx is None):
                head, sent = inflight[0]
                gets += 1
                if status(client, head) == "committed":
                    latencies.append(time.perf_counter() - sent)
                    inflight.popleft()
                    continue
                if time.monotonic() > deadline:
                    raise SystemExit(f"transfer {head.id_hex} not committed in time")
                time.sleep(POLL_S)
            if tx is not None:
                sent = time.perf_counter()
                submit(client, tx)
                inflight.append((tx, sent))
    return time.perf_counter(), gets


def run_clients(base_url: str, txs: list[Transaction], clients: int, window: int) -> dict[str, Any]:
    """Time the per-tx phase with `clients` threads; return its figures (a client's error is raised)."""
    latencies: list[float] = []
    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        futures = [pool.submit(client_loop, base_url, lane, window, latencies) for lane in lanes(txs, clients)]
    ends, gets = zip(*(future.result() for future in futures))
    return figures(len(txs), max(ends) - start, latencies) | {
        "clients": clients, "window": window, "gets_per_tx": round(sum(gets) / len(txs), 2)}


def figures(count: int, seconds: float, latencies: list[float]) -> dict[str, Any]:
    """Throughput and latency percentiles. Requires at least two latencies."""
    cut = statistics.quantiles(latencies, n=100, method="inclusive")
    return {"txs": count, "seconds": round(seconds, 2), "tx_per_s": round(count / seconds, 1),
            "p50_ms": round(cut[49] * 1000, 1), "p99_ms": round(cut[98] * 1000, 1),
            "max_ms": round(max(latencies) * 1000, 1)}


def run_bulk(client: httpx.Client, txs: list[Transaction]) -> dict[str, Any]:
    """Time the bulk phase: batches posted back to back, until the last transfer is committed."""
    start = time.perf_counter()
    for batch in world.chunks(txs, BULK_BATCH):
        submit_bulk(client, batch)
    admitted = time.perf_counter() - start
    end = wait_committed(client, txs[-1], time.monotonic() + PHASE_TIMEOUT_S)  # FIFO: the last commits last
    return {"txs": len(txs), "batch": BULK_BATCH, "seconds": round(end - start, 2),
            "tx_per_s": round(len(txs) / (end - start), 1), "admission_tx_per_s": round(len(txs) / admitted, 1)}


def check_committed(client: httpx.Client, txs: list[Transaction]) -> None:
    """Raise SystemExit unless every one of `txs` is committed (untimed, after the bulk phase)."""
    for tx in txs:
        if status(client, tx) != "committed":
            raise SystemExit(f"transfer {tx.id_hex} still pending after the last one committed")


def with_cpu(pid: int, phase: Any, *args: Any) -> dict[str, Any]:
    """Run `phase(*args)`; add the node's CPU milliseconds per transaction to its figures."""
    before = cpu_seconds(pid)
    result = phase(*args)
    return result | {"node_cpu_ms_per_tx": round((cpu_seconds(pid) - before) * 1000 / result["txs"], 2)}


def time_phases(client: httpx.Client, pid: int, signer: world.Signer, entities: int, transfers: int,
                seed: int, clients: int, window: int) -> dict[str, Any]:
    """Set up the world, then the idle, per-tx and bulk phases, each with fresh transfers."""
    rng, base_url = random.Random(seed), str(client.base_url).rstrip("/")
    start = time.perf_counter()
    setup(client, signer, entities)
    setup_s = time.perf_counter() - start
    idle = with_cpu(pid, run_clients, base_url, world.transfers(signer, entities, IDLE_TXS, rng), 1, 1)
    loaded = with_cpu(pid, run_clients, base_url, world.transfers(signer, entities, transfers, rng), clients, window)
    bulk_txs = world.transfers(signer, entities, transfers, rng)
    bulk = with_cpu(pid, run_bulk, client, bulk_txs)
    check_committed(client, bulk_txs)
    return {"entities": entities, "setup_seconds": round(setup_s, 1), "idle": idle, "per_tx": loaded, "bulk": bulk,
            "height": client.get("/v1/status").json()["height"]}


def on_node(entities: int, work: Callable[[httpx.Client, int], dict[str, Any]], timeout: float = 120) -> dict[str, Any]:
    """Start a node with `entities`, run `work(client, node pid)`, stop the node (also on error or Ctrl-C)."""
    with tempfile.TemporaryDirectory(prefix="tanledger-bench-") as tmp:
        home, port = Path(tmp), free_port()
        proc = start_node(home, entities, port)
        try:
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=timeout) as client:
                wait_ready(client, proc, home)
                return work(client, proc.pid)
        except BaseException:
            print(f"node log (last lines):\n{node_log(home)}", file=sys.stderr)
            raise
        finally:
            stop_node(proc)


def run(entities: int, transfers: int, seed: int, clients: int, window: int) -> dict[str, Any]:
    """Start a node, time the phases over HTTP, stop the node (also on error or Ctrl-C)."""
    result = on_node(entities, lambda client, pid: time_phases(client, pid, world.Signer(), entities, transfers, seed,
                                                               clients, window))
    defaults = NodeSettings.model_fields
    return result | {"poll_ms": POLL_S * 1000, "block_interval_ms": defaults["block_interval_ms"].default,
                     "max_block_txs": defaults["max_block_txs"].default}


def report(result: dict[str, Any]) -> list[str]:
    """Human-readable lines."""
    r, i, p, b = result, result["idle"], result["per_tx"], result["bulk"]
    return [
        f"http: one node (SQLite WAL synchronous=FULL, block interval {r['block_interval_ms']} ms, blocks of <= "
        f"{r['max_block_txs']:,}), {r['entities']:,} entities allocated over HTTP in {r['setup_seconds']} s (untimed)",
        f"  POST /v1/tx, 1 client, 1 in flight, {i['txs']:,} transfers: {i['tx_per_s']:,} tx/s committed; latency "
        f"p50 {i['p50_ms']} ms, p99 {i['p99_ms']} ms; {i['gets_per_tx']} GETs/tx; node CPU {i['node_cpu_ms_per_tx']} ms/tx",
        f"  POST /v1/tx, {p['clients']} clients x {p['window']} in flight, {p['txs']:,} transfers: "
        f"{p['tx_per_s']:,} tx/s committed ({p['seconds']} s); latency p50 {p['p50_ms']} ms, p99 {p['p99_ms']} ms, "
        f"max {p['max_ms']} ms; {p['gets_per_tx']} GETs/tx; node CPU {p['node_cpu_ms_per_tx']} ms/tx",
        f"  POST /v1/txs, batches of {b['batch']:,}, {b['txs']:,} transfers: {b['tx_per_s']:,} tx/s committed "
        f"({b['seconds']} s; admission alone {b['admission_tx_per_s']:,} tx/s); node CPU {b['node_cpu_ms_per_tx']} ms/tx",
        f"  latency = submit -> seen committed by GET /v1/tx/{{id}}, polled every {r['poll_ms']:g} ms "
        f"(chain height at the end: {r['height']})",
    ]
