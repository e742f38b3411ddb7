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
message counts. With `profile`, py-spy samples validator 1's node during each 4-validator phase.
"""
from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from cli.network import LocalNetwork
from ledger.tx import Transaction
from node.clock import parse_time
from node.network import INSTITUTIONS

from . import world

BULK_CHUNK = 1000  # transactions per POST /v1/txs
WATCH_S = 0.01  # seconds between two CometBFT /status polls of the watcher
PHASE_TIMEOUT_S = 600.0  # the most a phase may take before the run stops
START_TIMEOUT_S = 120.0  # for a network to commit its second block
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


def make_network(folder: Path, count: int, entities: int, timeout_commit_ms: int) -> LocalNetwork:
    """Write (not start) a `count`-validator network of the world's genesis in `folder`."""
    seeds = {name: hashlib.sha256(b"tanledger-bench-validator/" + name.encode()).digest()
             for name in INSTITUTIONS[:count]}
    doc = world.genesis_doc(entities)
    # a devnet calendar that starts at the world's genesis time (2024), so its 2025 deadline holds
    doc["params"] = {"clock_offset_ms": parse_time(world.GENESIS_TIME) - time.time_ns() // 1_000_000}
    api, rpc = free_base(count)
    return LocalNetwork.create(folder, doc, seeds, count, api, rpc, timeout_commit_ms=timeout_commit_ms)


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
        except BaseException as exc:  # reported by wait_all
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


def group_cpu(pgids: list[int]) -> dict[str, float]:
    """User + system CPU seconds of every live process in the process groups `pgids`, by command name."""
    out: Counter = Counter()
    tick = os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            text = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        name, rest = text[text.index("(") + 1:text.rindex(")")], text.rsplit(")", 1)[1].split()
        if int(rest[2]) in pgids:
            out["cometbft" if name.startswith("cometbft") else "node"] += (int(rest[11]) + int(rest[12])) / tick
    return dict(out)


def sent_bytes(net: LocalNetwork) -> int:
    """Bytes every validator has sent to its peers so far (CometBFT /net_info SendMonitor)."""
    total = 0
    for spec in net.specs:
        peers = httpx.get(f"{spec.rpc}/net_info", timeout=5).json()["result"]["peers"]
        total += sum(int(p["connection_status"]["SendMonitor"]["Bytes"]) for p in peers)
    return total
