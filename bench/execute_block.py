"""Throughput of the state transition: signed transfers through `make_block` on one core.

`make_block` runs `contracts.execute_block` (envelope and signature checks, the transfer rule,
serial-range moves, events), appends each receipt to the RFC 9162 log, and computes the new
state root. Transactions are decoded and signed beforehand (untimed), as a node receives them
decoded from its mempool; a second figure adds `decode_transaction` of the wire bytes. The same
transfers then go through the plain-SQL baseline (`bench/baseline.py`).
"""
from __future__ import annotations

import cProfile
import os
import gc
import io
import pstats
import random
import statistics
import time
from typing import Any

from ledger.crypto import public_key
from ledger.tx import decode_transaction

from . import baseline, world


def time_blocks(node: world.Node, blocks: list[list]) -> tuple[list[float], list[int]]:
    """Seconds of make_block per block, and the state keys each block added; raises if a transfer fails."""
    seconds, added = [], []
    for txs in blocks:
        gc.collect()
        keys_before = len(node.state)
        start = time.perf_counter()
        receipts = node.propose(txs)
        seconds.append(time.perf_counter() - start)
        added.append(len(node.state) - keys_before)
        failed = [r for r in receipts if r["code"] != "ok"]
        if failed:
            raise SystemExit(f"a benchmark transfer failed: {failed[0]}")
    return seconds, added


def time_decode(blocks: list[list]) -> float:
    """Seconds to decode every transaction from its wire bytes (parse_strict, canonical check, id)."""
    start = time.perf_counter()
    for txs in blocks:
        for tx in txs:
            decode_transaction(tx.raw)
    return time.perf_counter() - start


def profile_block(node: world.Node, txs: list, top: int = 20) -> str:
    """cProfile of one more block, top functions by own time."""
    profiler = cProfile.Profile()
    profiler.enable()
    node.propose(txs)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats(os.environ.get("BENCH_SORT", "tottime")).print_stats(top)
    return out.getvalue()


def run(entities: int, transfers: int, block_size: int, seed: int, profile: bool = False) -> dict[str, Any]:
    """Build the world, time our blocks and the baseline's, and return the figures."""
    setup_start = time.perf_counter()
    node, signer = world.build(entities, block_size)
    rng = random.Random(seed)
    signed = world.transfers(signer, entities, transfers + (block_size if profile else 0), rng)
    extra, signed = signed[transfers:], signed[:transfers]
    blocks = world.chunks(signed, block_size)
    setup_seconds = time.perf_counter() - setup_start

    seconds, added = time_blocks(node, blocks)
    decode_seconds = time_decode(blocks)
    ours = transfers / sum(seconds)
    per_block = [len(b) / s for b, s in zip(blocks, seconds, strict=True)]
    steady = per_block[len(per_block) // 2:]
    # A block that inserts a new state key (a first nonce, a first flow record) rebuilds the whole
    # Merkle tree of the state root; the others update only the leaves they touched.
    no_new_key = [(len(b), s) for b, s, a in zip(blocks, seconds, added, strict=True) if a == 0]

    allocation = world.BASIS_T * 7 // 10
    balances = {world.entity_id(n): (public_key(world.seed(world.entity_id(n))), allocation) for n in range(entities)}
    requests = [baseline.requests_of(b) for b in blocks]
    base_seconds, registry = baseline.run(balances, requests)
    if registry.refused or registry.total() != allocation * entities:
        raise SystemExit(f"baseline refused {registry.refused} transfers or lost tonnes")
    base = transfers / base_seconds

    result = {
        "entities": entities, "transfers": transfers, "block_size": block_size, "blocks": len(blocks),
        "setup_seconds": round(setup_seconds, 2),
        "ours_tx_per_s": round(ours), "ours_median_block_tx_per_s": round(statistics.median(per_block)),
        "ours_first_block_tx_per_s": round(per_block[0]),
        "ours_second_half_tx_per_s": round(len(steady) * block_size / sum(seconds[len(seconds) // 2:])),
        "ours_with_decode_tx_per_s": round(transfers / (sum(seconds) + decode_seconds)),
        "blocks_adding_no_key": len(no_new_key),
        "ours_blocks_adding_no_key_tx_per_s": round(sum(n for n, _ in no_new_key) / sum(s for _, s in no_new_key))
        if no_new_key else None,
        "per_block_tx_per_s": [round(x) for x in per_block], "keys_added_per_block": added,
        "baseline_tx_per_s": round(base), "ratio": round(ours / base, 3),
        "state_keys": len(node.state),
        "blocks_for_replay": node.blocks, "node": node,
    }
    if profile:
        result["profile"] = profile_block(node, extra)
    return result


def report(result: dict[str, Any]) -> list[str]:
    """Human-readable lines."""
    r = result
    return [
        f"execute_block: {r['entities']:,} entities, {r['transfers']:,} signed transfers in {r['blocks']} blocks of "
        f"{r['block_size']:,} (setup {r['setup_seconds']} s, untimed; state {r['state_keys']:,} keys)",
        f"  ours     {r['ours_tx_per_s']:>8,} tx/s  (median block {r['ours_median_block_tx_per_s']:,}; first block "
        f"{r['ours_first_block_tx_per_s']:,}; second half {r['ours_second_half_tx_per_s']:,})",
        f"  ours + decode_transaction of the wire bytes {r['ours_with_decode_tx_per_s']:>8,} tx/s",
        f"  ours, the {r['blocks_adding_no_key']} blocks that added no state key (no full Merkle rebuild): "
        + (f"{r['ours_blocks_adding_no_key_tx_per_s']:,} tx/s" if r["blocks_adding_no_key"] else "none"),
        f"  baseline {r['baseline_tx_per_s']:>8,} tx/s  (SQLite in memory + PyNaCl verify)",
        f"  ratio ours/baseline {r['ratio']}   (targets: >= 5,000 tx/s, ratio >= 0.5)",
    ]
