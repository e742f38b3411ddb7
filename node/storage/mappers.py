"""Explicit mappers between SQL rows and ledger values (no ORM object leaves `node/storage`)."""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ledger.block import Block, BlockHeader
from ledger.encoding import canonical, freeze
from ledger.merkle import Frontier
from ledger.tx import Transaction, decode_transaction

from .tables import BlockRow, EventRow, TxRow

Receipt = dict[str, Any]
HOLDING_PREFIX = "holding/"


@dataclass(frozen=True, slots=True)
class StoredBlock:
    """A committed block as stored: header, hash, commit, log after it and its transaction ids."""

    header: BlockHeader
    hash: bytes
    commit: dict[str, Any]
    log: Frontier
    tx_ids: tuple[bytes, ...]


@dataclass(frozen=True, slots=True)
class StoredTx:
    """A committed transaction with its place in the chain and its receipt."""

    tx: Transaction
    height: int
    index: int
    receipt: Receipt
    block_hash: bytes
    time: int  # block time, ms
    log_index: int  # its leaf number in the transparency log


def to_json_text(value: Any) -> str:
    """A JSON value as RFC 8785 text."""
    return canonical(value).decode("utf-8")


def from_json_text(text: str) -> Any:
    """JSON text as a frozen ledger value (lists become tuples)."""
    return freeze(json.loads(text))


def block_row(block: Block, commit: dict[str, Any], log: Frontier) -> BlockRow:
    """The row of a committed block."""
    h = block.header
    return BlockRow(height=h.height, hash=h.hash().hex(), header=to_json_text(h.to_json()), commit=to_json_text(commit),
                    log_frontier=to_json_text(log.to_json()), time=h.time, tx_count=len(block.txs))


def tx_rows(block: Block, receipts: list[Receipt], log_start: int) -> list[TxRow]:
    """One row per transaction of the block, with its receipt; `log_start` is the log's size before the block."""
    return [TxRow(id=tx.id.hex(), height=block.header.height, index=i, log_index=log_start + i, raw=tx.raw,
                  type=tx.type, code=receipt["code"], receipt=to_json_text(receipt))
            for i, (tx, receipt) in enumerate(zip(block.txs, receipts, strict=True))]


def _ranges_of(event: dict[str, Any]) -> Iterator[tuple[int, int]]:
    ranges = event.get("ranges")
    if not isinstance(event.get("instrument"), str) or not isinstance(ranges, (list, tuple)):
        return
    for pair in ranges:
        if isinstance(pair, (list, tuple)) and len(pair) == 2 and all(isinstance(x, int) for x in pair):
            yield pair[0], pair[1]


def event_rows(block: Block, receipts: list[Receipt]) -> list[EventRow]:
    """The provenance index rows: one per serial range named by an event of a successful transaction."""
    rows = []
    for index, (tx, receipt) in enumerate(zip(block.txs, receipts, strict=True)):
        for event_no, event in enumerate(receipt.get("events", ())):
            for range_no, (first, last) in enumerate(_ranges_of(event)):
                rows.append(EventRow(
                    height=block.header.height, index=index, event_no=event_no, range_no=range_no,
                    instrument=event["instrument"], first=first, last=last, tx_id=tx.id.hex(), op=str(event.get("op")),
                    from_account=event.get("from"), from_sub=event.get("from_sub"), to_account=event.get("to"),
                    to_sub=event.get("to_sub"), reason=event.get("reason"),
                ))
    return rows


def genesis_event_rows(genesis_hash: str, events: list[dict[str, Any]]) -> list[EventRow]:
    """The provenance index rows of the genesis's opening balances: height 0, named by the genesis document's hash."""
    return [EventRow(height=0, index=0, event_no=event_no, range_no=range_no, instrument=event["instrument"], first=first,
                     last=last, tx_id=genesis_hash, op=str(event.get("op")), to_account=event.get("to"),
                     to_sub=event.get("to_sub"), reason=event.get("reason"))
            for event_no, event in enumerate(events) for range_no, (first, last) in enumerate(_ranges_of(event))]


def holder_of_key(key: str) -> tuple[str, str] | None:
    """(instrument, account) of a holding key, or None for any other key."""
    if not key.startswith(HOLDING_PREFIX):
        return None
    account, _, instrument = key[len(HOLDING_PREFIX):].partition("/")
    return (instrument, account) if instrument else None


def stored_block(row: BlockRow, tx_ids: list[str]) -> StoredBlock:
    """The ledger view of a block row."""
    return StoredBlock(header=BlockHeader.from_json(json.loads(row.header)), hash=bytes.fromhex(row.hash),
                       commit=json.loads(row.commit), log=Frontier.from_json(json.loads(row.log_frontier)),
                       tx_ids=tuple(bytes.fromhex(t) for t in tx_ids))


def stored_tx(row: TxRow, block: BlockRow) -> StoredTx:
    """The ledger view of a transaction row and its block's row."""
    return StoredTx(tx=decode_transaction(bytes(row.raw)), height=row.height, index=row.index,
                    receipt=json.loads(row.receipt), block_hash=bytes.fromhex(block.hash), time=block.time,
                    log_index=row.log_index)


def event_view(row: EventRow, time: int | None) -> dict[str, Any]:
    """One provenance entry as a JSON value (`time` None for the genesis, which has no block)."""
    return {"height": row.height, "index": row.index, "time": time, "tx_id": row.tx_id, "op": row.op,
            "range": [row.first, row.last], "from": row.from_account, "from_sub": row.from_sub,
            "to": row.to_account, "to_sub": row.to_sub, "reason": row.reason}
