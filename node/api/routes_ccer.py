"""The CCER registry's public record: projects, methodologies, VVBs and cancellation certificates.

Lists are paged like the others: `limit` items, then `next`, the cursor to pass for the following page.
"""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from ledger import keys
from ledger.errors import NotFound

from .deps import NodeDep, TxId
from .views_ccer import certificate_view, page_of, project_summary, project_view, vvb_view
from .errors import error_responses
from .models_ccer import CancellationsPage, Certificate, Methodologies, Project, ProjectsPage, Vvbs

router = APIRouter(prefix="/v1", tags=["ccer"])

MAX_PAGE = 500
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="items per page")]
Cursor = Annotated[str | None, Query(max_length=128, description="the `next` of the previous page")]
Text = Annotated[str | None, Query(max_length=512)]
ProjectId = Annotated[str, Path(pattern=r"^[A-Z0-9-]{3,24}$", description="project id, e.g. CCER-P-001")]


def _records(node: Any, prefix: str) -> list[Any]:
    return [value for _key, value in node.store.scan_state(prefix)]


def _matches(record: dict[str, Any], **wanted: str | None) -> bool:
    return all(value is None or record.get(name) == value for name, value in wanted.items())


@router.get("/projects", response_model=ProjectsPage, responses=error_responses(422))
def list_projects(node: NodeDep, status: Text = None, methodology: Text = None, owner: Text = None,
                  province: Text = None, q: Annotated[str | None, Query(max_length=200,
                  description="part of the project's id or name")] = None,
                  limit: Limit = 50, cursor: Cursor = None) -> dict[str, Any]:
    """CCER projects by id, filtered by status, methodology, owner, province and a search text `q`."""
    needle = None if q is None else q.strip().lower()
    found = [project_summary(p) for p in _records(node, "ccer/project/")
             if _matches(p, status=status, methodology=methodology, owner=owner, province=province)
             and (needle is None or needle in p["id"].lower() or needle in p["name"].lower())]
    page, more = page_of(found, "id", cursor, limit)
    return {"projects": page, "count": len(found), "next": more}


@router.get("/projects/{project_id}", response_model=Project, responses=error_responses(404, 422))
def get_project(node: NodeDep, project_id: ProjectId) -> dict[str, Any]:
    """One project's public record: status, windows with dates, documents, commitments, reports, issuances, late flags."""
    project = node.store.get_state(keys.project(project_id))
    if project is None:
        raise NotFound(f"project {project_id} does not exist on this ledger")
    reports = _records(node, keys.reduction_prefix(project_id))
    comments = _records(node, f"ccer/comment/{project_id}/")
    return project_view(project, reports, comments, node.tip.time)


@router.get("/methodologies", response_model=Methodologies)
def list_methodologies(node: NodeDep) -> dict[str, Any]:
    """The methodologies the MEE published (code, name, sector field, maximum crediting period, version, status)."""
    return {"methodologies": _records(node, "ccer/methodology/")}


@router.get("/vvbs", response_model=Vvbs)
def list_vvbs(node: NodeDep) -> dict[str, Any]:
    """The validation/verification bodies: accredited fields, status and every change with its date."""
    return {"vvbs": [vvb_view(v, (node.store.get_state(keys.participant(v["vvb"])) or {}).get("name"))
                     for v in _records(node, "ccer/vvb/")]}


@router.get("/cancellations", response_model=CancellationsPage, responses=error_responses(422))
def list_cancellations(node: NodeDep, purpose: Text = None, beneficiary: Text = None, instrument: Text = None,
                       project: Text = None, account: Text = None, limit: Limit = 50,
                       cursor: Cursor = None) -> dict[str, Any]:
    """Cancellation certificates, newest first, filtered by purpose, beneficiary, instrument, project, account."""
    records = [c for c in _records(node, "ccer/certificate/")
               if _matches(c, purpose=purpose, beneficiary=beneficiary, instrument=instrument, project=project,
                           account=account)]
    records.sort(key=lambda c: (-c["height"], c["tx"]))
    page, more = page_of(records, "tx", cursor, limit)
    return {"cancellations": [certificate_view(c) for c in page], "count": len(records),
            "amount": sum(c["amount"] for c in records), "next": more}


@router.get("/cancellations/{tx_id}", response_model=Certificate, responses=error_responses(404, 422))
def get_cancellation(node: NodeDep, tx_id: TxId) -> dict[str, Any]:
    """The certificate of the cancellation made by transaction `tx_id`, with its inclusion proof's link; for a
    cancellation committed before certificates were recorded, what its event says (`recorded` false)."""
    record = node.store.get_state(keys.certificate(tx_id.lower()))
    if record is None:
        record = _from_receipt(node, tx_id.lower())
    return certificate_view(record)


def _from_receipt(node: Any, tx_id: str) -> dict[str, Any]:
    """The certificate of an older cancellation, read from its transaction's cancellation event; raise NotFound."""
    stored = node.store.get_tx(bytes.fromhex(tx_id))
    events = [] if stored is None else [e for e in stored.receipt.get("events", ()) if e.get("reason") == "cancellation"]
    if not events:
        raise NotFound(f"transaction {tx_id} cancelled nothing: it has no cancellation certificate")
    event = events[0]
    return {"tx": tx_id, "height": stored.height, "time": stored.time, "account": event["from"],
            "instrument": event["instrument"], "project": None, "ranges": event["ranges"], "amount": event["amount"],
            "purpose": None, "beneficiary": event.get("beneficiary"), "reason": event.get("cancellation_reason"),
            "recorded": False}
