"""Rich tables of the node's answers: a tonne's provenance, holdings (compliance: commands/query_compliance.py)."""
from __future__ import annotations

from typing import Any

from rich.table import Table

OP_LABELS = {"issue": "issued", "move": "moved"}


def trace_table(answer: dict[str, Any]) -> Table:
    """The provenance of one serial (GET /v1/serials/{instrument}/{serial}) as a table, oldest event first."""
    where = answer["holder"] or "nobody"
    status = "terminal" if answer.get("terminal") else answer.get("sub_state") or "-"
    table = Table(title=f"{answer['instrument']} serial {answer['serial']:,}: now in {where} ({status})", title_justify="left")
    for column in ("#", "height", "block time (CST)", "event", "from", "to", "moved with serials", "tx"):
        table.add_column(column, no_wrap=True)
    for n, e in enumerate(answer["events"], start=1):
        first, last = e["range"]
        to = e.get("to") or "—"
        if e.get("to_sub") not in (None, "available"):
            to += f" ({e['to_sub']})"
        table.add_row(str(n), str(e["height"]), str(e["time"])[:16].replace("T", " "), e.get("reason") or e["op"],
                      e.get("from") or "—", to, f"{first:,}–{last:,}", e["tx_id"][:10])
    return table


def holdings_table(answer: dict[str, Any]) -> Table:
    """An account's holdings (GET /v1/accounts/{id}/holdings): one row per instrument and sub-state."""
    table = Table(title=f"holdings of {answer['account']}", title_justify="left")
    for column in ("instrument", "sub-state", "tonnes", "serial ranges"):
        table.add_column(column, justify="right" if column == "tonnes" else "left")
    for holding in answer["holdings"]:
        for sub, part in holding["sub_states"].items():
            shown = ", ".join(f"{a:,}–{b:,}" for a, b in part["ranges"][:4]) + (" …" if len(part["ranges"]) > 4 else "")
            table.add_row(holding["instrument"], sub, f"{part['amount']:,}", shown)
    return table


def percent(bp: int | None) -> str:
    """Basis points as a percentage with two decimals."""
    return "—" if bp is None else f"{bp / 100:.2f} %"


def tonnes(value: int | None) -> str:
    """Tonnes with thousands separators; None as —."""
    return "—" if value is None else f"{value:,}"
