"""Steps the CCER project features share (set_methodology, accredit_vvb, submit_project, comment_project,
validate_project, apply_project, decide_project, cancel_project, record_external_claim): a module imports them
with `from project_steps import *`, so that they stay out of conftest.py."""
from __future__ import annotations

import re
from typing import Any

from pytest_bdd import given, parsers, then, when

from contracts.fields import format_time, uscc_with_check
from helpers import pub
from ledger import keys
from scenario import World, advance_project, ensure_accredited, ensure_methodology, ms, project_body


def register_as(world: World, name: str, roles: tuple[str, ...], first17: str | None = None) -> None:
    """Register `name` with `roles`; with `first17`, under the credit code completing it (to share an organization code)."""
    if first17 is None:
        world.entity(name, roles=roles)
        return
    pid = uscc_with_check(first17)
    world.run("register_participant", {"id": pid, "name": name, "roles": list(roles), "pubkeys": [pub(pid)]}, "REGISTRY")
    world.check_result("ok")
    world.ids[name] = pid


@given(parsers.re(r'project owner "(?P<name>[^"]+)"(?: with credit code "(?P<code>[0-9A-Z]{17})…")?$'))
def _owner(world: World, name: str, code: str | None) -> None:
    register_as(world, name, ("project_owner",), code)


@given(parsers.re(r'VVB "(?P<name>[^"]+)"(?: with credit code "(?P<code>[0-9A-Z]{17})…")?$'))
def _vvb(world: World, name: str, code: str | None) -> None:
    register_as(world, name, ("vvb",), code)


@given(parsers.parse('"{name}" is both a project owner and a VVB'))
def _both(world: World, name: str) -> None:
    register_as(world, name, ("project_owner", "vvb"))


@given(parsers.parse('VVB "{name}" accredited for fields "{fields}"'))
def _vvb_accredited(world: World, name: str, fields: str) -> None:
    if name not in world.ids:
        register_as(world, name, ("vvb",))
    ensure_accredited(world, name, *fields.split(","))


@given(parsers.parse('"{name}" is accredited for fields "{fields}"'))
def _accredited(world: World, name: str, fields: str) -> None:
    ensure_accredited(world, name, *fields.split(","))


@given(parsers.parse("methodology {code} is published"))
def _published(world: World, code: str) -> None:
    ensure_methodology(world, code)


@given(parsers.re(r'the MEE (?P<change>suspended|revoked|reinstated) "(?P<name>[^"]+)"'))
def _changed(world: World, change: str, name: str) -> None:
    status = {"suspended": "suspended", "revoked": "revoked", "reinstated": "active"}[change]
    body = {"vvb": world.id(name), "status": status, "fields": list(vvb_record(world, name)["fields"])}
    world.run("accredit_vvb", body, "MEE")
    world.check_result("ok")


def vvb_record(world: World, name: str) -> dict:
    """The accreditation record of VVB `name`."""
    return world.chain.state.get(keys.vvb(world.id(name)))


@then(parsers.parse('"{name}" is {status} for fields "{fields}"'))
def _vvb_is(world: World, name: str, status: str, fields: str) -> None:
    record = vvb_record(world, name)
    assert (record["status"], list(record["fields"])) == (status, fields.split(",")), record


# -- the project's life ------------------------------------------------------------------

CHANGE = re.compile(r'(\w+) (?:"([^"]*)"|(\d+))')
STAGED = (r'project "(?P<pid>[^"]+)" of "(?P<owner>[^"]+)" (?P<stage>is submitted|is validated|has applied|is registered) '
          r'with "(?P<vvb>[^"]+)"(?:, with (?P<changes>.+?))?(?: at "(?P<time>[^"]+)")?$')
"""'project "HW-1" of "P1" has applied with "V1", with facility "FAC-A", crediting_years 10 at "2025-09-15T10:00:00+08:00"'."""


def parse_changes(world: World, text: str | None) -> dict[str, Any]:
    """'facility "E1", crediting_years 11' → {"facility": <E1's id>, "crediting_years": 11}: a text is a scenario name
    (turned into its account id) or itself."""
    return {name: world.id(text) if number == "" else int(number) for name, text, number in CHANGE.findall(text or "")}


def project_of(world: World, pid: str) -> dict[str, Any]:
    """The project record of `pid`."""
    return world.chain.state.get(keys.project(pid))


@given(parsers.re(STAGED))
def _staged(world: World, pid: str, owner: str, stage: str, vvb: str, changes: str | None, time: str | None) -> None:
    until = {"is submitted": "submitted", "is validated": "validated", "has applied": "applied",
             "is registered": "registered"}[stage]
    advance_project(world, pid, owner, vvb, until, ms(time) if time else None, **parse_changes(world, changes))


@given(parsers.parse('"{vvb}" validated project "{pid}" {conclusion}ly'))
def _validated(world: World, vvb: str, pid: str, conclusion: str) -> None:
    time = max(project_of(world, pid)["publicity_closes"], world.chain.tip.time + 1000)
    world.run("validate_project", {"project": pid, "report_hash": "12" * 32, "conclusion": conclusion}, vvb, time=time)
    world.check_result("ok")


@when(parsers.re(r'"(?P<signer>[^"]+)" submits project "(?P<pid>[^"]+)" validated by "(?P<vvb>[^"]+)"'
                 r'(?:, with (?P<changes>.+?))?(?: at "(?P<time>[^"]+)")?$'))
def _submit(world: World, signer: str, pid: str, vvb: str, changes: str | None, time: str | None) -> None:
    world.run("submit_project", project_body(pid, world.id(vvb), **parse_changes(world, changes)), signer,
              time=ms(time) if time else None)


@when(parsers.re(r'"(?P<signer>[^"]+)" validates project "(?P<pid>[^"]+)" (?P<conclusion>positive|negative)ly'
                 r'(?: at "(?P<time>[^"]+)"| (?P<after>after the window))?$'))
def _validate(world: World, signer: str, pid: str, conclusion: str, time: str | None, after: str | None) -> None:
    when_ = ms(time) if time else None
    if after:
        when_ = max(project_of(world, pid)["publicity_closes"], world.chain.tip.time + 1000)
    world.run("validate_project", {"project": pid, "report_hash": "cd" * 32, "conclusion": conclusion}, signer, time=when_)


@when(parsers.re(r'"(?P<signers>[^"]+)" (?:apply|applies) for project "(?P<pid>[^"]+)"(?: at "(?P<time>[^"]+)")?$'))
def _apply(world: World, signers: str, pid: str, time: str | None) -> None:
    world.run("apply_project", {"project": pid, "commitment_hash": "ef" * 32}, *signers.split(","),
              time=ms(time) if time else None)


@when(parsers.re(r'"(?P<signer>[^"]+)" (?P<outcome>register|refuse)s project "(?P<pid>[^"]+)"'
                 r'(?: because "(?P<reason>[^"]*)")?(?: at (?P<offset>-?\d+) ms from its due)?$'))
def _decide(world: World, signer: str, outcome: str, pid: str, reason: str | None, offset: str | None) -> None:
    body = {"project": pid, "outcome": outcome, **({"reason": reason} if reason is not None else {})}
    time = project_of(world, pid)["application"]["decision_due"] + int(offset) if offset else None
    world.run("decide_project", body, signer, time=time)


@then(parsers.re(r'project "(?P<pid>[^"]+)" is (?P<status>\w+)$'))
def _status(world: World, pid: str, status: str) -> None:
    assert project_of(world, pid)["status"] == status, project_of(world, pid)


@then(parsers.parse('the publicity window of "{pid}" closes at "{moment}"'))
def _closes(world: World, pid: str, moment: str) -> None:
    assert format_time(project_of(world, pid)["publicity_closes"]) == moment


@then(parsers.parse('the decision on "{pid}" is due at "{moment}"'))
def _due(world: World, pid: str, moment: str) -> None:
    assert format_time(project_of(world, pid)["application"]["decision_due"]) == moment


@given(parsers.re(r'the registry recorded an? (?P<kind>\w+) claim on ref "(?P<ref>[^"]+)"(?: and facility "(?P<facility>[^"]+)")?$'))
def _claim_recorded(world: World, kind: str, ref: str, facility: str | None) -> None:
    body = {"kind": kind, "ref": ref, **({"facility": world.id(facility)} if facility else {})}
    world.run("record_external_claim", body, "REGISTRY")
    world.check_result("ok")
