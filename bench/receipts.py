"""Reading receipts back: `GET /v1/tx/{id}` one by one against `POST /v1/receipts` in bulk, on one real node.

The node runs as a subprocess (`python -m node`, as bench/http_e2e.py starts it: SQLite, the wall clock) with
ENTITIES entities; the set-up and enough transfers are committed over HTTP (untimed) to make `count` transactions.
Then, from one client on a kept-alive connection, every receipt is read one by one, then all of them in bulk
(POST /v1/receipts of at most 10,000 ids); both answers must be equal, and each figure is receipts per second.
"""
from __future__ import annotations

import random
import time
from typing import Any

import httpx

from . import world
from .http_e2e import (
    BULK_BATCH,
    PHASE_TIMEOUT_S,
    on_node,
    setup,
    submit_bulk,
    wait_committed,
)

ENTITIES = 1_000  # set-up transactions: 4 + 2 per entity (its basis emissions and its pre-allocation)
MAX_IDS = 10_000  # ids per POST /v1/receipts (the node's limit)


def commit_transfers(client: httpx.Client, signer: world.Signer, count: int, seed: int) -> list[str]:
    """Commit `count` transfers in bulk; their ids."""
    txs = world.transfers(signer, ENTITIES, count, random.Random(seed))
    for batch in world.chunks(txs, BULK_BATCH):
        submit_bulk(client, batch)
    wait_committed(client, txs[-1], time.monotonic() + PHASE_TIMEOUT_S)
    return [tx.id_hex for tx in txs]


def logged_ids(client: httpx.Client, count: int) -> list[str]:
    """The ids of the first `count` entries of the log, block by block (untimed)."""
    ids: list[str] = []
    page: int | None = 1
    while page is not None and len(ids) < count:
        answer = client.get("/v1/blocks", params={"from": page}).json()
        ids += [tid for block in answer["blocks"] for tid in block["tx_ids"]]
        page = answer["next"]
    return ids[:count]


def read_one_by_one(client: httpx.Client, ids: list[str]) -> tuple[float, list[dict[str, Any]]]:
    """Seconds to GET every receipt, and the answers."""
    start = time.perf_counter()
    answers = [client.get(f"/v1/tx/{tx_id}").json() for tx_id in ids]
    return time.perf_counter() - start, answers


def read_bulk(client: httpx.Client, ids: list[str]) -> tuple[float, list[dict[str, Any]]]:
    """Seconds to POST every id to /v1/receipts in requests of at most MAX_IDS, and the answers."""
    start = time.perf_counter()
    answers: list[dict[str, Any]] = []
    for i in range(0, len(ids), MAX_IDS):
        answer = client.post("/v1/receipts", json={"ids": ids[i:i + MAX_IDS]})
        if answer.status_code != 200:
            raise SystemExit(f"POST /v1/receipts: {answer.status_code} {answer.text[:300]}")
        answers += answer.json()["receipts"]
    return time.perf_counter() - start, answers


def time_reads(client: httpx.Client, count: int, seed: int) -> dict[str, Any]:
    """Set up, commit enough transfers to log `count` transactions, then time both ways of reading them."""
    signer = world.Signer()
    setup(client, signer, ENTITIES)
    commit_transfers(client, signer, max(0, count - 4 - 2 * ENTITIES), seed)
    ids = logged_ids(client, count)
    single_s, single = read_one_by_one(client, ids)
    bulk_s, bulk = read_bulk(client, ids)
    if single != bulk or any(a.get("status") != "committed" for a in bulk):
        raise SystemExit("the bulk receipts differ from the single reads, or one is not committed")
    return {"receipts": len(ids), "one_by_one_s": round(single_s, 2), "bulk_s": round(bulk_s, 2),
            "one_by_one_per_s": round(len(ids) / single_s), "bulk_per_s": round(len(ids) / bulk_s),
            "requests": {"one_by_one": len(ids), "bulk": -(-len(ids) // MAX_IDS)}}


def run(count: int, seed: int) -> dict[str, Any]:
    """Start a node, commit and read back `count` receipts both ways, stop the node (also on error)."""
    return on_node(ENTITIES, lambda client, _pid: time_reads(client, count, seed), timeout=300)


def report(result: dict[str, Any]) -> list[str]:
    """Human-readable lines."""
    r = result
    return [f"receipts: {r['receipts']:,} read back from one node over loopback HTTP, one client",
            (f"  GET /v1/tx/{{id}} one by one ({r['requests']['one_by_one']:,} requests): {r['one_by_one_s']} s, "
             f"{r['one_by_one_per_s']:,} receipts/s"),
            (f"  POST /v1/receipts in bulk ({r['requests']['bulk']} requests of <= {MAX_IDS:,}): {r['bulk_s']} s, "
             f"{r['bulk_per_s']:,} receipts/s ({r['one_by_one_s'] / r['bulk_s']:.1f}x faster)")]
