"""Checkpoints and proofs: what a member of the public needs to check a record offline.

- `GET /v1/checkpoint` the latest co-signed checkpoint (`?size=N`, `?height=H`; `?format=note`
  gives the signed note itself as text/plain);
- `GET /v1/checkpoints?from=&limit=` the history, by increasing size;
- `GET /v1/proof/inclusion/{tx_id}` a transaction's entry in the log (`?format=tlog-proof`: the
  C2SP tlog-proof@v1 file `tx-<id>.tlog-proof`, the same file for the CLI and the browser);
- `GET /v1/proof/consistency?from=N&to=M` that the log of size M extends the one of size N;
- `GET /v1/proof/state/{key}?height=H` a state entry (a holding, an obligation) after block H.
"""
from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import PlainTextResponse

from ledger.errors import BadTreeSize, NotFound

from ..proofs import checkpoint_view, find_checkpoint, get_consistency, get_inclusion, inclusion_url, inclusion_view
from ..state_proofs import get_state_proof
from .deps import NodeDep, TxId
from .errors import error_responses
from .models_proofs import (Checkpoint, CheckpointsPage, ConsistencyProof, InclusionProof, LogEntry,
                            StateProof)

router = APIRouter(prefix="/v1", tags=["proofs"])

MAX_SIZE = 2**53 - 1  # log sizes and heights: integers a browser's JSON keeps exact
MAX_CHECKPOINTS_PAGE = 1000
TEXT = "text/plain; charset=utf-8"
TEXT_TOO = {200: {"content": {"text/plain": {"schema": {"type": "string"}}},
                  "description": "JSON, or with `format` the signed note / tlog-proof file as text"}}

Size = Annotated[int | None, Query(ge=0, le=MAX_SIZE, description="log tree size")]
AtHeight = Annotated[int | None, Query(ge=1, le=MAX_SIZE, description="block height")]
StateKey = Annotated[str, Path(min_length=1, max_length=512, pattern=r"^[^\x00-\x1f\x7f]+$",
                               description="state key, e.g. holding/<account>/<instrument>")]


@router.get("/checkpoint", response_model=Checkpoint, responses={**TEXT_TOO, **error_responses(404, 422)})
def get_checkpoint(node: NodeDep, size: Size = None, height: AtHeight = None,
                   format: Literal["json", "note"] = "json") -> Any:
    """The latest checkpoint with every signature, or the one of log `size`, or in force after block `height`."""
    checkpoint = find_checkpoint(node, size, height)
    if format == "note":
        return PlainTextResponse(checkpoint.note, media_type=TEXT)
    return checkpoint_view(node, checkpoint)


@router.get("/checkpoints", response_model=CheckpointsPage, responses=error_responses(422))
def get_checkpoints(node: NodeDep, first: Annotated[int, Query(alias="from", ge=0, le=MAX_SIZE)] = 0,
                    limit: Annotated[int, Query(ge=1, le=MAX_CHECKPOINTS_PAGE)] = 100) -> dict[str, Any]:
    """Checkpoints of log size >= `from`, by increasing size: size, root, height, signers, note; `next` for more."""
    page = node.store.list_checkpoints(first, limit + 1)
    more = len(page) > limit
    return {"checkpoints": [checkpoint_view(node, c) for c in page[:limit]],
            "next": page[limit].size if more else None}


@router.get("/proof/inclusion/{tx_id}", response_model=InclusionProof,
            responses={**TEXT_TOO, **error_responses(404, 422)})
def get_inclusion_proof(node: NodeDep, tx_id: TxId, size: Size = None,
                        format: Literal["json", "tlog-proof"] = "json") -> Any:
    """A committed transaction's inclusion proof in the latest checkpoint (or the one of log `size`)."""
    proof = get_inclusion(node, bytes.fromhex(tx_id), size)
    if format == "tlog-proof":
        filename = f"tx-{proof.stored.tx.id_hex}.tlog-proof"
        return PlainTextResponse(proof.bundle(), media_type=TEXT,
                                 headers={"content-disposition": f'attachment; filename="{filename}"'})
    return inclusion_view(proof)


@router.get("/proof/consistency", response_model=ConsistencyProof, responses=error_responses(422, also=(BadTreeSize,)))
def get_consistency_proof(node: NodeDep, first: Annotated[int, Query(alias="from", ge=1, le=MAX_SIZE)],
                          last: Annotated[int | None, Query(alias="to", ge=1, le=MAX_SIZE)] = None) -> dict[str, Any]:
    """The RFC 9162 consistency proof from log size `from` to `to` (default the latest checkpoint's)."""
    return get_consistency(node, first, last)


@router.get("/proof/state/{key:path}", response_model=StateProof, response_model_exclude_unset=True,
            responses=error_responses(404, 422))
def get_state_entry_proof(node: NodeDep, key: StateKey, height: AtHeight = None) -> dict[str, Any]:
    """A state entry's value after block `height` (default the last), or its absence (`present` false, with the
    key's neighbours in the sorted state tree), proven against that block's state root and size."""
    return get_state_proof(node, key, height)


@router.get("/log/{log_index}", response_model=LogEntry, responses=error_responses(404, 422))
def get_log_entry(node: NodeDep, log_index: Annotated[int, Path(ge=0, le=MAX_SIZE)]) -> dict[str, Any]:
    """Which transaction is entry `log_index` of the log, with the URLs of it and its proof."""
    stored = node.store.get_tx_at(log_index)
    if stored is None:
        raise NotFound(f"the log has no entry {log_index}; it holds {node.store.log_size()}")
    tx_id = stored.tx.id_hex
    return {"log_index": log_index, "tx_id": tx_id, "height": stored.height, "index": stored.index,
            "url": f"/v1/tx/{tx_id}", "proof": inclusion_url(tx_id)}
