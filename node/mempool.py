"""The mempool and admission: a transaction enters only if it would run on the current state.

`submit` decodes the canonical bytes, refuses a transaction already pending or committed
(`duplicate`), dry-runs it (chain id, signatures, signers, nonce, the rules of its type) and
raises the LedgerError of the first failure. Accepted transactions wait in FIFO order. A
transaction leaves the mempool only after its block is stored, so at every instant it is
pending, or committed, or both.
"""
from __future__ import annotations

from itertools import islice
from typing import TYPE_CHECKING, Any, Iterable

from contracts import dry_run
from ledger.errors import LedgerError, Malformed
from ledger.tx import Transaction, decode_transaction

from .errors import DuplicateTransaction, MempoolFull, error_from_receipt

if TYPE_CHECKING:
    from .core import Node


class Mempool:
    """Pending transactions in arrival order. Callers hold the node's lock to change it."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._txs: dict[bytes, Transaction] = {}

    def __len__(self) -> int:
        return len(self._txs)

    def __contains__(self, tx_id: bytes) -> bool:
        return tx_id in self._txs

    def add(self, tx: Transaction) -> None:
        """Append `tx`. Requires it not pending; raise MempoolFull at capacity."""
        if len(self._txs) >= self.capacity:
            raise MempoolFull(f"{len(self._txs)} transactions are pending, the most this node holds")
        self._txs[tx.id] = tx

    def peek(self, n: int) -> list[Transaction]:
        """The `n` oldest pending transactions, left in place."""
        return list(islice(self._txs.values(), n))

    def remove(self, tx_ids: Iterable[bytes]) -> None:
        """Drop transactions that a stored block now holds."""
        for tx_id in tx_ids:
            self._txs.pop(tx_id, None)


def check_new(node: "Node", tx: Transaction) -> None:
    """Raise DuplicateTransaction if `tx` is pending or in a block. Requires the node's lock."""
    # Verify the transaction is not already pending
    if tx.id in node.mempool:
        raise DuplicateTransaction(f"transaction {tx.id_hex} is already pending")
    # Verify no block holds it yet
    if node.store.has_tx(tx.id):
        raise DuplicateTransaction(f"transaction {tx.id_hex} is already in a block")


def admit(node: "Node", tx: Transaction) -> None:
    """Dry-run `tx` on the current state and queue it; raise its LedgerError. Requires the node's lock."""
    check_new(node, tx)
    receipt = dry_run(node.state, tx, node.next_context())
    # Verify it would succeed if it ran now
    if receipt["code"] != "ok":
        raise error_from_receipt(receipt)
    node.mempool.add(tx)


def decode(raw: bytes) -> Transaction:
    """decode_transaction, with JSON nested past the parser's recursion limit refused as Malformed."""
    try:
        return decode_transaction(raw)
    except RecursionError:
        raise Malformed("JSON is nested too deeply") from None


def submit(node: "Node", raw: bytes) -> Transaction:
    """Admit one transaction from its canonical wire bytes; return it, or raise a LedgerError."""
    tx = decode(raw)
    with node.lock:
        admit(node, tx)
    return tx


def submit_many(node: "Node", raws: list[bytes]) -> list[dict[str, Any]]:
    """Admit each transaction in order; one result each: `{id, status: pending}` or `{id?, code, message}`."""
    decoded: list[Transaction | LedgerError] = []
    for raw in raws:
        try:
            decoded.append(decode(raw))
        except LedgerError as exc:
            decoded.append(exc)
    results = []
    with node.lock:
        for item in decoded:
            results.append(_admit_one(node, item))
    return results


def _admit_one(node: "Node", item: Transaction | LedgerError) -> dict[str, Any]:
    if isinstance(item, LedgerError):
        return item.to_dict()
    try:
        admit(node, item)
    except LedgerError as exc:
        return {"id": item.id_hex, **exc.to_dict()}
    return {"id": item.id_hex, "status": "pending"}
