"""The demo's closing report: the year in numbers, one tonne's journey, the replay."""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from rich.table import Table

from ledger.checkpoint import parse_trust, verify_checkpoint

from ..client import NodeClient
from ..console import out
from ..views import percent, trace_table
from .driver import DriveResult
from .plan import Plan
from .books import OLD_VINTAGES
from .scenario import INSTRUMENT, YEAR


def collect(client: NodeClient, plan: Plan, result: DriveResult) -> dict[str, Any]:
    """The year's figures, read back from the node (not from the plan)."""
    compliance = client.compliance_all(YEAR)
    s, status = compliance["summary"], client.status()
    defaulters = [r for r in compliance["statuses"] if r["status"] == "B"]
    return {
        "entities": s["entities"], "verified_t": s["verified"], "allocated_t": s["allocated"],
        "surrendered_t": s["surrendered"] + s["late_surrendered"], "offset_t": s["offset"], "completion_bp": s["completion_bp"],
        "compliant": s["by_status"]["A"], "short": s["by_status"]["B"], "shortfall_t": s["shortfall"],
        "fine_fen": s["fine_fen"], "defaulters": [{"account": r["account"], "shortfall_t": r["shortfall"],
                                                     "fine_fen": r["fine_fen"]} for r in defaulters],
        "deducted_2025_t": deducted(client, result.ids.get("pre-2025", []), {r["account"] for r in defaulters}, plan),
        "supply": client.instrument(INSTRUMENT)["supply"], "blocks": status["height"], "transactions": status["log_size"],
        "opening_supply": {iid: client.instrument(iid)["supply"] for iid in OLD_VINTAGES},
        "submitted": result.txs, "clock_moves": result.clock_moves, "seconds": round(result.seconds, 2), "tx_per_s": round(result.rate, 1),
    }


def deducted(client: NodeClient, ids: list[str], defaulters: set[str], plan: Plan) -> int:
    """Tonnes cut from the defaulters' 2025 pre-allocation for their unpaid 2024 shortfall (read from the receipts)."""
    accounts = [spec.body["account"] for spec in plan.phase("pre-2025").txs] if ids else []
    wanted = [tx_id for tx_id, account in zip(ids, accounts, strict=False) if account in defaulters]
    return sum(event.get("deduction_applied", 0) for answer in client.get_txs(wanted)
               for event in answer["receipt"]["events"] if event.get("op") == "allocate")


def summary_table(f: dict[str, Any]) -> Table:
    """The year in one table."""
    table = Table(title=f"compliance year {YEAR} on TanLedger", title_justify="left", show_header=False)
    table.add_column("what")
    table.add_column("value", justify="right")
    rows = [
        ("key emitting entities", f"{f['entities']:,}"),
        ("allocated (after true-up), t", f"{f['allocated_t']:,}"),
        ("verified emissions, t", f"{f['verified_t']:,}"),
        ("surrendered, t", f"{f['surrendered_t']:,}"),
        ("offset with CCER (within 5 %), t", f"{f['offset_t']:,}"),
        ("completion rate", percent(f["completion_bp"])),
        ("entities compliant (A) / short (B)", f"{f['compliant']:,} / {f['short']:,}"),
        ("shortfall of the defaulters, t", f"{f['shortfall_t']:,}"),
        ("fines, yuan", f"{f['fine_fen'] / 100:,.2f}"),
        ("deducted from their 2025 allocation, t", f"{f['deducted_2025_t']:,}"),
        ("blocks", f"{f['blocks']:,}"),
        ("transactions", f"{f['transactions']:,}"),
        ("throughput (sign, submit, commit), tx/s", f"{f['tx_per_s']:,.1f}"),
    ]
    for what, value in rows:
        table.add_row(what, value)
    return table


def pick_traced_serial(client: NodeClient, result: DriveResult) -> int:
    """A serial bought in a compliance purchase (so surrendered by its buyer), else one of any transfer, else 1."""
    for key in ("purchase", "trade-12", "trade-11"):
        for tx_id in result.ids.get(key, [])[:1]:
            for event in client.get_tx(tx_id)["receipt"]["events"]:
                if event.get("op") == "move":
                    return event["ranges"][0][0]
    return 1


def show_trace(client: NodeClient, result: DriveResult) -> dict[str, Any]:
    """Print the provenance of one tonne from its allocation to its surrender."""
    answer = client.serial(INSTRUMENT, pick_traced_serial(client, result))
    out.print(trace_table(answer))
    return answer


def show_migrated_trace(client: NodeClient) -> dict[str, Any]:
    """Print the provenance of the oldest vintage's last serial: an entity's surplus, brought in at genesis."""
    iid = OLD_VINTAGES[0]
    answer = client.serial(iid, client.instrument(iid)["issued"])
    out.print(trace_table(answer))
    return answer


def network_figures(specs: list, client: NodeClient, trust_file: Path) -> dict[str, Any]:
    """Every validator's height and app hash at one common height, and the last co-signed checkpoint, verified
    with the trust file (validators' quorum and witness policy)."""
    import httpx

    from ..network import api_status

    statuses = [api_status(s) for s in specs]
    height = min(st["height"] for st in statuses if st)
    rows = []
    for spec in specs:
        block = httpx.get(f"{spec.api}/v1/blocks/{height}", timeout=10).json()
        rows.append({"name": spec.name, "api": spec.api, "height": height, "block_hash": block["hash"],
                     "app_hash": block["app_hash"]})
    checkpoint = client.get("/v1/checkpoint")
    deadline = time.monotonic() + 15  # co-signatures of the last blocks arrive two blocks later
    while checkpoint["size"] < client.status()["log_size"] and time.monotonic() < deadline:
        time.sleep(0.3)
        checkpoint = client.get("/v1/checkpoint")
    trust = parse_trust(json.loads(trust_file.read_text(encoding="utf-8")))
    verified = verify_checkpoint(checkpoint["note"], trust)
    return {"validators": rows, "checkpoint": {"size": checkpoint["size"], "height": checkpoint["height"],
                                                "signers": [s.rsplit("/", 1)[-1] for s in checkpoint["signers"]],
                                                "quorum": checkpoint["quorum"], "of": len(specs),
                                                "witnesses": [name for name, _ in verified.witnesses],
                                                "witness_quorum": trust.witness_quorum,
                                                "witnesses_of": len(trust.witnesses)}}


def network_table(n: dict[str, Any]) -> Table:
    """The validators at one height, and the checkpoint a verifier gets."""
    table = Table(title="the validators", title_justify="left")
    for column in ("validator", "API", "height", "block hash", "app hash"):
        table.add_column(column)
    for v in n["validators"]:
        table.add_row(v["name"], v["api"], f"{v['height']:,}", v["block_hash"][:16] + "…", v["app_hash"][:16] + "…")
    c = n["checkpoint"]
    table.caption = (f"last co-signed checkpoint: log size {c['size']:,} at block {c['height']:,}, signed by "
                     f"{len(c['signers'])} of {c['of']} (quorum {c['quorum']}): {', '.join(c['signers'])}; "
                     f"witnessed by {len(c['witnesses'])} of {c['witnesses_of']} (quorum {c['witness_quorum']}): "
                     f"{', '.join(c['witnesses'])}; verified with trust.json")
    return table
