"""The search box's route: `GET /v1/search?q=` names what a text can mean on this ledger.

A text is read every way it can be: a full or prefix transaction id, a block height and a log index, a serial
(`CEA-2024#1234`), an id prefix of an account, project or instrument, and a part of the name of a participant,
project or cancellation beneficiary (Chinese or Latin, case-insensitive).
"""
from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Query
from sqlmodel import Session, col, select

from ..errors import InvalidRequest
from ..storage.tables import TxRow
from .deps import NodeDep
from .errors import error_responses
from .models_search import SearchAnswer
from .search_index import Hit, SearchIndex, index_of

router = APIRouter(prefix="/v1", tags=["search"])

MIN_TX_PREFIX = 6  # hex characters of a transaction id prefix (the explorer shows 12 or 16)
MAX_RESULTS = 100
SERIAL = re.compile(r"^([A-Za-z]{2,8}-[0-9A-Za-z-]{2,48})\s*#\s*(\d{1,16})$")
NUMBER = re.compile(r"^(?:block|height|log|leaf|区块|日志)?\s*[:#]?\s*(\d{1,16})$", re.IGNORECASE)
HEX = re.compile(r"^[0-9a-fA-F]+$")


@router.get("/search", response_model=SearchAnswer, responses=error_responses(422))
def search(node: NodeDep, q: Annotated[str, Query(max_length=200, description="an id, id prefix, serial, "
                                                  "height or part of a name")],
           limit: Annotated[int, Query(ge=1, le=MAX_RESULTS, description="results at most")] = 20) -> dict[str, Any]:
    """Everything `q` can name: exact ids first, then id prefixes, then names; `count` is the number in all."""
    text = q.strip()
    # Verify there is something to look for
    if not text:
        raise InvalidRequest("q is empty: type a name, an id or its first characters, a serial, a height or a tx id")
    found = _unique(_numbers(node, text) + _serial(index_of(node), text) + _txs(node, text)
                    + index_of(node).by_id(text) + index_of(node).by_name(text))
    return {"q": text, "results": found[:limit], "count": len(found)}


def _unique(hits: list[Hit]) -> list[Hit]:
    seen: set[tuple[str, str]] = set()
    out = []
    for one in sorted(hits, key=lambda r: not r["exact"]):
        if (one["kind"], one["id"]) not in seen:
            seen.add((one["kind"], one["id"]))
            out.append(one)
    return out


def _numbers(node: Any, text: str) -> list[Hit]:
    """A block height and a log index (both offered for a bare number, one if the text says which)."""
    m = NUMBER.match(text)
    if m is None:
        return []
    n, word = int(m.group(1)), text[:m.start(1)].strip(" :#").lower()
    hits = []
    if word in ("", "block", "height", "区块") and 1 <= n <= node.tip.height:
        hits.append({"kind": "block", "id": str(n), "label": f"#{n}", "route": f"#/block/{n}", "exact": bool(word)})
    if word in ("", "log", "leaf", "日志") and n < node.tip.log.size:
        hits.append({"kind": "log", "id": str(n), "label": f"log {n}", "route": f"#/log/{n}", "exact": bool(word)})
    return hits


def _serial(index: SearchIndex, text: str) -> list[Hit]:
    """One tonne of an instrument this ledger has."""
    m = SERIAL.match(text)
    if m is None or ("instrument", m.group(1).lower()) not in index.ids:
        return []
    iid, serial = index.ids[("instrument", m.group(1).lower())].id, int(m.group(2))
    return [{"kind": "serial", "id": f"{iid}#{serial}", "label": f"{iid} #{serial}",
             "route": f"#/serial/{iid}/{serial}", "exact": True}]


def _txs(node: Any, text: str) -> list[Hit]:
    """Committed transactions whose id starts with `text` (at least MIN_TX_PREFIX hex characters)."""
    if len(text) < MIN_TX_PREFIX or len(text) > 64 or not HEX.match(text):
        return []
    prefix = text.lower()
    with Session(node.store.engine) as session:
        rows = session.exec(select(TxRow.id, TxRow.type).where(col(TxRow.id).startswith(prefix))
                            .order_by(col(TxRow.id)).limit(MAX_RESULTS)).all()
    return [{"kind": "transaction", "id": tx_id, "label": kind, "route": f"#/tx/{tx_id}", "exact": len(text) == 64}
            for tx_id, kind in rows]
