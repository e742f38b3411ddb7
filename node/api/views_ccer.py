"""JSON views of the CCER registry's records (contracts/ccer.py): times in RFC 3339 China time, tx and proof links."""
from __future__ import annotations

from typing import Any, Callable

from ledger import keys, serials

from ..clock import format_time
from ..proofs import inclusion_url
from ..state_proofs import state_proof_url
from .paging import page_of  # noqa: F401  (moved to paging.py; still importable from here)

Reader = Callable[[str], Any]
# The keys every issue event has; any other key of a CCER issue event is its provenance (holdings.apply_issue).
ISSUE_KEYS = frozenset({"op", "instrument", "ranges", "amount", "to", "to_sub", "reason"})


def fmt(ms: int | None) -> str | None:
    """A time in ms as RFC 3339 China time, None stays None."""
    return None if ms is None else format_time(ms)


def tx_links(tx: str | None) -> dict[str, Any] | None:
    """A transaction id with the URLs of its record and its inclusion proof."""
    return None if tx is None else {"tx": tx, "url": f"/v1/tx/{tx}", "proof": inclusion_url(tx)}


def step_view(step: dict[str, Any] | None, *due: str) -> dict[str, Any] | None:
    """A lifecycle step ({tx, height, time, …}) with its time (and `due` fields) in RFC 3339, ms kept as *_ms."""
    if step is None:
        return None
    timed = {name: fmt(step.get(name)) for name in ("time", *due) if name in step}
    return {**step, **timed, **{f"{name}_ms": step.get(name) for name in timed}, "links": tx_links(step.get("tx"))}


def window_view(opened_ms: int, closes_ms: int, now_ms: int) -> dict[str, Any]:
    """A publicity window: when it opened and closes, and whether it is still open at `now_ms` (the last block)."""
    return {"opens": fmt(opened_ms), "closes": fmt(closes_ms), "opens_ms": opened_ms, "closes_ms": closes_ms,
            "open": now_ms < closes_ms}


def report_view(record: dict[str, Any], now_ms: int) -> dict[str, Any]:
    """A reduction report with its window, verification, application and decision (times in RFC 3339)."""
    return {**record, "window": window_view(record["submitted"]["time"], record["publicity_closes"], now_ms),
            "submitted": step_view(record["submitted"]), "verification": step_view(record.get("verification")),
            "application": step_view(record.get("application"), "decision_due"),
            "decision": step_view(record.get("decision"))}


def issuances_of(reports: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per instrument (CCER-<project>-<year>) the serial ranges each report's issuance created."""
    rows = []
    for report in reports:
        for iid, ranges in ((report.get("decision") or {}).get("issued") or {}).items():
            rows.append({"instrument": iid, "report": report["number"], "ranges": ranges,
                         "amount": serials.count(ranges), "url": f"/v1/instruments/{iid}"})
    return sorted(rows, key=lambda row: (row["instrument"], row["report"]))


def documents_of(project: dict[str, Any], reports: list[dict[str, Any]], comments: list[Any]) -> list[dict[str, Any]]:
    """Every document of the project by content hash, with the transaction that filed it."""
    docs = [("design_document", project["pdd_hash"], project["submitted"]),
            ("validation_report", *_hash_and(project.get("validation"), "report_hash")),
            ("application_commitment", *_hash_and(project.get("application"), "commitment_hash"))]
    docs += [("comment", c.get("content_hash"), c) for c in comments]
    for r in reports:
        docs += [(f"monitoring_report {r['number']}", r["report_hash"], r["submitted"]),
                 (f"verification_report {r['number']}", *_hash_and(r.get("verification"), "report_hash")),
                 (f"issuance_commitment {r['number']}", *_hash_and(r.get("application"), "commitment_hash"))]
    return [{"kind": kind, "hash": digest, "tx": (step or {}).get("tx"), "time": fmt((step or {}).get("time"))}
            for kind, digest, step in docs if digest is not None]


def _hash_and(step: dict[str, Any] | None, name: str) -> tuple[str | None, dict[str, Any] | None]:
    return (None, None) if step is None else (step.get(name), step)


def late_flags(project: dict[str, Any], reports: list[dict[str, Any]]) -> dict[str, Any]:
    """Which registry decisions came after their due date (the public record flags them)."""
    decision = project.get("decision") or {}
    return {"registration": bool(decision.get("late")),
            "issuances": [r["number"] for r in reports if (r.get("decision") or {}).get("late")]}


def commitments_of(project: dict[str, Any]) -> dict[str, Any]:
    """The dual commitment (双承诺): the VVB's validation statement and the application both parties signed."""
    validation, application = project.get("validation"), project.get("application")
    return {"validation": None if validation is None else {"by": [project["validating_vvb"]], **tx_links(validation["tx"])},
            "application": None if application is None else {
                "by": [project["owner"], project["validating_vvb"]], **tx_links(application["tx"])}}


def project_view(project: dict[str, Any], reports: list[dict[str, Any]], comments: list[Any], now_ms: int) -> dict[str, Any]:
    """The public record of one project: windows with dates, documents, commitments, reports, issuances, late flags."""
    application = project.get("application")
    shown = [report_view(r, now_ms) for r in reports]
    return {**project, "submitted": step_view(project["submitted"]), "validation": step_view(project.get("validation")),
            "application": step_view(application, "decision_due"), "decision": step_view(project.get("decision")),
            "cancellation": step_view(project.get("cancellation")), "registered": fmt(project.get("registered_time")),
            "windows": {"publicity": window_view(project["submitted"]["time"], project["publicity_closes"], now_ms),
                        "decision_due": fmt(application and application.get("decision_due"))},
            "documents": documents_of(project, reports, comments), "commitments": commitments_of(project),
            "reports": shown, "issuances": issuances_of(reports), "late": late_flags(project, reports),
            "proof": state_proof_url(keys.project(project["id"]))}


def project_summary(project: dict[str, Any]) -> dict[str, Any]:
    """One line of the project list."""
    names = ("id", "name", "owner", "methodology", "field", "province", "status", "validating_vvb", "reductions")
    return {**{n: project.get(n) for n in names}, "registered": fmt(project.get("registered_time")),
            "late": bool((project.get("decision") or {}).get("late")), "url": f"/v1/projects/{project['id']}"}


def certificate_view(record: dict[str, Any]) -> dict[str, Any]:
    """A cancellation certificate with its time in RFC 3339 and the links to its transaction and proofs; `recorded`
    is False for one read from the event of a cancellation committed before certificates were recorded."""
    return {"recorded": True, **record, "time": fmt(record["time"]), "time_ms": record["time"], **tx_links(record["tx"]),
            "state_proof": state_proof_url(keys.certificate(record["tx"]))}


def vvb_view(record: dict[str, Any], name: str | None) -> dict[str, Any]:
    """A VVB's accreditation with its name and every change dated."""
    history = [{"status": s, "fields": list(f), "time": fmt(t), "time_ms": t, "height": h} for s, f, t, h in record["history"]]
    return {**record, "fields": list(record["fields"]), "name": name, "history": history,
            "proof": state_proof_url(keys.vvb(record["vvb"]))}


def issue_provenance(receipt: dict[str, Any], instrument: str, serial: int) -> dict[str, Any] | None:
    """The provenance an issue event of `receipt` carries for `serial` (project, report, VVBs, commitments), or None."""
    for event in receipt.get("events", ()):
        if event.get("op") == "issue" and event.get("instrument") == instrument and \
                any(a <= serial <= b for a, b in event.get("ranges", ())):
            extra = {k: v for k, v in event.items() if k not in ISSUE_KEYS}
            return extra or None
    return None


def fold_certificates(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A tonne's hops: a certificate event (it names the serials it certifies) is no hop of its own but the
    link to the certificate on the move of the same transaction that cancelled the tonne."""
    hops: list[dict[str, Any]] = []
    for event in events:
        if event["op"] != "certificate":
            hops.append(event)
        elif hops and hops[-1]["tx_id"] == event["tx_id"]:
            hops[-1] = {**hops[-1], "certificate": f"/v1/cancellations/{event['tx_id']}"}
    return hops
