"""What the CCER project rules share: the live project, its status, its crediting end, and its claims.

A project's claims (`ccer/claim/facility/<facility>`, `ccer/claim/ref/<external_ref>`) are what stops a
double registration: registering writes them, cancelling keeps (or writes) them, so a facility or an
external reference never registers twice, and a claim recorded elsewhere (record_external_claim) blocks
it too. Record layouts: contracts/ccer.py.
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ledger import keys
from ledger.ccer_errors import ProjectCancelled
from ledger.chain import BlockContext
from ledger.errors import InvalidState
from ledger.state import State
from ledger.tx import Transaction

from .ccer import CANCELLED, get_project


def get_open_project(state: State, pid: str) -> dict[str, Any]:
    """The project record unless it was cancelled; raise NotFound or ProjectCancelled."""
    project = get_project(state, pid)
    # Verify the project is not cancelled
    if project["status"] == CANCELLED:
        raise ProjectCancelled(f"project {pid} was cancelled at height {project['cancellation']['height']}: "
                               "a cancelled project is final and never registers again")
    return project


def check_status(project: dict[str, Any], wanted: tuple[str, ...], step: str) -> None:
    """Raise InvalidState unless the project's status is one of `wanted` (what `step` needs)."""
    if project["status"] not in wanted:
        raise InvalidState(f"project {project['id']} is {project['status']}: {step} needs a project that is "
                           f"{' or '.join(wanted)}")


def compute_crediting_end(start: str, years: int) -> str:
    """The last day (YYYY-MM-DD) of a crediting period of `years` years from `start` (a 29 February starts on 1 March)."""
    first = date.fromisoformat(start)
    try:
        after = first.replace(year=first.year + years)
    except ValueError:  # 29 February into a year without one
        after = date(first.year + years, 3, 1)
    return (after - timedelta(days=1)).isoformat()


def compute_stamp(tx: Transaction, ctx: BlockContext) -> dict[str, Any]:
    """{tx, height, time}: where a step of a project's life is on the ledger."""
    return {"tx": tx.id_hex, "height": ctx.height, "time": ctx.time}


def get_claims(project: dict[str, Any]) -> list[tuple[str, str]]:
    """The (kind, value) claims a project makes: its facility, and its external reference when it has one."""
    found = [("facility", project["facility"])]
    if project["external_ref"] is not None:
        found.append(("ref", project["external_ref"]))
    return found


def describe_claim(claim: dict[str, Any]) -> str:
    """'project P' or 'a green_certificate claim recorded by REGISTRY (tx …)': who holds a claim."""
    if "project" in claim:
        return f"project {claim['project']}"
    return f"a {claim['elsewhere']} claim recorded by {claim['by']} (tx {claim['tx'][:16]}…)"


def apply_project_claims(state: State, project: dict[str, Any]) -> None:
    """Write the project's claims on its facility and external reference, keeping any claim already there."""
    for kind, value in get_claims(project):
        if state.get(keys.project_claim(kind, value)) is None:
            state.put(keys.project_claim(kind, value), {"project": project["id"]})
