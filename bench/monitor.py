"""The monitor's replay speed over HTTP against the validators' own replay of the same chain.

A real node (`python -m node`, solo engine, as in bench/http_e2e.py) gets N entities allocated and
`transfers` bulk transfers over HTTP (untimed; `--http-transfers` of `python -m bench`). Then, one run each:

- monitor: `tanledger monitor --once` in this process against the node: every block fetched over
  HTTP (`GET /v1/blocks`), re-executed, its commit signature, app hash and every checkpoint checked;
- validators: the same blocks, fetched beforehand, re-executed in memory with `ledger.chain.apply_block`
  as `bench replay` does (what a validator catching up does, without the network).
"""
from __future__ import annotations

import gc
import io
import time
from typing import Any

import httpx
from rich.console import Console

from cli.client import NodeClient
from cli.monitor.progress import ProgressReport
from cli.monitor.runner import Monitor, MonitorConfig
from cli.replay import parse_block
from contracts import execute_block
from contracts.genesis import advance_tip, genesis_state
from ledger.chain import apply_block
from node import app as _app  # noqa: F401 (the monitor imports it for the app hash: before the timing)
from node.trust import trust_from_genesis

from . import http_e2e, world


def build_chain(client: httpx.Client, entities: int, transfers: int, seed: int) -> None:
    """Allocate every entity, then commit `transfers` bulk transfers (untimed)."""
    import random

    signer = world.Signer()
    http_e2e.setup(client, signer, entities)
    http_e2e.run_bulk(client, world.transfers(signer, entities, transfers, random.Random(seed)))


def time_validators(url: str) -> dict[str, Any]:
    """Fetch every block once (untimed), then time its re-execution from genesis in memory."""
    with NodeClient(url) as node:
        genesis, views = node.genesis(), list(node.iter_blocks())
    blocks = [(parse_block(v), v["commit"]) for v in views]
    state, tip = genesis_state(genesis)
    gc.collect()
    start = time.perf_counter()
    for block, commit in blocks:
        _, log = apply_block(tip, state, block, execute_block)
        tip = advance_tip(tip, block.header, log, commit, state)
    seconds = time.perf_counter() - start
    if tip.hash != blocks[-1][0].header.hash():
        raise SystemExit("the validators' replay did not reach the node's tip")
    txs = sum(len(b.txs) for b, _ in blocks)
    return {"blocks": len(blocks), "txs": txs, "seconds": round(seconds, 2), "tx_per_s": round(txs / seconds)}


def time_monitor(url: str, genesis: dict[str, Any]) -> dict[str, Any]:
    """Time `monitor --once` (in this process) from genesis to the node's tip."""
    config = MonitorConfig(trust_from_genesis(genesis), once=True)
    gc.collect()
    start = time.perf_counter()
    with NodeClient(url) as node:
        monitor = Monitor(node, config, ProgressReport(Console(file=io.StringIO()), live=False))
        monitor.run()
    seconds = time.perf_counter() - start
    summary = monitor.summary()
    return {"blocks": summary["blocks"], "txs": summary["txs"], "checkpoints": summary["checkpoints"],
            "seconds": round(seconds, 2), "tx_per_s": round(summary["txs"] / seconds)}


def run(entities: int, transfers: int, seed: int) -> dict[str, Any]:
    """Build the chain on a real node, then time the monitor and the validators' replay of it."""
    def work(client: httpx.Client, _pid: int) -> dict[str, Any]:
        build_chain(client, entities, transfers, seed)
        url = str(client.base_url).rstrip("/")
        monitor = time_monitor(url, world.genesis_doc(entities))
        return {"entities": entities, "monitor": monitor, "validators": time_validators(url)}
    return http_e2e.on_node(entities, work)


def report(result: dict[str, Any]) -> list[str]:
    """Human-readable lines."""
    m, v = result["monitor"], result["validators"]
    return [
        f"monitor: {m['blocks']:,} blocks, {m['txs']:,} transactions of a real node ({result['entities']:,} entities)",
        f"  tanledger monitor --once over HTTP  {m['tx_per_s']:>8,} tx/s  ({m['seconds']} s; every commit, app hash and "
        f"{m['checkpoints']:,} checkpoints checked)",
        f"  validators' replay in memory        {v['tx_per_s']:>8,} tx/s  ({v['seconds']} s; apply_block, blocks fetched "
        f"beforehand)",
    ]
