"""Lists and bulk reads: an account's transactions, an instrument's holders, a block's transactions (each paged by
`limit` and `cursor`, see paging.py), many receipts in one request, many accounts' nonces in one request."""
from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Query

from ledger import keys
from ledger.constants import is_terminal_account
from ledger.errors import NotFound

from ..clock import format_time, parse_time
from ..errors import InvalidRequest, TooLarge
from .deps import AccountId, Height, InstrumentId, NodeDep
from .errors import error_responses
from .models_lists import (
    AccountTxs,
    BlockTxs,
    Holders,
    Nonces,
    Receipts,
    ReceiptsRequest,
)
from .paging import Cursor, Limit, decode_position, encode_position, page_of
from .views import holding_view, tx_view

router = APIRouter(prefix="/v1", tags=["lists"])

MAX_RECEIPTS = 10_000  # ids per POST /v1/receipts
MAX_NONCES = 1_000  # accounts per GET /v1/nonces
TX_ID = re.compile(r"[0-9a-fA-F]{64}")
ACCOUNT = re.compile(r"[0-9A-Z][0-9A-Z-]{1,63}")


def _check_account(node: Any, account: str) -> None:
    """Raise NotFound unless `account` is a participant or a terminal account."""
    if not is_terminal_account(account) and node.store.get_state(keys.participant(account)) is None:
        raise NotFound(f"account {account} does not exist")


@router.get("/accounts/{account_id}/txs", response_model=AccountTxs, responses=error_responses(404, 422))
def get_account_txs(node: NodeDep, account_id: AccountId, limit: Limit = 100, cursor: Cursor = None) -> dict[str, Any]:
    """The transactions an account signed or is a party to, newest first; the genesis (height 0) when it gave the
    account an opening balance."""
    _check_account(node, account_id)
    rows, count = node.store.get_account_txs(account_id, limit + 1, decode_position(cursor))
    genesis_ms = parse_time(node.genesis["genesis_time"])
    txs = [{"tx_id": r["tx_id"], "height": r["height"], "log_index": r["log_index"], "type": r["type"],
            "time": format_time(genesis_ms if r["time"] is None else r["time"]), "role": r["role"],
            "status": "committed" if r["code"] in (None, "ok") else "failed"} for r in rows[:limit]]
    more = len(rows) > limit
    return {"account": account_id, "txs": txs, "count": count,
            "next": encode_position(rows[limit - 1]["height"], rows[limit - 1]["index"]) if more else None}


@router.get("/instruments/{instrument_id}/holders", response_model=Holders, responses=error_responses(404, 422))
def get_instrument_holders(node: NodeDep, instrument_id: InstrumentId, limit: Limit = 100,
                           cursor: Cursor = None) -> dict[str, Any]:
    """Every account holding the instrument (terminal accounts too), largest holding first, then by account id."""
    if node.store.get_state(keys.instrument(instrument_id)) is None:
        raise NotFound(f"instrument {instrument_id} does not exist")
    views = {account: holding_view(instrument_id, holding) for account, holding in node.store.get_holders(instrument_id).items()}
    items = sorted(({"account": account, "amount": v["total"], "sub_states": v["sub_states"]} for account, v in views.items()),
                   key=lambda h: (-h["amount"], h["account"]))
    page, more = page_of(items, "account", cursor, limit)
    records = node.store.get_states([keys.participant(h["account"]) for h in page])
    names = {key: (record or {}).get("name") for key, record in records.items()}
    return {"instrument": instrument_id, "count": len(items), "next": more,
            "holders": [{**h, "name": names.get(keys.participant(h["account"]))} for h in page]}


@router.get("/blocks/{height}/txs", response_model=BlockTxs, responses=error_responses(404, 422))
def get_block_txs(node: NodeDep, height: Height, limit: Limit = 100, cursor: Cursor = None) -> dict[str, Any]:
    """A block's transactions in order, with type, status and the accounts that signed each."""
    if node.store.get_block(height) is None:
        raise NotFound(f"no block at height {height}; the chain is at {node.tip.height}")
    items = node.store.get_block_txs(height)
    page, more = page_of(items, "tx_id", cursor, limit)
    signers = node.store.get_signer_accounts([t["tx_id"] for t in page])
    return {"height": height, "count": len(items), "next": more,
            "txs": [{"tx_id": t["tx_id"], "type": t["type"], "signers": signers.get(t["tx_id"], []), "index": t["index"],
                     "log_index": t["log_index"], "status": "committed" if t["code"] == "ok" else "failed"} for t in page]}


@router.post("/receipts", response_model=Receipts, responses=error_responses(413, 422))
def post_receipts(node: NodeDep, request: ReceiptsRequest) -> dict[str, Any]:
    """Many transactions at once, in the order asked: each as GET /v1/tx/{id} answers it, `{tx_id, status:
    unknown}` if neither pending nor committed here."""
    ids = [i.lower() for i in request.ids]
    # Verify the request is within the limit and names transaction ids only
    if len(ids) > MAX_RECEIPTS:
        raise TooLarge(f"{len(ids)} ids in one request, more than the {MAX_RECEIPTS} allowed: split them")
    bad = next((i for i in ids if not TX_ID.fullmatch(i)), None)
    if bad is not None:
        raise InvalidRequest(f"ids: {bad[:80]!r} is not a transaction id (64 hex characters)")
    stored = node.store.get_txs(ids)
    signers = node.store.get_signer_accounts(list(stored))
    return {"receipts": [tx_view(stored[i], signers.get(i, [])) if i in stored else
                         {"id": i, "status": "pending"} if node.is_pending(bytes.fromhex(i)) else
                         {"tx_id": i, "status": "unknown"} for i in ids]}


@router.get("/nonces", response_model=Nonces, responses=error_responses(404, 413, 422))
def get_nonces(node: NodeDep, accounts: Annotated[str, Query(max_length=70_000, description=
               "account ids separated by commas, at most 1,000")]) -> dict[str, Any]:
    """The last committed nonce of each account (0 before its first transaction); its next transaction carries + 1."""
    ids = list(dict.fromkeys(a.strip() for a in accounts.split(",") if a.strip()))
    # Verify the list is non-empty, within the limit, of account ids only
    if not ids:
        raise InvalidRequest("accounts: give at least one account id (A,B,…)")
    if len(ids) > MAX_NONCES:
        raise TooLarge(f"{len(ids)} accounts in one request, more than the {MAX_NONCES} allowed: split them")
    bad = next((a for a in ids if not ACCOUNT.fullmatch(a)), None)
    if bad is not None:
        raise InvalidRequest(f"accounts: {bad[:80]!r} is not an account id")
    known = node.store.get_states([keys.participant(a) for a in ids])
    missing = [a for a in ids if keys.participant(a) not in known]
    if missing:
        raise NotFound(f"no account {', '.join(missing[:10])}{' …' if len(missing) > 10 else ''} exists")
    nonces = node.store.get_states([keys.nonce(a) for a in ids])
    return {"nonces": {a: nonces.get(keys.nonce(a), 0) for a in ids}}
