"""Where a block's time goes: the steps of `make_block`, timed one by one, in microseconds per transfer.

The steps are those of `ledger.chain.make_block`: the signature checks (done inside
`execute_block`, timed here apart), the rest of `execute_block` (envelope, transfer rule,
serial ranges, events), the log leaves (JCS of each receipt) and the state root. The signature
step is repeated outside `execute_block`, so its time is subtracted from that step.
"""
from __future__ import annotations

import random
import time
from typing import Any

from contracts import execute_block
from ledger.block import compute_tx_root, log_leaf
from ledger.chain import BlockContext
from ledger.merkle import leaf_hash
from ledger.tx import check_signatures

from . import world


def run(entities: int, transfers: int, block_size: int, seed: int) -> dict[str, Any]:
    """Execute the transfers block by block, timing each step; return µs per transfer for each."""
    node, signer = world.build(entities, block_size)
    signed = world.transfers(signer, entities, transfers, random.Random(seed))
    state, height, now = node.state, node.tip.height, node.tip.time
    state.root()
    spent = {"signatures": 0.0, "execute_block": 0.0, "log_leaves": 0.0, "state_root": 0.0, "tx_root": 0.0}
    for txs in world.chunks(signed, block_size):
        height, now = height + 1, now + world.BLOCK_INTERVAL_MS
        t0 = time.perf_counter()
        for tx in txs:
            check_signatures(tx)
        t1 = time.perf_counter()
        receipts = execute_block(state, txs, BlockContext(world.CHAIN_ID, height, now))
        t2 = time.perf_counter()
        for index, (tx, receipt) in enumerate(zip(txs, receipts, strict=True)):
            leaf_hash(log_leaf(height, index, tx, receipt))
        t3 = time.perf_counter()
        state.root()
        t4 = time.perf_counter()
        compute_tx_root(txs)
        t5 = time.perf_counter()
        for name, seconds in zip(spent, (t1 - t0, t2 - t1 - (t1 - t0), t3 - t2, t4 - t3, t5 - t4), strict=True):
            spent[name] += seconds
    micro = {name: round(seconds / transfers * 1e6, 1) for name, seconds in spent.items()}
    return {"entities": entities, "transfers": transfers, "us_per_transfer": micro,
            "total_us": round(sum(micro.values()), 1)}


def report(result: dict[str, Any]) -> list[str]:
    r = result
    parts = ", ".join(f"{name} {us}" for name, us in r["us_per_transfer"].items())
    return [f"phases ({r['entities']:,} entities, {r['transfers']:,} transfers), µs per transfer: {parts}; "
            f"total {r['total_us']} µs"]
