"""The chain: status, genesis, blocks (for explorers and for audit replay)."""
from __future__ import annotations

import base64
from typing import Annotated, Any

from fastapi import APIRouter, Query

from ledger import keys
from ledger.errors import NotFound

from ..clock import format_time
from ..core import Node
from ..errors import InvalidRequest
from ..state_proofs import header_commit
from ..storage import StoredBlock
from .deps import Height, NodeDep
from .errors import error_responses
from .models import Block, BlocksPage, Evidence, Genesis, Status, Trust

router = APIRouter(prefix="/v1", tags=["chain"])

MAX_PAGE_BLOCKS = 100  # blocks per GET /v1/blocks page
MAX_HEIGHT = 2**53 - 1  # heights a browser's JSON keeps exact (and SQLite's integers hold)
MAX_PAGE_BYTES = 8 * 1024 * 1024  # raw transaction bytes per page (at least one block is always sent)


def block_view(node: Node, stored: StoredBlock) -> dict[str, Any]:
    """A block as JSON: header, hash, commit record, the validators' signatures of its header (the engine's commit
    and their co-signatures) and its transaction ids."""
    h = stored.header
    return {"height": h.height, "hash": stored.hash.hex(), "time": format_time(h.time), "time_ms": h.time,
            "app_hash": h.app_hash().hex(),
            "header": h.to_json(), "commit": stored.commit,
            "header_commit": header_commit(node, stored), "tx_ids": [t.hex() for t in stored.tx_ids]}


@router.get("/status", response_model=Status)
def get_status(node: NodeDep) -> dict[str, Any]:
    """Where the chain stands: height, last block, log size and root, state root, mempool, genesis hash."""
    with node.lock:  # the tip and the state root of the same block
        tip, state_root = node.tip, node.state_root
    return {
        "chain_id": tip.chain_id, "height": tip.height, "block_hash": tip.hash.hex(), "time": format_time(tip.time),
        "time_ms": tip.time, "state_root": state_root.hex(), "log_size": tip.log.size, "log_root": tip.log.root().hex(),
        "mempool_size": len(node.pending) + len(node.rechecking), "validator": node.proposer.hex(), "validator_name": node.validator_name,
        "engine": node.settings.engine, "clock": node.settings.clock, "app_hash": node.app_hash().hex(),
        "clock_offset_ms": node.state.get(keys.clock_offset(), 0), "genesis_hash": node.identity.genesis_hash.hex(),
    }


@router.get("/genesis", response_model=Genesis)
def get_genesis(node: NodeDep) -> dict[str, Any]:
    """The genesis document this chain started from."""
    return node.genesis


@router.get("/blocks/{height}", response_model=Block, responses=error_responses(404, 422))
def get_block(node: NodeDep, height: Height) -> dict[str, Any]:
    """One block: header, hash, commit and transaction ids."""
    stored = node.store.get_block(height)
    if stored is None:
        raise NotFound(f"no block at height {height}; the chain is at {node.tip.height}")
    return block_view(node, stored)


@router.get("/blocks", response_model=BlocksPage, responses=error_responses(422))
def get_blocks(node: NodeDep, first: Annotated[int, Query(alias="from", ge=1, le=MAX_HEIGHT)] = 1,
               last: Annotated[int | None, Query(alias="to", ge=1, le=MAX_HEIGHT)] = None) -> dict[str, Any]:
    """Blocks from..to with their raw transactions (base64), for audit replay; follow `next` for more."""
    if last is not None and last < first:
        raise InvalidRequest(f"to ({last}) is below from ({first})")
    last = node.tip.height if last is None else last
    page, size = [], 0
    for stored, raws in node.store.get_blocks(first, min(last, first + MAX_PAGE_BLOCKS - 1)):
        size += sum(len(r) for r in raws)
        if page and size > MAX_PAGE_BYTES:
            break
        page.append({**block_view(node, stored), "txs": [base64.b64encode(r).decode("ascii") for r in raws]})
    end = page[-1]["height"] if page else last
    more = end < min(last, node.tip.height)
    return {"blocks": page, "next": end + 1 if more else None}


@router.get("/evidence", response_model=Evidence)
def get_evidence(node: NodeDep) -> dict[str, Any]:
    """Misbehaviour CometBFT proved against validators (double signing, light-client attacks), as the
    ledger records it: each entry names the validator's institution and is provable with a state proof."""
    with node.lock:
        entries = list(node.state.scan("evidence/"))
    return {"evidence": [{"key": key, **value} for key, value in entries]}


@router.get("/trust", response_model=Trust)
def get_trust(node: NodeDep) -> dict[str, Any]:
    """The trust root as this node derives it from the genesis and every governance change of the
    validator set: origin, and each set with the log size it is in force from and its quorum (the
    format of `tanledger trust export`, with the genesis hash). Check it against one obtained elsewhere before
    relying on it."""
    return node.trust.to_json()
