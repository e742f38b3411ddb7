"""Block production: every interval, the pending transactions become the next block.

The node's lock covers execution and storage, so admission dry-runs never see a half-executed
block, and the in-memory state is never ahead of the database: if anything fails between
execution and the stored commit, the node reloads its state from the store.
"""
from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING

from contracts import execute_block
from contracts.genesis import compute_validators_hash
from ledger import keys
from ledger.block import Block
from ledger.chain import advance, make_block

from . import checkpoints
from .clock import block_time
from .storage import StoredTx
from .validator import make_commit

if TYPE_CHECKING:
    from .core import Node

log = logging.getLogger("tanledger.producer")


def produce_block(node: "Node", force: bool = False) -> Block | None:
    """Make, sign and store the next block from the mempool; None when there is nothing to do.

    With `force`, an empty block is made too (the devnet clock uses it to record a new time).
    """
    with node.lock:
        txs = node.mempool.peek(node.settings.max_block_txs)
        if not txs and not force:
            return None
        try:
            block, receipts, frontier = make_block(node.tip, node.state, txs, block_time(node.clock, node.tip.time),
                                                   node.proposer, node.tip.validators_hash, execute_block)
            commit = make_commit(node.seed, block.header)
            node.store.commit_block(block, receipts, commit, frontier, node.state.take_changes())
        except BaseException:
            node.reload()
            raise
        validators_hash = compute_validators_hash(node.state.get(keys.validators()))
        node.tip = advance(node.tip, block.header, frontier, commit, validators_hash)
        node.state_root = block.header.state_root
        node.mempool.remove(tx.id for tx in txs)
        publish_checkpoint(node, block)
    with node.committed:
        node.committed.notify_all()
    return block


def publish_checkpoint(node: "Node", block: Block) -> None:
    """Sign and store the checkpoint of the durable `block`; a refusal is logged, the block stands.

    The next block's checkpoint is tried again from the last one signed.
    """
    try:
        checkpoints.sign_checkpoint(node, block.header)
    except Exception:
        log.exception("checkpoint of block %d not signed", block.header.height)


def wait_for_tx(node: "Node", tx_id: bytes, timeout: float) -> StoredTx | None:
    """The committed transaction once a block holds it, or None after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    with node.committed:
        while True:
            stored = node.store.get_tx(tx_id)
            remaining = deadline - time.monotonic()
            if stored is not None or remaining <= 0:
                return stored
            node.committed.wait(remaining)


class BlockProducer:
    """A background thread that produces a block every `block_interval_ms` when transactions wait."""

    def __init__(self, node: "Node") -> None:
        self.node = node
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="tanledger-producer", daemon=True)

    def start(self) -> None:
        """Start producing."""
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop after the block in progress, if any."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        interval = self.node.settings.block_interval_ms / 1000
        while not self._stop.wait(interval):
            try:
                # A full block means more may wait: go again without sleeping
                while (block := produce_block(self.node)) and len(block.txs) == self.node.settings.max_block_txs:
                    if self._stop.is_set():
                        return
            except Exception:
                log.exception("block production failed; state reloaded from the store, will retry")
