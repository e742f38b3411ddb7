"""Replay: re-execute a whole chain from genesis with `ledger.chain.apply_block`, as an auditor does.

Each block is checked link by link (height, prev_hash, time, tx_root) and re-executed, and its
log root and state root are compared with the header: the figure an auditor or a new node
catching up will see.
"""
from __future__ import annotations

import gc
import random
import time
from typing import Any

from contracts import execute_block
from contracts.genesis import advance_tip, genesis_state
from ledger.chain import apply_block

from . import world


def make_chain(entities: int, transfers: int, block_size: int, seed: int) -> list:
    """Every block from genesis: setup (vintage, cycle, allocations), then blocks of signed transfers."""
    node, signer = world.build(entities, block_size)
    signed = world.transfers(signer, entities, transfers, random.Random(seed))
    for txs in world.chunks(signed, block_size):
        node.propose(txs)
    return node.blocks


def replay(genesis: dict[str, Any], blocks: list) -> tuple[float, float, int]:
    """(total seconds, seconds in blocks of transfers, final height) to re-execute `blocks` from `genesis`."""
    state, tip = genesis_state(genesis)
    gc.collect()
    total = trading = 0.0
    for block in blocks:
        start = time.perf_counter()
        receipts, log = apply_block(tip, state, block, execute_block)
        tip = advance_tip(tip, block.header, log, {"height": block.header.height}, state)
        spent = time.perf_counter() - start
        total += spent
        if block.txs and block.txs[0].type == "transfer":
            trading += spent
    if tip.hash != blocks[-1].header.hash() or state.root() != blocks[-1].header.state_root:
        raise SystemExit("replay did not reach the same head")
    return total, trading, tip.height


def run(entities: int, transfers: int, block_size: int, seed: int, blocks: list | None = None) -> dict[str, Any]:
    """Time the replay; reuse `blocks` from the execute benchmark when given."""
    if blocks is None:
        blocks = make_chain(entities, transfers, block_size, seed)
    total, trading, height = replay(world.genesis_doc(entities), blocks)
    all_txs = sum(len(b.txs) for b in blocks)
    transfer_txs = sum(len(b.txs) for b in blocks if b.txs and b.txs[0].type == "transfer")
    return {"entities": entities, "height": height, "txs": all_txs, "transfers": transfer_txs,
            "seconds": round(total, 2), "tx_per_s": round(all_txs / total),
            "transfer_tx_per_s": round(transfer_txs / trading) if trading else None}


def report(result: dict[str, Any]) -> list[str]:
    r = result
    return [
        f"replay: {r['height']} blocks, {r['txs']:,} transactions from genesis with apply_block in {r['seconds']} s",
        f"  all blocks {r['tx_per_s']:>8,} tx/s   (blocks of transfers only: {r['transfer_tx_per_s']:,} tx/s)",
    ]
