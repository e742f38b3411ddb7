"""Chain mechanics: build the next block from transactions, or check and apply a received one.

The state transition itself is passed in as `execute` (it is `contracts.execute_block`), so
the kernel knows nothing of the market's rules.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from .block import Block, BlockHeader, compute_tx_root, log_leaf
from .crypto import sha256
from .encoding import canonical
from .errors import InvalidBlock
from .merkle import Frontier, leaf_hash
from .state import State
from .tx import Transaction


@dataclass(frozen=True, slots=True)
class BlockContext:
    """What a rule may know of the block it runs in: data, never a clock."""

    chain_id: str
    height: int
    time: int  # milliseconds since the Unix epoch, UTC


Receipt = dict[str, Any]
Execute = Callable[[State, Sequence[Transaction], BlockContext], list[Receipt]]


@dataclass(frozen=True, slots=True)
class ChainTip:
    """The head of the chain: what the next block must link to."""

    chain_id: str
    height: int
    hash: bytes
    time: int
    log: Frontier
    validators_hash: bytes
    last_commit_hash: bytes


def genesis_tip(chain_id: str, genesis_hash: bytes, genesis_time: int, validators_hash: bytes) -> ChainTip:
    """The tip before block 1: height 0, hash of the genesis document."""
    return ChainTip(chain_id, 0, genesis_hash, genesis_time, Frontier(), validators_hash, bytes(32))


def _execute_and_log(tip: ChainTip, state: State, txs: Sequence[Transaction], time: int, execute: Execute) -> tuple[list[Receipt], Frontier]:
    ctx = BlockContext(tip.chain_id, tip.height + 1, time)
    receipts = execute(state, txs, ctx)
    log = tip.log
    for index, (tx, receipt) in enumerate(zip(txs, receipts, strict=True)):
        log = log.append(leaf_hash(log_leaf(ctx.height, index, tx, receipt)))
    return receipts, log


def make_block(tip: ChainTip, state: State, txs: Sequence[Transaction], time: int, proposer: bytes,
               validators_hash: bytes, execute: Execute) -> tuple[Block, list[Receipt], Frontier]:
    """Execute `txs` on `state` as the next block; return it, its receipts and the log after it.

    Requires `time > tip.time`. Mutates `state` to the post-block state.
    """
    if time <= tip.time:
        raise InvalidBlock(f"block time {time} is not after the previous block's {tip.time}")
    receipts, log = _execute_and_log(tip, state, txs, time, execute)
    header = BlockHeader(
        height=tip.height + 1, time=time, prev_hash=tip.hash, tx_root=compute_tx_root(txs),
        log_size=log.size, log_root=log.root(), state_root=state.root(), state_size=len(state), proposer=proposer,
        validators_hash=validators_hash, last_commit_hash=tip.last_commit_hash,
    )
    return Block(header, tuple(txs)), receipts, log


def apply_block(tip: ChainTip, state: State, block: Block, execute: Execute) -> tuple[list[Receipt], Frontier]:
    """Re-execute a received block and check every root of its header; raise InvalidBlock on a mismatch.

    Mutates `state`; on InvalidBlock the caller must discard it.
    """
    h = block.header
    _check_link(tip, h)
    if compute_tx_root(block.txs) != h.tx_root:
        raise InvalidBlock(f"block {h.height}: tx_root does not match its transactions")
    receipts, log = _execute_and_log(tip, state, block.txs, h.time, execute)
    _check_equal(h.height, "log_size", h.log_size, log.size)
    _check_equal(h.height, "log_root", h.log_root.hex(), log.root().hex())
    _check_equal(h.height, "state_root", h.state_root.hex(), state.root().hex())
    _check_equal(h.height, "state_size", h.state_size, len(state))
    return receipts, log


def _check_link(tip: ChainTip, h: BlockHeader) -> None:
    _check_equal(h.height, "height", h.height, tip.height + 1)
    _check_equal(h.height, "prev_hash", h.prev_hash.hex(), tip.hash.hex())
    _check_equal(h.height, "last_commit_hash", h.last_commit_hash.hex(), tip.last_commit_hash.hex())
    _check_equal(h.height, "validators_hash", h.validators_hash.hex(), tip.validators_hash.hex())
    if h.time <= tip.time:
        raise InvalidBlock(f"block {h.height}: time {h.time} is not after the previous block's {tip.time}")


def _check_equal(height: int, name: str, claimed: Any, computed: Any) -> None:
    if claimed != computed:
        raise InvalidBlock(f"block {height}: {name} is {claimed}, recomputed {computed}")


def advance(tip: ChainTip, header: BlockHeader, log: Frontier, commit: dict[str, Any], validators_hash: bytes) -> ChainTip:
    """The tip after `header` (whose log is `log`) has been committed with `commit`."""
    return replace(tip, height=header.height, hash=header.hash(), time=header.time, log=log,
                   validators_hash=validators_hash, last_commit_hash=commit_hash(commit))


def commit_hash(commit: dict[str, Any]) -> bytes:
    """SHA-256 of the JCS of a commit (the validators' signatures over a block hash)."""
    return sha256(canonical(commit))
