"""Steps the CCER project features share (set_methodology, accredit_vvb, submit_project, comment_project,
validate_project, apply_project, decide_project, cancel_project, record_external_claim): a module imports them
with `from project_steps import *`, so that they stay out of conftest.py."""
from __future__ import annotations

from pytest_bdd import given, parsers, then

from contracts.fields import uscc_with_check
from helpers import pub
from ledger import keys
from scenario import World, ensure_accredited, ensure_methodology


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
