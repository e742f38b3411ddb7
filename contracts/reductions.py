"""What the four steps of a reduction report share: report → verification → application → issuance.

The record layout of `ccer/reduction/<project>/<n>` is in contracts/ccer.py. A report moves submitted →
verified → applied → issued; a negative verification or the registry's refusal ends it as refused, and a
refused report's period may be filed again. Source: S8 Art.17–22, S9. Features: tests/features/
submit_reduction.feature, verify_reduction.feature, apply_issuance.feature, decide_issuance.feature.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from ledger import keys
from ledger.ccer_errors import ProjectCancelled, ProjectNotRegistered, ReportWrongStatus
from ledger.chain import BlockContext
from ledger.state import State
from ledger.tx import Transaction

from . import ccer, fields

VERIFIED, ISSUED = "verified", "issued"


def check_project_registered(project: dict[str, Any]) -> None:
    """Raise ProjectCancelled or ProjectNotRegistered unless the project is registered."""
    # Verify the project was not cancelled (final)
    if project["status"] == ccer.CANCELLED:
        raise ProjectCancelled(f"project {project['id']} was cancelled: no reduction of it is reported or issued")
    # Verify the project is registered
    if project["status"] != ccer.REGISTERED:
        raise ProjectNotRegistered(f"project {project['id']} is {project['status']}, not registered: reductions are "
                                   f"reported only for a registered project")


def check_report_status(report: dict[str, Any], status: str, step: str) -> None:
    """Raise ReportWrongStatus unless the report's status is `status`, the one `step` needs."""
    # Verify the report is at this step
    if report["status"] != status:
        raise ReportWrongStatus(f"reduction report {report['number']} of {report['project']} is {report['status']}; "
                                f"{step} needs it {status}")


def put_reduction(state: State, record: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """Write the report with `changes` (a new dict; never mutate the old one); return it."""
    new = {**record, **changes}
    state.put(keys.reduction(new["project"], new["number"]), new)
    return new


def compute_step(tx: Transaction, ctx: BlockContext, **details: Any) -> dict[str, Any]:
    """The record of one step taken by `tx` in this block: {tx, height, time, **details}."""
    return {"tx": tx.id_hex, "height": ctx.height, "time": ctx.time, **details}


def compute_years_back(day: str, years: int) -> str:
    """The date `years` years before `day` (YYYY-MM-DD); 29 February falls back to the 28th."""
    then = date.fromisoformat(day)
    try:
        return then.replace(year=then.year - years).isoformat()
    except ValueError:
        return then.replace(year=then.year - years, day=28).isoformat()


def is_overlap(report: dict[str, Any], start: str, end: str) -> bool:
    """True when the report's period shares at least one day with `start`..`end` (dates, inclusive)."""
    period_start: str = report["period_start"]
    period_end: str = report["period_end"]
    return period_start <= end and start <= period_end


def compute_provenance(project: dict[str, Any], report: dict[str, Any]) -> dict[str, Any]:
    """The provenance an issue event carries: project, report, methodology, period, both VVBs, both commitments."""
    return {"project": project["id"], "report": report["number"], "methodology": project["methodology"],
            "period": [report["period_start"], report["period_end"]], "validating_vvb": project["validating_vvb"],
            "verifying_vvb": report["verifying_vvb"],
            "commitments": {"project_application": (project.get("application") or {}).get("tx"),
                            "validation": (project.get("validation") or {}).get("tx"),
                            "verification": report["verification"]["tx"],
                            "issuance_application": report["application"]["tx"]}}


def apply_vintage_instrument(state: State, project: dict[str, Any], year: int, ctx: BlockContext) -> str:
    """Create instrument CCER-<project>-<year> unless it exists; return its id."""
    iid = ccer.ccer_instrument_id(project["id"], year)
    if state.get(keys.instrument(iid)) is None:
        state.put(keys.instrument(iid), {
            "id": iid, "kind": ccer.CCER, "vintage": year, "name": f"{project['name']} {year}", "issued": 0,
            "next_serial": 1, "created_at": ctx.height, "project": project["id"], "methodology": project["methodology"]})
    return iid


def get_report_number(body: dict[str, Any]) -> int:
    """The body's report number (1, 2, …)."""
    return fields.get_int(body, "report", 1, 9999)
