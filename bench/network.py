"""A validator network on loopback against one validator: the same engine (CometBFT), load and run.

For each size (one validator, then N), a fresh `cli.network.LocalNetwork` is written for the
world's genesis (`bench/world.py`, with the devnet calendar starting at its 2024 genesis time),
started, and set up over HTTP (the vintage, its cycle, every entity's allocation: untimed).
Then two timed phases, each with fresh transfers signed before the clock starts:

- per-tx: `clients` threads, each POSTing one transfer at a time (`POST /v1/tx`, no polling);
  thread i sends to validator i mod N; each sender's transfers go through one thread, in order;
- bulk: one thread per validator, `POST /v1/txs` (NDJSON) in chunks of BULK_CHUNK, back to back.

A watcher thread follows validator 1: it polls its CometBFT `/status` every WATCH_S and reads
each new block's tx ids from `GET /v1/blocks/{h}` as soon as the app has stored it; a transfer's
latency is submit → that moment (the POST's start; in bulk, its chunk's). Committed tx/s =
transfers / (first submit → last commit seen). CPU = user + system time of every process of the
network (each validator's node and its CometBFT, one process group each), per transfer.
Bytes/s = the sum of every peer connection's SendMonitor bytes (`/net_info`); CometBFT exposes no
message counts. With `profile`, py-spy samples validator 1's node (the GIL holder, 100 Hz) in every phase.
"""
from __future__ import annotations

import hashlib
import json
import os
import random
import socket
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from cli.network import LocalNetwork
from ledger.tx import Transaction
from node.clock import parse_time
from node.network import INSTITUTIONS, set_toml

from . import world
from .network_probe import commit_rounds, group_cpu, machine_busy, sent_bytes, start_profiler, stop_profiler

BULK_CHUNK = 1000  # transactions per POST /v1/txs
WATCH_S = 0.01  # seconds between two CometBFT /status polls of the watcher
PHASE_TIMEOUT_S = 600.0  # the most a phase may take before the run stops
START_TIMEOUT_S = 120.0  # for a network to commit its second block
# where a validator's Python time goes: inclusive share of these frames in the profile
RETRY_CODES = {"mempool_full", "engine_unavailable"}  # refusals a client re-sends after RETRY_S
RETRY_S = 0.05
NDJSON = {"content-type": "application/x-ndjson"}
JSON = {"content-type": "application/json"}


def free_base(count: int) -> tuple[int, int]:
    """An API base and an RPC base with every port of a `count`-validator network free (as tests do)."""
    for base in range(31000, 60000, 211):
        ports = [base + i for i in range(count)] + [base + 100 + 10 * i + d for i in range(count) for d in (-1, 0)]
        if all(is_free(port) for port in ports):
            return base, base + 100
    raise SystemExit("no free ports for the network")


def is_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def make_network(folder: Path, count: int, entities: int, timeout_commit_ms: int,
                 max_block_bytes: int | None = None, mempool_size: int | None = None) -> LocalNetwork:
    """Write (not start) a `count`-validator network of the world's genesis in `folder`. `max_block_bytes`
    replaces the consensus parameter node/network.py sets (8 MiB) in every validator's CometBFT genesis,
    `mempool_size` its config.toml's [mempool] size (100,000)."""
    seeds = {name: hashlib.sha256(b"tanledger-bench-validator/" + name.encode()).digest()
             for name in INSTITUTIONS[:count]}
    doc = world.genesis_doc(entities)
    # a devnet calendar that starts at the world's genesis time (2024), so its 2025 deadline holds
    doc["params"] = {**doc.get("params", {}), "clock_offset_ms": parse_time(world.GENESIS_TIME) - time.time_ns() // 1_000_000}
    api, rpc = free_base(count)
    net = LocalNetwork.create(folder, doc, seeds, count, api, rpc, timeout_commit_ms=timeout_commit_ms)
    for spec in net.specs if mempool_size else []:
        path = Path(spec.home, "cometbft", "config", "config.toml")
        path.write_text(set_toml(path.read_text(), "mempool", "size", mempool_size))
    for spec in net.specs if max_block_bytes else []:
        path = Path(spec.home, "cometbft", "config", "genesis.json")
        cbft = json.loads(path.read_text(encoding="utf-8"))
        params = cbft["consensus_params"]
        params["block"]["max_bytes"] = str(max_block_bytes)
        # CometBFT requires evidence's share of a block to fit in it
        params["evidence"]["max_bytes"] = str(min(int(params["evidence"]["max_bytes"]), max_block_bytes // 2))
        path.write_text(json.dumps(cbft, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return net


class Watcher(threading.Thread):
    """Follows one validator's new blocks: the perf_counter time each tx id was first seen committed."""

    def __init__(self, rpc: str, api: str, height: int) -> None:
        super().__init__(name="watcher", daemon=True)
        self.rpc, self.api, self.height = rpc, api, height
        self.seen: dict[str, float] = {}
        self.block_times: list[tuple[int, float, int]] = []  # (height, seen, txs)
        self.stopping = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            with httpx.Client(timeout=10) as client:
                while not self.stopping.is_set():
                    latest = int(client.get(f"{self.rpc}/status").json()["result"]["sync_info"]["latest_block_height"])
                    while self.height < latest and not self.stopping.is_set():
                        self.read_block(client, self.height + 1)
                    time.sleep(WATCH_S)
        except BaseException as exc:  # noqa: BLE001 - reported by wait_all, which re-raises it
            self.error = exc

    def read_block(self, client: httpx.Client, height: int) -> None:
        """Wait until the app has stored block `height`; note the time for each of its transactions."""
        while (answer := client.get(f"{self.api}/v1/blocks/{height}")).status_code == 404:
            time.sleep(0.002)
        answer.raise_for_status()
        now, ids = time.perf_counter(), answer.json()["tx_ids"]
        for tx_id in ids:
            self.seen.setdefault(tx_id, now)
        self.block_times.append((height, now, len(ids)))
        self.height = height

    def wait_all(self, tx_ids: list[str], timeout: float = PHASE_TIMEOUT_S) -> None:
        """Return once every id was seen committed; SystemExit if the watcher failed or after `timeout`."""
        deadline = time.monotonic() + timeout
        for tx_id in tx_ids:
            while tx_id not in self.seen:
                if self.error is not None:
                    raise SystemExit(f"the watcher stopped: {self.error!r}")
                if time.monotonic() > deadline:
                    raise SystemExit(f"{tx_id} not committed within {timeout:.0f} s")
                time.sleep(0.01)


def start_watching(net: LocalNetwork) -> Watcher:
    """Once the started network commits its second block, a started Watcher of validator 1."""
    net.wait_height(2, timeout=START_TIMEOUT_S)
    spec = net.specs[0]
    watcher = Watcher(spec.rpc, spec.api, net.status(spec.name)["height"])
    watcher.start()
    return watcher


def setup(net: LocalNetwork, watcher: Watcher, entities: int) -> float:
    """The vintage, its cycle and every allocation, posted to validator 1 and seen committed; the seconds."""
    start = time.perf_counter()
    txs = [tx for block in world.setup_blocks(world.Signer(), entities, BULK_CHUNK) for tx in block]
    with httpx.Client(base_url=net.specs[0].api, timeout=120) as client:
        for chunk in world.chunks(txs, BULK_CHUNK):
            post_bulk(client, chunk)
    watcher.wait_all([tx.id_hex for tx in txs])
    return time.perf_counter() - start


def post_one(client: httpx.Client, tx: Transaction) -> None:
    """POST /v1/tx until it is admitted; re-send after a transient refusal, SystemExit on any other."""
    while True:
        answer = client.post("/v1/tx", content=tx.raw, headers=JSON)
        if answer.status_code == 202:
            return
        if answer.json().get("code") not in RETRY_CODES:
            raise SystemExit(f"POST /v1/tx refused {tx.id_hex}: {answer.status_code} {answer.text}")
        time.sleep(RETRY_S)


def post_bulk(client: httpx.Client, txs: list[Transaction]) -> None:
    """POST /v1/txs with `txs`; re-send the refused suffix after a transient refusal, SystemExit on any other."""
    while txs:
        answer = client.post("/v1/txs", content=b"\n".join(tx.raw for tx in txs), headers=NDJSON)
        answer.raise_for_status()
        results = answer.json()["results"]
        first = next((i for i, r in enumerate(results) if r.get("status") != "pending"), None)
        if first is None:
            return
        if results[first].get("code") not in RETRY_CODES:
            raise SystemExit(f"POST /v1/txs refused {txs[first].id_hex}: {results[first]}")
        txs = txs[first:]  # the later ones of the same senders need the refused one first
        time.sleep(RETRY_S)


def lanes(txs: list[Transaction], count: int) -> list[list[Transaction]]:
    """Split transfers by sender, so each sender's nonces go through one lane in order."""
    out: list[list[Transaction]] = [[] for _ in range(count)]
    for tx in txs:
        out[int(tx.body["from"][4:17]) % count].append(tx)
    return out


def per_tx_lane(api: str, txs: list[Transaction], sent: dict[str, float]) -> None:
    with httpx.Client(base_url=api, timeout=120) as client:
        for tx in txs:
            sent[tx.id_hex] = time.perf_counter()
            post_one(client, tx)


def bulk_lane(api: str, txs: list[Transaction], sent: dict[str, float]) -> None:
    with httpx.Client(base_url=api, timeout=300) as client:
        for chunk in world.chunks(txs, BULK_CHUNK):
            now = time.perf_counter()
            sent.update((tx.id_hex, now) for tx in chunk)
            post_bulk(client, chunk)


def phase(net: LocalNetwork, watcher: Watcher, mode: str, txs: list[Transaction], clients: int,
          profile: Path | None) -> dict[str, Any]:
    """Submit `txs` ('per_tx' from `clients` threads, or 'bulk' one thread per validator); figures once all committed."""
    apis, pgids = [s.api for s in net.specs], [p.pid for p in net.processes.values()]
    groups = lanes(txs, clients if mode == "per_tx" else len(apis))
    work, sent = (per_tx_lane if mode == "per_tx" else bulk_lane), {}
    cpu0, bytes0, client0, busy0 = group_cpu(pgids), sent_bytes(net), sum(os.times()[:2]), machine_busy()
    spy = start_profiler(net.processes[net.specs[0].name].pid, profile) if profile else None
    start = time.perf_counter()
    with ThreadPoolExecutor(len(groups)) as pool:
        for future in [pool.submit(work, apis[i % len(apis)], lane, sent) for i, lane in enumerate(groups)]:
            future.result()
    admitted = time.perf_counter() - start
    ids = [tx.id_hex for tx in txs]
    watcher.wait_all(ids)
    cpu1, bytes1, client1, busy1 = group_cpu(pgids), sent_bytes(net), sum(os.times()[:2]), machine_busy()
    result = figures(ids, sent, watcher, start) | {
        "mode": mode, "threads": len(groups), "admission_tx_per_s": round(len(txs) / admitted, 1),
        "cpu_ms_per_tx": {k: round((cpu1.get(k, 0) - cpu0.get(k, 0)) * 1000 / len(txs), 2) for k in cpu1},
        "client_cpu_ms_per_tx": round((client1 - client0) * 1000 / len(txs), 2)}
    result["cpu_ms_per_tx"]["all"] = round(sum(result["cpu_ms_per_tx"].values()), 2)
    ours = sum(cpu1.values()) - sum(cpu0.values()) + client1 - client0
    elapsed = time.perf_counter() - start
    # cores busy over the phase: the network and this client, and every other job of the machine
    result["cores_busy"] = {"ours": round(ours / elapsed, 2), "others": round((busy1 - busy0 - ours) / elapsed, 2)}
    result["p2p_kib_per_s"] = round((bytes1 - bytes0) / 1024 / result["seconds"], 1)
    result["p2p_bytes_per_tx"] = round((bytes1 - bytes0) / len(txs))
    result["profile"] = stop_profiler(spy, profile) if profile else None
    result["rounds"] = commit_rounds(net.specs[0].rpc, [h for h, _, _ in result["block_series"]])
    if result["profile"]:  # samples hold the GIL: their rate against 100 Hz is how busy the node's Python was
        result["profile"]["gil_busy"] = round(result["profile"]["samples"] / (100 * result["seconds"]), 2)
    return result


def figures(ids: list[str], sent: dict[str, float], watcher: Watcher, start: float) -> dict[str, Any]:
    """Throughput (whole phase and its middle 80 %), latency percentiles, blocks. Requires >= 10 ids."""
    commits = sorted(watcher.seen[i] for i in ids)
    latencies = [watcher.seen[i] - sent[i] for i in ids]
    cut = statistics.quantiles(latencies, n=100, method="inclusive")
    seconds = commits[-1] - start
    low, high = commits[len(ids) // 10], commits[len(ids) * 9 // 10]
    blocks = [(h, n) for h, seen, n in watcher.block_times if start < seen <= commits[-1]]  # (height, txs)
    return {"txs": len(ids), "seconds": round(seconds, 2), "tx_per_s": round(len(ids) / seconds, 1),
            "steady_tx_per_s": round(0.8 * len(ids) / (high - low), 1) if high > low else None,
            "p50_ms": round(cut[49] * 1000), "p99_ms": round(cut[98] * 1000), "max_ms": round(max(latencies) * 1000),
            "blocks": len(blocks), "blocks_per_s": round(len(blocks) / seconds, 2),
            "max_block_txs": max((n for _, n in blocks), default=0),
            "block_series": [(h, round(seen - start, 2), n) for h, seen, n in watcher.block_times
                             if start < seen <= commits[-1]]}


def check_committed(net: LocalNetwork, ids: list[str], rng: random.Random, sample: int = 100) -> None:
    """SystemExit unless a random sample of `ids` reads `committed` (not failed) on every validator."""
    for spec in net.specs:
        with httpx.Client(base_url=spec.api, timeout=30) as client:
            for tx_id in rng.sample(ids, min(sample, len(ids))):
                answer = client.get(f"/v1/tx/{tx_id}").json()
                if answer.get("status") != "committed":
                    raise SystemExit(f"{spec.name}: transfer {tx_id} is {answer}")


def run_network(count: int, entities: int, transfers: int, seed: int, clients: int, timeout_commit_ms: int,
                max_block_bytes: int | None, mempool_size: int | None, profile: Path | None) -> dict[str, Any]:
    """Start a `count`-validator network, set it up, time the per-tx and bulk phases, stop it (also on error)."""
    with tempfile.TemporaryDirectory(prefix=f"tanledger-bench-net{count}-") as tmp:
        net = make_network(Path(tmp) / "net", count, entities, timeout_commit_ms, max_block_bytes,
                           mempool_size)
        net.start()
        watcher = None
        try:
            watcher = start_watching(net)
            setup_s = setup(net, watcher, entities)
            rng, signer = random.Random(seed), world.Signer()  # the same transfers for every network size
            per_txs = world.transfers(signer, entities, transfers, rng)
            bulk_txs = world.transfers(signer, entities, transfers, rng)
            per_tx = phase(net, watcher, "per_tx", per_txs, clients, profile and profile / f"per_tx-{count}.txt")
            bulk = phase(net, watcher, "bulk", bulk_txs, clients, profile and profile / f"bulk-{count}.txt")
            check_committed(net, [tx.id_hex for tx in per_txs + bulk_txs], rng)
            heights = net.heights()
        except BaseException:
            for spec, name in ((s, n) for s in net.specs for n in ("node.log", "cometbft.log")):
                log = Path(spec.home, name)
                tail = log.read_text(errors="replace").splitlines()[-10:] if log.exists() else []
                print(f"{spec.name} {name} (last lines):\n" + "\n".join(tail), file=sys.stderr)
            raise
        finally:
            if watcher is not None:
                watcher.stopping.set()
            net.stop()
    return {"validators": count, "setup_seconds": round(setup_s, 1), "per_tx": per_tx, "bulk": bulk,
            "heights": heights}


def run(entities: int, transfers: int, seed: int, validators: int, clients: int, timeout_commit_ms: int,
        max_block_bytes: int | None, mempool_size: int | None, profile: bool) -> dict[str, Any]:
    """One validator, then `validators`, one after the other in this run, with the same transfers."""
    sizes = [1] if validators == 1 else [1, validators]
    print(f"load average (1 min) before: {os.getloadavg()[0]:.2f}; other jobs share the 2 cores", flush=True)
    with tempfile.TemporaryDirectory(prefix="tanledger-bench-profile-") as tmp:
        results = [run_network(n, entities, transfers, seed, clients, timeout_commit_ms, max_block_bytes,
                               mempool_size, Path(tmp) if profile else None) for n in sizes]
    return {"entities": entities, "transfers": transfers, "clients": clients, "bulk_chunk": BULK_CHUNK,
            "load_average_1min_after": round(os.getloadavg()[0], 2),
            "timeout_commit_ms": timeout_commit_ms, "max_block_bytes": max_block_bytes or 8 * 1024 * 1024,
            "mempool_size": mempool_size or 100_000,
            "runs": results}


def report(result: dict[str, Any]) -> list[str]:
    """Human-readable lines: each network's phases, then N validators against one."""
    r = result
    lines = [f"network: CometBFT validators on loopback, timeout_commit {r['timeout_commit_ms']} ms, blocks <= "
             f"{r['max_block_bytes'] // 1024:,} KiB, mempool <= {r['mempool_size']:,} txs, {r['entities']:,} "
             f"entities, {r['transfers']:,} transfers per phase; per-tx {r['clients']} clients, bulk chunks of "
             f"{r['bulk_chunk']:,}; latency = submit -> block seen stored by validator 1"]
    for run_ in r["runs"]:
        lines.append(f"  {run_['validators']} validator(s): setup {run_['setup_seconds']} s (untimed); heights at the end "
                     f"{sorted(set(run_['heights'].values()))}")
        for key in ("per_tx", "bulk"):
            p, cpu = run_[key], run_[key]["cpu_ms_per_tx"]
            lines.append(
                f"    {key:6} {p['tx_per_s']:>7,} tx/s committed (steady {p['steady_tx_per_s']}, admission "
                f"{p['admission_tx_per_s']:,}) in {p['seconds']} s; p50 {p['p50_ms']} ms, p99 {p['p99_ms']} ms, max "
                f"{p['max_ms']} ms; {p['blocks_per_s']} blocks/s (largest {p['max_block_txs']:,} txs; blocks by "
                f"round {p['rounds']}); CPU/tx "
                f"{cpu['all']} ms (nodes {cpu.get('node', 0)}, cometbft {cpu.get('cometbft', 0)}, client "
                f"{p['client_cpu_ms_per_tx']}); cores busy {p['cores_busy']['ours']} (+ other jobs "
                f"{p['cores_busy']['others']}); p2p {p['p2p_kib_per_s']} KiB/s, {p['p2p_bytes_per_tx']} B/tx")
            if p["profile"]:
                lines.append(f"      py-spy of validator 1's node (GIL held {p['profile']['gil_busy']:.0%} of the phase), "
                             "inclusive %: " + ", ".join(f"{f} {v}" for f, v in p["profile"]["breakdown_pct"].items()))
    if len(r["runs"]) == 2:
        one, many = r["runs"]
        for key in ("per_tx", "bulk"):
            lines.append(f"  {key}: {many['validators']} validators / 1 = {many[key]['tx_per_s'] / one[key]['tx_per_s']:.2f} "
                         f"of the throughput")
    return lines
