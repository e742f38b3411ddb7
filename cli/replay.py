"""Audit replay: re-execute every block from genesis against an empty state and compare each root.

The auditor trusts nothing the node computed: from the genesis document and the raw
transactions alone it rebuilds the state block after block with the same rules
(`contracts.execute_block`) and checks each header the node served — height, link to the
previous block, transaction root, log size and root, state root, commit link, validator set — and the block
hash. The first difference is reported with its height and field.
"""
from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from typing import Any
from collections.abc import Callable, Iterable

from contracts import execute_block
from contracts.genesis import advance_tip, genesis_state
from ledger.block import Block, BlockHeader
from ledger.chain import ChainTip, apply_block
from ledger.errors import InvalidBlock, LedgerError
from ledger.tx import decode_transaction

FIELD_IN_MESSAGE = re.compile(r"^block \d+: (\w+) ")


@dataclass(frozen=True)
class Divergence:
    """Where the served chain and the recomputed one first differ."""

    height: int
    field: str
    message: str


@dataclass
class ReplayReport:
    """What a replay found: blocks and transactions re-executed, failed receipts, the first divergence."""

    blocks: int = 0
    txs: int = 0
    failed: int = 0
    failures: list[tuple[int, str, dict[str, Any]]] = field(default_factory=list)  # (height, tx id, receipt)
    divergence: Divergence | None = None
    tip: ChainTip | None = None
    state_root: bytes = b""  # of the recomputed state after the last matching block

    @property
    def ok(self) -> bool:
        return self.divergence is None


def parse_block(view: dict[str, Any]) -> Block:
    """A block from its API view: header JSON and base64 raw transactions. Raise LedgerError if malformed."""
    header = BlockHeader.from_json(view["header"])
    try:
        raws = [base64.b64decode(t, validate=True) for t in view["txs"]]
    except (ValueError, TypeError) as exc:
        raise InvalidBlock(f"block {header.height}: a transaction is not base64: {exc}") from None
    return Block(header, tuple(decode_transaction(raw) for raw in raws))


def field_of(error: InvalidBlock) -> str:
    """The header field an InvalidBlock message names (`block 7: state_root is …`), else 'block'."""
    match = FIELD_IN_MESSAGE.match(error.message)
    return match.group(1) if match else "block"


def replay_block(tip: ChainTip, state: Any, view: dict[str, Any], report: ReplayReport) -> ChainTip | None:
    """Re-execute one served block on `state`; return the next tip, or None after recording a divergence."""
    replayed = execute_view(tip, state, view, report)
    return None if replayed is None else replayed.tip


@dataclass(frozen=True)
class ReplayedBlock:
    """A served block that matched its re-execution: the block, its receipts and the tip after it."""

    block: Block
    receipts: list[dict[str, Any]]
    tip: ChainTip


def execute_view(tip: ChainTip, state: Any, view: dict[str, Any], report: ReplayReport) -> ReplayedBlock | None:
    """Re-execute one served block on `state`; return it with its receipts, or None after recording a divergence."""
    height = view.get("height", tip.height + 1)
    try:
        block = parse_block(view)
        receipts, log = apply_block(tip, state, block, execute_block)
    except InvalidBlock as exc:
        report.divergence = Divergence(height, field_of(exc), exc.message)
        return None
    except LedgerError as exc:
        report.divergence = Divergence(height, "txs", f"block {height}: {exc.message}")
        return None
    computed = block.header.hash().hex()
    # Verify the hash the node serves is the hash of the header
    if view.get("hash", computed) != computed:
        report.divergence = Divergence(height, "hash", f"block {height}: hash is {view['hash']}, recomputed {computed}")
        return None
    record_receipts(report, block, receipts)
    return ReplayedBlock(block, receipts, advance_tip(tip, block.header, log, view.get("commit") or {}, state))


def record_receipts(report: ReplayReport, block: Block, receipts: list[dict[str, Any]]) -> None:
    """Count the block and its transactions; keep the first failed receipts."""
    report.blocks += 1
    report.txs += len(block.txs)
    for tx, receipt in zip(block.txs, receipts, strict=True):
        if receipt["code"] != "ok":
            report.failed += 1
            if len(report.failures) < 20:
                report.failures.append((block.header.height, tx.id_hex, receipt))


def replay(genesis: dict[str, Any], views: Iterable[dict[str, Any]],
           on_block: Callable[[int, int], None] | None = None) -> ReplayReport:
    """Replay the served blocks `views` (in height order) from `genesis`; stop at the first divergence.

    `on_block(height, tx_count)` is called after each block that matches (for a progress bar).
    """
    state, tip = genesis_state(genesis)
    report = ReplayReport()
    for view in views:
        next_tip = replay_block(tip, state, view, report)
        if next_tip is None:
            break
        tip = next_tip
        if on_block is not None:
            on_block(tip.height, len(view["txs"]))
    report.tip = tip
    report.state_root = state.root()
    return report
