"""GET /v1/compliance/{year}: the public compliance list of a year, filtered, sorted and paged, or as CSV / XLSX.

The summaries and the per-province totals are over the whole year; `statuses` is the page of the rows that match.
"""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from contracts import compliance_status, status_fixing
from ledger import keys

from ..state_proofs import state_proof_url
from .deps import NodeDep, Year
from .errors import error_responses
from .export_compliance import XLSX_TYPE, download
from .models_compliance import ComplianceList
from .views_ccer import page_of
from .views_compliance import Filters, check_query, compute_province_totals, is_match, sort_rows

router = APIRouter(prefix="/v1", tags=["registry"])

Choice = Annotated[str | None, Query(max_length=16)]
DOWNLOADS = {200: {"content": {"text/csv": {"schema": {"type": "string"}},
                               XLSX_TYPE: {"schema": {"type": "string", "format": "binary"}}},
                   "description": "the page as JSON, or with format=csv|xlsx every matching row as a download"}}


def read_listing(node: Any, year: int) -> dict[str, Any]:
    """The year's cycle, summaries and every entity's row (status, name, sector, deduction, proof URLs), by account."""
    cycle = node.store.get_state(keys.cycle(year))
    with node.lock:
        statuses = status_fixing.list_public_statuses(node.state, year)
        summary = compliance_status.summarize(statuses, year)
        fixed = status_fixing.get_fixed_summary(node.state, year)
        extra = {s["account"]: (node.state.get(keys.participant(s["account"])) or {},
                                node.state.get(keys.obligation(year, s["account"])) or {}) for s in statuses}
        height = node.tip.height
    rows = [_row(status, year, height, *extra[status["account"]]) for status in statuses]
    return {"year": year, "cycle": cycle, "summary": summary, "fixed_summary": fixed, "height": height, "statuses": rows}


def _row(status: dict[str, Any], year: int, height: int, participant: dict[str, Any],
         obligation: dict[str, Any]) -> dict[str, Any]:
    """A compliance entry with the entity's name, sector and deduction, and the URLs of the state proofs of its
    record and fixed status."""
    fixed = status["fixed"] is not None and status["fixed"]["status"] is not None
    return {**status, "name": participant.get("name"), "sector": participant.get("sector"),
            "deduction": obligation.get("deduction", 0),
            "proof": state_proof_url(keys.obligation(year, status["account"]), height),
            "fixed_proof": state_proof_url(keys.fixed_status(year, status["account"]), height) if fixed else None}


@router.get("/compliance/{year}", response_model=ComplianceList,  # type: ignore[arg-type]
            responses={**DOWNLOADS, **error_responses(422)})
def get_compliance(
        node: NodeDep, year: Year,
        province: Annotated[str | None, Query(max_length=8, description="GB/T 2260 province code, e.g. 32")] = None,
        sector: Choice = None, status: Annotated[str | None, Query(max_length=4, description="A, B, C or X")] = None,
        q: Annotated[str | None, Query(max_length=200, description="part of the entity's name or account id")] = None,
        sort: Annotated[str, Query(max_length=16, description="account|name|province|sector|status|verified|"
                                                             "shortfall|fine")] = "account",
        order: Annotated[str, Query(max_length=4, description="asc or desc")] = "asc",
        limit: Annotated[int, Query(ge=1, le=1000, description="rows per page")] = 100,
        cursor: Annotated[str | None, Query(max_length=128, description="the `next` of the previous page")] = None,
        fmt: Annotated[str, Query(alias="format", max_length=8, description="json, csv or xlsx")] = "json",
) -> Any:
    """The public compliance list of a year: per entity the current status and, beside it, the status fixed at the
    deadline; the summary now and at the deadline and the totals per province over the whole year; the rows that
    match the filters, sorted, a page at a time (or all of them as CSV / XLSX with `format`)."""
    filters = Filters(province=province or None, sector=sector or None, status=status or None, q=q or None)
    check_query(filters, sort, order, fmt)
    listing = read_listing(node, year)
    everyone = listing["statuses"]
    rows = sort_rows([row for row in everyone if is_match(row, filters)], sort, order)
    if fmt != "json":
        return download(rows, year, fmt)
    page, following = page_of(rows, "account", cursor, limit)
    return {**listing, "statuses": page, "count": len(rows), "next": following,
            "provinces": compute_province_totals(everyone)}

