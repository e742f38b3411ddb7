"""The development engine: one process, no consensus, the same app methods CometBFT calls.

`--engine solo` is for fast tests and tools. It keeps a FIFO of admitted transactions and,
every `block_interval_ms` (or on `produce()`), drives the app exactly as CometBFT does:
`finalize_block` then `commit`, then a recheck of what is still waiting. Its block time
comes from a clock (the wall clock, or a simulated calendar that tests move by hand), to
which the ledger adds its devnet clock offset. Executing and storing a block is therefore
one code path whichever engine runs. A real network uses `node.cometbft`.
"""
from __future__ import annotations

import logging
import threading
from itertools import islice
from typing import TYPE_CHECKING, Any

from ledger.block import Block
from ledger.errors import LedgerError
from ledger.tx import Transaction

from .errors import MempoolFull, error_from_receipt

if TYPE_CHECKING:
    from .core import Node

log = logging.getLogger("tanledger.solo")


class SoloEngine:
    """Drives one node's app in process."""

    def __init__(self, node: Node) -> None:
        self.node = node
        self.queue: dict[bytes, bytes] = {}  # tx id -> raw, admitted and waiting, oldest first
        node.engine = self
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- admission ---------------------------------------------------------
    def submit(self, raw: bytes) -> Transaction:
        """CheckTx `raw` and queue it; raise the LedgerError of its refusal."""
        with self.node.lock:
            if len(self.queue) >= self.node.settings.max_mempool_txs:
                raise MempoolFull(f"{len(self.queue)} transactions are pending, the most this node holds")
            admission = self.node.check_tx(raw)
            if not admission.ok:
                raise error_from_receipt({"code": admission.code, "message": admission.message})
            assert admission.tx is not None
            self.queue[admission.tx.id] = raw
            return admission.tx

    def submit_many(self, raws: list[bytes]) -> list[dict[str, Any]]:
        """Submit each in order, taking the lock per transaction; one result each."""
        results = []
        for raw in raws:
            try:
                tx = self.submit(raw)
                results.append({"id": tx.id_hex, "status": "pending"})
            except LedgerError as exc:
                results.append(_refusal(self.node, raw, exc))
        return results

    def is_pending(self, tx_id: bytes) -> bool:
        """True if the transaction waits in this engine's queue."""
        return tx_id in self.queue

    # -- blocks ------------------------------------------------------------
    def produce(self, force: bool = False) -> Block | None:
        """Finalize and commit the next block from the queue; None when there is nothing to do (unless `force`)."""
        node = self.node
        with node.lock:
            raws = list(islice(self.queue.values(), node.settings.max_block_txs))
            if not raws and not force:
                return None
            height = node.tip.height + 1
            finalized = node.finalize_block(raws, height, node.clock.now(), node.proposer)
            node.commit()
            for tx in finalized.block.txs:
                self.queue.pop(tx.id, None)
            self._recheck()
            return finalized.block

    def _recheck(self) -> None:
        """Re-admit what still waits, in order, on the new state; drop what became invalid (as CometBFT does)."""
        for tx_id, raw in list(self.queue.items()):
            if not self.node.check_tx(raw, recheck=True).ok:
                del self.queue[tx_id]

    @property
    def running(self) -> bool:
        """True while the background producer runs."""
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Produce a block every `block_interval_ms` while transactions wait, in a background thread."""
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="tanledger-solo", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop after the block in progress, if any."""
        self._stop.set()
        if self._thread is not None and self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        interval = self.node.settings.block_interval_ms / 1000
        while not self._stop.wait(interval):
            try:
                while (block := self.produce()) and len(block.txs) == self.node.settings.max_block_txs:
                    if self._stop.is_set():
                        return
            except Exception:
                log.exception("block production failed; state reloaded from the store, will retry")


def _refusal(node: Node, raw: bytes, exc: LedgerError) -> dict[str, Any]:
    """A refused line's result, with its id when it decodes (committed if a block already holds it)."""
    from .admission import decode
    try:
        return node.resolve_duplicate(decode(raw).id, exc)
    except LedgerError:
        return exc.to_dict()
