"""Steps the reduction and issuance features share (submit_reduction, verify_reduction, apply_issuance,
decide_issuance): a module imports them with `from reduction_steps import *`, so that they stay out of conftest.py.

A moment is a date (YYYY-MM-DD, read as 10:00 China time) or an RFC 3339 date-time. The project is written
directly (scenario.project_direct); every step of its reports goes through signed transactions.
"""
from __future__ import annotations

from typing import Any

from pytest_bdd import given, parsers, then, when

from contracts.ccer import get_reduction, put_project
from contracts.fields import format_time
from ledger import keys
from scenario import World, ms, project_direct, vvb_direct

HASH = "cd" * 32
VALIDATION_TX, APPLICATION_TX = "a1" * 32, "a2" * 32
"""The transaction ids the project's validation and application records name (the project is written directly)."""
SIGNER, REPORT = r'"(?P<signer>[^"]+)" ', r'report (?P<n>\d+) of "(?P<pid>[^"]+)"'
FILES = SIGNER + r'(?P<verb>files|filed) a report of "(?P<pid>[^"]+)" for (?P<start>\S+) to (?P<end>\S+) ' \
                 r'verified by "(?P<vvb>[^"]+)" on (?P<when>\S+)'
VERIFIES = SIGNER + r'(?P<verb>verifies|verified) ' + REPORT + r' (?P<conclusion>positive|negative) ' \
                    r'with (?P<verified>.+) on (?P<when>\S+)'
APPLIES = r'"(?P<signers>[^"]+)" (?P<verb>apply|applied) for (?P<amount>\d+) t of ' + REPORT + r' on (?P<when>\S+)'
DECIDES = SIGNER + r'(?P<verb>registers|registered|refuses|refused) ' + REPORT + \
    r'(?: because "(?P<reason>[^"]*)")? on (?P<when>\S+)'


def moment(text: str) -> int:
    """Block time of a date (10:00 China time) or of an RFC 3339 date-time."""
    return ms(f"{text}T10:00:00+08:00" if len(text) == 10 else text)


def parse_verified(text: str) -> dict[str, int]:
    """'2023: 400, 2024: 600' → {"2023": 400, "2024": 600}."""
    return {year: int(t) for year, t in (item.split(": ") for item in text.split(", "))}


def run_step(world: World, ok: bool, type_: str, body: dict[str, Any], signers: list[str], when: str) -> None:
    """Run one transaction at `when`; in a Given it must succeed."""
    world.run(type_, body, *signers, time=moment(when))
    if ok:
        world.check_result("ok")


# -- Given: participants and projects --------------------------------------------------------


@given(parsers.parse('project owner "{name}"'))
def _owner(world: World, name: str) -> None:
    world.entity(name, roles=("project_owner",))


@given(parsers.parse('VVB "{name}" accredited for fields {fields}'))
def _vvb(world: World, name: str, fields: str) -> None:
    vvb_direct(world.chain, world.entity(name, roles=("vvb",)), tuple(fields.split(", ")))


@given(parsers.parse('the MEE has {status} "{name}"'))
def _vvb_status(world: World, status: str, name: str) -> None:
    record = world.chain.state.get(keys.vvb(world.id(name)))
    vvb_direct(world.chain, world.id(name), record["fields"], {"suspended": "suspended", "revoked": "revoked"}[status])


@given(parsers.re(r'registered project "(?P<pid>[^"]+)" of "(?P<owner>[^"]+)" validated by "(?P<vvb>[^"]+)"'
                  r'(?: crediting (?P<start>\S+) to (?P<end>\S+))?$'))
def _project(world: World, pid: str, owner: str, vvb: str, start: str | None, end: str | None) -> None:
    crediting = {"crediting_start": start, "crediting_end": end} if start else {}
    project_direct(world.chain, pid, world.id(owner), world.id(vvb), validation={"tx": VALIDATION_TX},
                   application={"tx": APPLICATION_TX}, **crediting)


@given(parsers.parse('project "{pid}" is {status}'))
def _project_status(world: World, pid: str, status: str) -> None:
    put_project(world.chain.state, world.chain.state.get(keys.project(pid)), status=status)


# -- Given and When: the four steps of a report ------------------------------------------------


def is_done(verb: str) -> bool:
    """A step in the past tense (a Given: it must succeed), else the scenario's action (a When)."""
    return verb.endswith("ed")


@given(parsers.re(FILES))
@when(parsers.re(FILES))
def _files(world: World, verb: str, signer: str, pid: str, start: str, end: str, vvb: str, when: str) -> None:
    body = {"project": pid, "period_start": start, "period_end": end, "verifying_vvb": world.id(vvb), "report_hash": HASH}
    run_step(world, is_done(verb), "submit_reduction", body, [signer], when)


@given(parsers.re(VERIFIES))
@when(parsers.re(VERIFIES))
def _verifies(world: World, verb: str, signer: str, n: str, pid: str, conclusion: str, verified: str, when: str) -> None:
    body = {"project": pid, "report": int(n), "report_hash": "ef" * 32, "conclusion": conclusion,
            "verified": parse_verified(verified)}
    run_step(world, is_done(verb), "verify_reduction", body, [signer], when)


@given(parsers.re(APPLIES))
@when(parsers.re(APPLIES))
def _applies(world: World, verb: str, signers: str, amount: str, n: str, pid: str, when: str) -> None:
    body = {"project": pid, "report": int(n), "amount": int(amount), "commitment_hash": "aa" * 32}
    run_step(world, is_done(verb), "apply_issuance", body, signers.split(", "), when)


@given(parsers.re(DECIDES))
@when(parsers.re(DECIDES))
def _decides(world: World, verb: str, signer: str, n: str, pid: str, reason: str | None, when: str) -> None:
    body = {"project": pid, "report": int(n), "outcome": "register" if verb.startswith("register") else "refuse"}
    body |= {"reason": reason} if reason is not None else {}
    run_step(world, is_done(verb), "decide_issuance", body, [signer], when)


# -- Then: the report's record ------------------------------------------------------------------


@then(parsers.parse('report {n:d} of "{pid}" is {status}'))
def _report_status(world: World, n: int, pid: str, status: str) -> None:
    assert get_reduction(world.chain.state, pid, n)["status"] == status


@then(parsers.parse('project "{pid}" has {count:d} reduction reports'))
def _report_count(world: World, pid: str, count: int) -> None:
    assert world.chain.state.get(keys.project(pid))["reductions"] == count


@then(parsers.parse('the window of report {n:d} of "{pid}" closes at "{closes}"'))
def _window(world: World, n: int, pid: str, closes: str) -> None:
    assert format_time(get_reduction(world.chain.state, pid, n)["publicity_closes"]) == closes
