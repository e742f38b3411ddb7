"""The list of instruments with their supply (`GET /v1/instruments`), for the explorer's home page.

CEA vintages come first (newest first), then CCER batches by id; paged like every list: `limit`, `cursor`, `next`.
"""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from .deps import NodeDep
from .errors import error_responses
from .models_home import InstrumentList
from .views import compute_supply
from .views_ccer import page_of

router = APIRouter(prefix="/v1", tags=["registry"])

Kind = Annotated[str | None, Query(pattern=r"^[A-Z]{2,8}$", description="only instruments of this kind: CEA or CCER")]
Limit = Annotated[int, Query(ge=1, le=1000, description="instruments per page")]
Cursor = Annotated[str | None, Query(max_length=128, description="the `next` of the previous page")]


def _order(record: dict[str, Any]) -> tuple[bool, int, str]:
    return record.get("kind") != "CEA", -int(record.get("vintage") or 0), record["id"]


@router.get("/instruments", response_model=InstrumentList, responses=error_responses(422))
def list_instruments(node: NodeDep, kind: Kind = None, limit: Limit = 100, cursor: Cursor = None) -> dict[str, Any]:
    """Instruments (CEA vintages newest first, then CCER batches) with issued, held, surrendered, cancelled."""
    records = sorted((r for _k, r in node.store.scan_state("instrument/") if kind is None or r.get("kind") == kind),
                     key=_order)
    page, more = page_of(records, "id", cursor, limit)
    return {"instruments": [{**r, "supply": compute_supply(r, node.store.get_holders(r["id"]))} for r in page],
            "count": len(records), "next": more}
