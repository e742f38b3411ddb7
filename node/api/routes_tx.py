"""Transactions: submit one or many, and follow one from pending to committed."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from ledger.errors import LedgerError, NotFound

from ..admission import decode

from .deps import BulkBody, NodeDep, TxBody, TxId
from .errors import error_responses
from .models import TxAccepted, TxRecord, TxsAccepted
from .views import tx_view

router = APIRouter(prefix="/v1", tags=["transactions"])

TX_SCHEMA = {"type": "object", "required": ["payload", "signatures"], "additionalProperties": False,
             "description": "the transaction's RFC 8785 bytes, sent exactly as signed",
             "properties": {"payload": {"type": "object", "required": ["chain_id", "type", "body", "signers", "nonce"],
                                        "description": "what the signers signed"},
                            "signatures": {"type": "array", "items": {"type": "string"},
                                           "description": "Ed25519 signatures (128 lowercase hex), one per signer, in order"}},
             "examples": [{"payload": {"body": {"from": "91110000000000001H", "amount": 100,
                                                "instrument": "CEA-2024", "to": "91110000000000002L"},
                                       "chain_id": "tanledger-test", "nonce": 3, "signers": ["a1005d14…"],
                                       "type": "transfer"}, "signatures": ["9f3c…"]}]}
RAW_TX_BODY = {"requestBody": {"required": True, "content": {"application/json": {"schema": TX_SCHEMA}}}}
NDJSON_BODY = {"requestBody": {"required": True, "content": {"application/x-ndjson": {
    "schema": {"type": "string", "description": "one transaction's RFC 8785 bytes per line"}}}}}

SUBMIT_ERRORS = error_responses(403, 404, 413, 415, 422, 503, transactions=True)


@router.post("/tx", status_code=202, openapi_extra=RAW_TX_BODY, response_model=TxAccepted,
             responses={200: {"model": TxRecord, "description": "already committed"}, **SUBMIT_ERRORS})
def submit_tx(node: NodeDep, raw: TxBody, response: Response) -> dict[str, Any]:
    """Admit one transaction: the body is its exact canonical bytes.

    202 `pending` means admitted by this validator's CheckTx, not yet durable: after a crash it
    may be gone. `committed` (GET /v1/tx/{id}) means in a block a quorum of validators signed,
    stored on each. Re-sending the same bytes is always safe: a pending transaction answers 202
    again, a committed one 200 `committed`, and it is committed exactly once. Sequential nonces
    mean a lost transaction can always be re-sent: no later nonce of its sender commits first.
    """
    tx = decode(raw)
    if node.is_pending(tx.id):  # not handed to the engine again (solo's CheckTx would call it a duplicate)
        return {"id": tx.id_hex, "status": "pending"}
    try:
        node.submit(raw)
    except LedgerError as exc:
        answer = node.resolve_duplicate(tx.id, exc)
        if answer.get("status") == "committed":
            response.status_code = 200
            return answer
        if answer.get("status") != "pending":
            raise
    return {"id": tx.id_hex, "status": "pending"}


@router.post("/txs", status_code=202, openapi_extra=NDJSON_BODY, response_model=TxsAccepted,
             responses=error_responses(413, 415, transactions=True))
def submit_txs(node: NodeDep, raws: BulkBody) -> dict[str, Any]:
    """Admit many transactions in order (application/x-ndjson, one canonical transaction per line).

    Each line gets its own result: `{id, status: "pending"}` or `{id?, code, message}`; a refused
    line does not stop the others.
    """
    results = node.submit_many(raws)
    return {"accepted": sum(1 for r in results if r.get("status") == "pending"), "results": results}


@router.get("/tx/{tx_id}", response_model=TxRecord, response_model_exclude_unset=True,
            responses=error_responses(404, 422))
def get_tx(node: NodeDep, tx_id: TxId) -> dict[str, Any]:
    """A transaction's status: pending, committed (receipt ok) or failed (receipt with its error code)."""
    key = bytes.fromhex(tx_id)
    if node.is_pending(key):
        return {"id": tx_id.lower(), "status": "pending"}
    stored = node.store.get_tx(key)
    if stored is None:
        raise NotFound(f"no transaction {tx_id.lower()} is pending or committed here")
    return tx_view(stored, node.store.get_signer_accounts([stored.tx.id_hex]).get(stored.tx.id_hex, []))
