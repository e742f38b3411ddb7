"""The CCER section of the demo's report, read back from the node: projects, issuance, trades, cancellations, offsets.

Projects, issuance, trades and cancellations are read from the receipts of the transactions the
plan's CCER phases submitted (their issue, move and certificate events), the offsets from the public
compliance list, the refused attempts from what the node answered at admission.
"""
from __future__ import annotations

from collections import Counter
from typing import Any, Iterator

from rich.table import Table

from ..client import NodeClient
from ..console import out
from ..views import trace_table
from .driver import DriveResult
from .scenario import YEAR


def receipt_events(client: NodeClient, ids: list[str], op: str) -> Iterator[dict[str, Any]]:
    """Every event `op` of the committed transactions `ids`."""
    for answer in client.get_txs(ids):
        if answer.get("status") == "committed":
            yield from (e for e in answer["receipt"]["events"] if e.get("op") == op)


def phase_ids(result: DriveResult, prefix: str) -> list[str]:
    """The ids of every phase whose key starts with `prefix`, in order."""
    return [tx_id for key, ids in result.ids.items() if key.startswith(prefix) for tx_id in ids]


def committed(client: NodeClient, ids: list[str]) -> int:
    """How many of `ids` are committed with receipt ok."""
    return sum(1 for answer in client.get_txs(ids) if answer.get("status") == "committed")


def collect_ccer(client: NodeClient, result: DriveResult) -> dict[str, Any]:
    """The CCER market's figures of the year."""
    purposes: Counter = Counter()
    for event in receipt_events(client, result.ids.get("ccer-cancel", []), "certificate"):
        purposes[event["purpose"]] += event["amount"]
    statuses = [s for s in client.compliance_all(YEAR)["statuses"] if s.get("offset")]
    return {
        "projects_registered": committed(client, phase_ids(result, "ccer-1-register") + phase_ids(result, "ccer-2-register")),
        "issued_by_batch_t": {str(b): sum(e["amount"] for e in receipt_events(client, result.ids.get(f"ccer-{b}-issue", []), "issue"))
                              for b in (1, 2)},
        "traded_t": sum(e["amount"] for e in receipt_events(client, phase_ids(result, "ccer-trade-"), "move")),
        "cancelled_by_purpose_t": dict(sorted(purposes.items())),
        "offset_t": sum(s["offset"] for s in statuses), "offsetting_entities": len(statuses),
        "offset_provinces": len({s["province"] for s in statuses}),
        "refused_by_code": dict(sorted(result.refused.items())),
    }


def ccer_table(c: dict[str, Any]) -> Table:
    """The CCER market in one table."""
    table = Table(title=f"the CCER market in {YEAR + 1}", title_justify="left", show_header=False)
    table.add_column("what")
    table.add_column("value", justify="right")
    rows = [("projects registered", f"{c['projects_registered']:,}")]
    rows += [(f"CCER issued, batch {b}, t", f"{t:,}") for b, t in c["issued_by_batch_t"].items()]
    rows += [("CCER traded through the exchange, t", f"{c['traded_t']:,}")]
    rows += [(f"cancelled for {purpose}, t", f"{t:,}") for purpose, t in c["cancelled_by_purpose_t"].items()]
    rows += [("entities offsetting / provinces", f"{c['offsetting_entities']:,} / {c['offset_provinces']:,}"),
             ("CCER offset in the surrender, t", f"{c['offset_t']:,}")]
    rows += [(f"refused: {code}", f"{n:,}") for code, n in c["refused_by_code"].items()]
    for what, value in rows:
        table.add_row(what, value)
    return table


def show_ccer_trace(client: NodeClient, result: DriveResult) -> dict[str, Any] | None:
    """Print the provenance of one CCER tonne offset in a surrender: issued to its project's owner, sold, frozen,
    consumed. None when no CCER was offset."""
    for event in receipt_events(client, result.ids.get("ccer-surrender", [])[:1], "move"):
        answer = client.serial(event["instrument"], event["ranges"][0][0])
        out.print(trace_table(answer))
        return answer
    return None
