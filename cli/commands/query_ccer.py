"""`tanledger query projects|project|methodologies|vvbs|cancellations`: the CCER registry's public record."""
from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from ..client import NodeClient
from .options import DEFAULT_NODE, AsJson, NodeUrl, account_option
from .query import app, show_as

Limit = Annotated[int, typer.Option("--limit", min=1, max=500, help="items per page")]
Cursor = Annotated[str | None, typer.Option("--cursor", help="the `next` of the previous page")]


def make_table(title: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> Table:
    """A rich table with `columns` and one row per tuple (None shown as —)."""
    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*("—" if v is None else str(v) for v in row))
    return table


def _fetch(path: str, **params: Any) -> Any:
    with NodeClient(params.pop("node")) as client:
        return client.get(path, **params)


def projects_table(answer: dict[str, Any]) -> Table:
    """GET /v1/projects as a table."""
    more = f"; more with --cursor {answer['next']}" if answer["next"] else ""
    return make_table(f"CCER projects: {answer['count']:,}{more}",
                      ("id", "name", "status", "methodology", "province", "owner", "registered", "late"),
                      [(p["id"], p["name"], p["status"], p["methodology"], p["province"], p["owner"],
                        (p["registered"] or "")[:10] or None, "late" if p["late"] else "") for p in answer["projects"]])


def project_table(p: dict[str, Any]) -> Table:
    """GET /v1/projects/{id} as a table of its lifecycle: windows, commitments, reports, issuances."""
    window = p["windows"]["publicity"]
    rows = [("status", p["status"]), ("name", p["name"]), ("owner", p["owner"]), ("methodology", p["methodology"]),
            ("publicity window", f"{window['opens'][:16]} → {window['closes'][:16]}" + (" (open)" if window["open"] else "")),
            ("decision due", p["windows"]["decision_due"]), ("registered", p["registered"]),
            ("late decision", "yes" if p["late"]["registration"] else "no"), ("comments", p["comments"])]
    rows += [(f"commitment: {name}", c and f"{', '.join(c['by'])} in tx {c['tx'][:16]}") for name, c in p["commitments"].items()]
    rows += [(f"report {r['number']}", f"{r['period_start']} … {r['period_end']}, {r['status']}, VVB {r['verifying_vvb']}")
             for r in p["reports"]]
    rows += [(f"issued {i['instrument']}", f"{i['amount']:,} t (report {i['report']})") for i in p["issuances"]]
    return make_table(f"project {p['id']}", ("", "value"), rows)


def certificates_table(answer: dict[str, Any]) -> Table:
    """GET /v1/cancellations as a table."""
    return make_table(f"cancellation certificates: {answer['count']:,}, {answer['amount']:,} t",
                      ("time", "instrument", "tonnes", "purpose", "beneficiary", "account", "tx"),
                      [(c["time"][:16], c["instrument"], f"{c['amount']:,}", c["purpose"], c["beneficiary"], c["account"],
                        c["tx"][:16]) for c in answer["cancellations"]])


@app.command("projects")
def projects(status: Annotated[str | None, typer.Option(help="submitted, validated, applied, registered, refused, "
                                                             "cancelled")] = None,
             methodology: Annotated[str | None, typer.Option(help="e.g. CCER-01-002-V01")] = None,
             owner: Annotated[str | None, account_option(help="the owner's account id")] = None,
             province: Annotated[str | None, typer.Option(help="2-digit province code")] = None,
             search: Annotated[str | None, typer.Option("--search", help="part of the id or name")] = None,
             limit: Limit = 50, cursor: Cursor = None, as_json: AsJson = False, node: NodeUrl = DEFAULT_NODE) -> None:
    """CCER projects, filtered by status, methodology, owner, province or a search text."""
    answer = _fetch("/v1/projects", node=node, status=status, methodology=methodology, owner=owner, province=province,
                    q=search, limit=limit, cursor=cursor)
    show_as(answer, as_json, projects_table)


@app.command("project")
def project(project_id: Annotated[str, typer.Argument(help="project id")], as_json: AsJson = False,
            node: NodeUrl = DEFAULT_NODE) -> None:
    """One project: status, windows with dates, commitments, reduction reports, issuances, late flags."""
    show_as(_fetch(f"/v1/projects/{project_id}", node=node), as_json, project_table)


@app.command("methodologies")
def methodologies(as_json: AsJson = False, node: NodeUrl = DEFAULT_NODE) -> None:
    """The methodologies the MEE published."""
    show_as(_fetch("/v1/methodologies", node=node), as_json, lambda a: make_table(
        "CCER methodologies", ("code", "name", "field", "max crediting years", "status"),
        [(m["code"], m["name"], m["field"], m["max_crediting_years"], m["status"]) for m in a["methodologies"]]))


@app.command("vvbs")
def vvbs(as_json: AsJson = False, node: NodeUrl = DEFAULT_NODE) -> None:
    """The validation/verification bodies: fields, status, last change."""
    show_as(_fetch("/v1/vvbs", node=node), as_json, lambda a: make_table(
        "validation/verification bodies", ("vvb", "name", "fields", "status", "since"),
        [(v["vvb"], v["name"], ", ".join(v["fields"]), v["status"], v["history"][-1]["time"][:10] if v["history"] else None)
         for v in a["vvbs"]]))


@app.command("cancellations")
def cancellations(purpose: Annotated[str | None, typer.Option(help="e.g. company_offset")] = None,
                  beneficiary: Annotated[str | None, typer.Option(help="exactly as on the certificate")] = None,
                  instrument: Annotated[str | None, typer.Option(help="e.g. CCER-WIND-001-2022")] = None,
                  project_id: Annotated[str | None, typer.Option("--project", help="project id")] = None,
                  limit: Limit = 50, cursor: Cursor = None, as_json: AsJson = False, node: NodeUrl = DEFAULT_NODE) -> None:
    """Cancellation certificates, newest first."""
    answer = _fetch("/v1/cancellations", node=node, purpose=purpose, beneficiary=beneficiary, instrument=instrument,
                    project=project_id, limit=limit, cursor=cursor)
    show_as(answer, as_json, certificates_table)
