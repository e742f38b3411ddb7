"""The CCER projects of the demo year: accreditation, then each batch's lifecycle on the real calendar.

Pure, like `scenario`. Each step of a project's life is a phase, dated on the working-day calendar
the genesis carries (cli/data/cn-workdays.json), counted by the contracts' own helper: the VVB
reports on the day the 20-working-day publicity window has closed, the owner and the VVB apply the
next day, the registry decides the day after; then the same for the reduction report, with the other
VVB. Batch 1 (nine projects) is issued in March 2025, batch 2 (with the first afforestation project)
by August (report §六). Some attempts are refused on purpose, each in its own phase (`Phase.expect`).
"""
from __future__ import annotations

import hashlib
from datetime import date, timedelta
from typing import Any

from contracts.ccer import ccer_instrument_id, compute_window_close
from contracts.working_days import compute_cst_date
from ledger import keys
from node.clock import parse_time

from ..provinces import FULL_NAMES
from ..workdays import load_calendar
from .ccer_parties import PROJECTS, VVBS, Project
from .scenario import Phase, TxSpec

BATCH_SUBMITTED = {1: "2025-01-07", 2: "2025-06-03"}  # PDDs published; issuance follows in March and August
CONSTRUCTION_START, CREDITING_START, CREDITING_YEARS = "2020-06-01", "2022-01-01", 10
PERIOD = ("2023-01-01", "2024-12-31")  # the monitoring period of each project's first reduction report
ATTEMPT_PROJECT = "OW-ZJ-ZHOUSHAN"  # batch 2: the refused attempts are made on it


class CalendarView:
    """The genesis calendar as the contracts read it from state (keys.calendar), for dating the plan."""

    def __init__(self) -> None:
        self.records = {keys.calendar(body["year"]): body for body in load_calendar()}

    def get(self, key: str) -> Any:
        """The calendar record under `key`, else None (like State.get)."""
        return self.records.get(key)


def digest(*parts: Any) -> str:
    """A document's content hash, stable from its description."""
    return hashlib.sha256("/".join(map(str, parts)).encode()).hexdigest()


def moment(day: date) -> str:
    """10:00 China Standard Time of `day`, RFC 3339."""
    return f"{day.isoformat()}T10:00:00+08:00"


def window_closes(calendar: CalendarView, day: date) -> date:
    """The first day on which a publicity window opened at 10:00 on `day` is closed (the rule's default length)."""
    return compute_cst_date(compute_window_close(calendar, parse_time(moment(day))))


def accreditation(accounts: dict[str, str]) -> Phase:
    """The MEE accredits the five VVBs, each for its fields."""
    txs = [TxSpec("accredit_vvb", {"vvb": accounts[key], "status": "active", "fields": list(fields)}, ("MEE",))
           for key, _, _, fields in VVBS]
    return Phase("ccer-vvbs", "MEE accredits five VVBs", moment(date(2025, 1, 3)), txs)


def submit_body(p: Project, accounts: dict[str, str]) -> dict[str, Any]:
    """The owner's project design document."""
    return {"project": p.pid, "name": p.name, "methodology": p.methodology, "province": p.province,
            "location": FULL_NAMES[p.province], "facility": f"F-{p.pid}", "construction_start": CONSTRUCTION_START,
            "crediting_start": CREDITING_START, "crediting_years": CREDITING_YEARS, "pdd_hash": digest("pdd", p.pid),
            "validating_vvb": accounts[p.validating]}


def verified_by_year(p: Project) -> dict[str, int]:
    """The verified tonnes of the first report, per year of the period: half each, the rest in the last."""
    return {PERIOD[0][:4]: p.tonnes // 2, PERIOD[1][:4]: p.tonnes - p.tonnes // 2}


def project_steps(p: Project, accounts: dict[str, str]) -> list[tuple[str, str, TxSpec]]:
    """(step, title, tx) of a project's life from PDD to issuance, in order."""
    owner, validator, verifier = accounts[p.owner], accounts[p.validating], accounts[p.verifying]
    return [
        ("submit", "owners publish the PDDs", TxSpec("submit_project", submit_body(p, accounts), (owner,))),
        ("validate", "VVBs file validation reports", TxSpec("validate_project", {
            "project": p.pid, "report_hash": digest("validation", p.pid), "conclusion": "positive"}, (validator,))),
        ("apply", "owners apply, both commitments", TxSpec("apply_project", {
            "project": p.pid, "commitment_hash": digest("commitment", p.pid)}, (owner, validator))),
        ("register", "the registry registers the projects", TxSpec("decide_project", {
            "project": p.pid, "outcome": "register"}, ("REGISTRY",))),
        ("report", "owners publish reduction reports", TxSpec("submit_reduction", {
            "project": p.pid, "period_start": PERIOD[0], "period_end": PERIOD[1], "verifying_vvb": verifier,
            "report_hash": digest("monitoring", p.pid)}, (owner,))),
        ("verify", "other VVBs verify the reductions", TxSpec("verify_reduction", {
            "project": p.pid, "report": 1, "report_hash": digest("verification", p.pid), "conclusion": "positive",
            "verified": verified_by_year(p)}, (verifier,))),
        ("apply-issuance", "owners apply for issuance, both commitments", TxSpec("apply_issuance", {
            "project": p.pid, "report": 1, "amount": p.tonnes, "commitment_hash": digest("issuance", p.pid)},
            (owner, verifier))),
        ("issue", "the registry issues the CCER", TxSpec("decide_issuance", {
            "project": p.pid, "report": 1, "outcome": "register"}, ("REGISTRY",))),
    ]


def step_days(calendar: CalendarView, submitted: date) -> list[date]:
    """The day of each of the eight steps: each report on the day its publicity window has closed."""
    validate = window_closes(calendar, submitted)
    report = validate + timedelta(days=3)
    verify = window_closes(calendar, report)
    return [submitted, validate, validate + timedelta(days=1), validate + timedelta(days=2), report,
            verify, verify + timedelta(days=1), verify + timedelta(days=2)]


def batch_phases(batch: int, accounts: dict[str, str], calendar: CalendarView) -> list[Phase]:
    """The eight phases of one batch's lifecycle, with its refused attempts (batch 2) before the real steps."""
    projects = [p for p in PROJECTS if p.batch == batch]
    days = step_days(calendar, date.fromisoformat(BATCH_SUBMITTED[batch]))
    steps = [project_steps(p, accounts) for p in projects]
    phases = []
    for n, day in enumerate(days):
        key, title, _ = steps[0][n]
        phases.append(Phase(f"ccer-{batch}-{key}", f"CCER batch {batch}: {title}", moment(day), [s[n][2] for s in steps]))
    return phases if batch == 1 else insert_attempts(phases, accounts, days)


def insert_attempts(phases: list[Phase], accounts: dict[str, str], days: list[date]) -> list[Phase]:
    """Batch 2's refused attempts: a report before the window closes, an application without the VVB's
    commitment, a verifier that validated the project."""
    p = next(p for p in PROJECTS if p.pid == ATTEMPT_PROJECT)
    steps = {key: tx for key, _, tx in project_steps(p, accounts)}
    early = Phase("refused-window", "Refused: a validation before the window closes", moment(days[0] + timedelta(days=7)),
                  [steps["validate"]], expect="publicity_window_open")
    alone = TxSpec("apply_project", steps["apply"].body, steps["apply"].signers[:1])
    missing = Phase("refused-commitment", "Refused: an application without the VVB's commitment", phases[2].time,
                    [alone], expect="commitment_missing")
    same = TxSpec("submit_reduction", {**steps["report"].body, "verifying_vvb": accounts[p.validating]}, steps["report"].signers)
    same_vvb = Phase("refused-same-vvb", "Refused: the validating VVB as verifier", phases[4].time, [same], expect="same_vvb")
    return [phases[0], early, phases[1], missing, *phases[2:4], same_vvb, *phases[4:]]


def lifecycle(accounts: dict[str, str]) -> list[Phase]:
    """Accreditation and both batches' lifecycles."""
    calendar = CalendarView()
    return [accreditation(accounts), *batch_phases(1, accounts, calendar), *batch_phases(2, accounts, calendar)]


def issued_units(batch: int | None = None) -> dict[tuple[str, str], int]:
    """Tonnes issued per (owner key, instrument id), for one batch or all."""
    return {(p.owner, ccer_instrument_id(p.pid, int(year))): t
            for p in PROJECTS if batch in (None, p.batch) for year, t in verified_by_year(p).items()}


def issue_time(batch: int) -> str:
    """When batch `batch` is issued (the time of its last phase)."""
    return moment(step_days(CalendarView(), date.fromisoformat(BATCH_SUBMITTED[batch]))[-1])
