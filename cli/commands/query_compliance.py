"""`tanledger query compliance YEAR`: the public compliance list a page at a time, or all of it as CSV."""
from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from ..client import NodeClient
from ..console import out
from ..views import percent, tonnes
from .options import DEFAULT_NODE, AsJson, NodeUrl
from .query import app, show

COLUMNS = ("account", "name", "province", "sector", "status", "verified t", "allocated t", "surrendered t",
           "shortfall t", "fine (yuan)")


def compliance_table(answer: dict[str, Any]) -> Table:
    """One page of a year's compliance list (GET /v1/compliance/{year}): the year's summary in the title."""
    s = answer["summary"]
    title = (f"compliance {answer['year']}: {s['entities']:,} entities, completion {percent(s['completion_bp'])}, "
             f"status A {s['by_status']['A']:,} · B {s['by_status']['B']:,} · C {s['by_status']['C']:,}"
             f" · X {s['by_status']['X']:,}")
    table = Table(title=title, title_justify="left")
    for column in COLUMNS:
        table.add_column(column, justify="right" if column.endswith((" t", ")")) else "left")
    for r in answer["statuses"]:
        fine = "—" if r["fine_fen"] is None else f"{r['fine_fen'] / 100:,.2f}"
        table.add_row(r["account"], r.get("name") or "—", r["province"] or "—", r.get("sector") or "—", r["status"],
                      tonnes(r["verified"]), tonnes(r["allocated"]), tonnes(r["surrendered"] + r["late_surrendered"]),
                      tonnes(r["shortfall"]), fine)
    return table


def paging_line(answer: dict[str, Any], args: list[str]) -> str:
    """How many matching rows this page shows and leaves out, and the command of the next page."""
    shown, count = len(answer["statuses"]), answer["count"]
    line = f"{shown:,} of {count:,} matching entities shown"
    if answer["next"] is None:
        return line + "."
    return (f"{line}; {count - shown:,} left out. Next page: tanledger query compliance {' '.join(args)} "
            f"--cursor {answer['next']}   (or --csv FILE for the whole list)")


def write_csv(client: NodeClient, year: int, target: str, filters: dict[str, Any]) -> None:
    """Write every matching row as the node's CSV to `target` (a file, with its BOM; `-`: stdout, without)."""
    body = client.compliance_csv(year, **filters)
    if target == "-":
        sys.stdout.write(body.decode("utf-8").removeprefix("\ufeff"))
        return
    Path(target).write_bytes(body)
    rows = body.count(b"\n") - 1
    out.print(f"wrote {rows:,} entities to {target}")


@app.command("compliance")
def compliance(
        year: Annotated[int, typer.Argument(help="compliance year")],
        account_id: Annotated[str | None, typer.Option("--account", help="one entity only")] = None,
        province: Annotated[str | None, typer.Option(help="province code, e.g. 32")] = None,
        sector: Annotated[str | None, typer.Option(help="power, steel, cement or aluminium")] = None, status: Annotated[str | None, typer.Option(help="A, B, C or X")] = None,
        search: Annotated[str | None, typer.Option("--search", "-q", help="part of the name or account id")] = None,
        sort: Annotated[str | None, typer.Option(help="account|name|province|sector|status|verified|shortfall|fine")] = None,
        desc: Annotated[bool, typer.Option("--desc", help="sort descending")] = False,
        limit: Annotated[int, typer.Option("--limit", min=1, max=1000, help="rows per page")] = 100,
        cursor: Annotated[str | None, typer.Option("--cursor", help="the `next` of the previous page")] = None,
        csv_file: Annotated[str | None, typer.Option("--csv", help="write every matching row to FILE (- for stdout)")] = None,
        as_json: AsJson = False, node: NodeUrl = DEFAULT_NODE) -> None:
    """The public compliance list of a year (A surrendered ≥ verified, B short, C not entered, X exempt), a page at a
    time; filter by province, sector, status or name; --csv FILE writes the whole list."""
    filters = {"province": province, "sector": sector, "status": status, "q": search, "sort": sort,
               "order": "desc" if desc else None}
    with NodeClient(node) as client:
        if csv_file is not None:
            return write_csv(client, year, csv_file, filters)
        answer = client.compliance(year, account_id, **filters, limit=limit, cursor=cursor)
    if as_json or account_id:
        return show(answer)
    out.print(compliance_table(answer))
    args = [str(year)] + [f"--{'search' if k == 'q' else k} {shlex.quote(v)}" for k, v in filters.items() if v and k != "order"]
    out.print(paging_line(answer, args + (["--desc"] if desc else []) + [f"--limit {limit}"] * (limit != 100)), soft_wrap=True)
