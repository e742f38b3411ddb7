"""Register participant: the feature file's scenarios plus unit tests of its shape checks and atomicity."""
from __future__ import annotations

from typing import Any

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from account_steps import *  # noqa: F403 (the shared account steps)
from contracts import register_participant
from contracts.genesis import check_genesis
from contracts.roles import AUTHORITY_ROLES
from helpers import pub, uscc
from ledger import keys
from helpers import genesis_doc
from ledger.errors import InvalidField
from ledger.account_errors import ConflictingRoles, ThresholdAboveKeys
from scenario import World

scenarios("../features/register_participant.feature")


@given(parsers.parse('a draft participant "{name}" with roles "{roles}"'), target_fixture="draft")
def _draft(world: World, name: str, roles: str) -> dict[str, Any]:
    role_list = roles.split(",")
    authority = any(r in AUTHORITY_ROLES for r in role_list)
    pid = name if authority else uscc(900 + len(world.ids))
    world.ids[name] = pid
    body = {"id": pid, "name": f"participant {name}", "roles": role_list, "pubkeys": [pub(pid)]}
    if "entity" in role_list or "province" in role_list:
        body["province"] = name[-2:] if name[-2:].isdigit() else "11"
    if "entity" in role_list:
        body["sector"] = "power"
    return body


@given(parsers.parse('the draft takes the id of "{name}"'))
def _same_id(world: World, draft: dict, name: str) -> None:
    draft["id"] = world.id(name)


@given(parsers.parse('the draft takes the key of "{name}"'))
def _same_key(world: World, draft: dict, name: str) -> None:
    draft["pubkeys"] = [pub(world.id(name))]


@given("the draft's id has a wrong check character")
def _bad_check(draft: dict) -> None:
    last = draft["id"][-1]
    draft["id"] = draft["id"][:-1] + ("0" if last != "0" else "1")


@given(parsers.parse('the draft has sector "{sector}"'))
def _sector(draft: dict, sector: str) -> None:
    draft["sector"] = sector


@given("the draft has no province")
def _no_province(draft: dict) -> None:
    del draft["province"]


@given(parsers.parse("the draft has {count:d} keys"))
def _keys(draft: dict, count: int) -> None:
    draft["pubkeys"] = [pub(f"{draft['id']}/key-{i}") for i in range(count)]


@given(parsers.parse("the draft has {count:d} keys and threshold {k:d}"))
def _keys_and_threshold(draft: dict, count: int, k: int) -> None:
    draft["pubkeys"] = [pub(f"{draft['id']}/key-{i}") for i in range(count)]
    draft["threshold"] = k


@when(parsers.parse('"{signer}" submits the draft'))
def _submit(world: World, draft: dict, signer: str) -> None:
    world.run("register_participant", draft, signer)


@then(parsers.parse('"{name}" is an active account with roles "{roles}" in province "{province}"'))
def _record(world: World, name: str, roles: str, province: str) -> None:
    record = world.chain.state.get(keys.participant(world.id(name)))
    assert (record["status"], record["roles"], record["province"]) == ("active", tuple(roles.split(",")), province)


@then(parsers.parse('the key of "{name}" signs for "{owner}"'))
def _signs_for(world: World, name: str, owner: str) -> None:
    world.check_result("ok")
    assert world.chain.state.get(keys.signer(pub(world.id(name)))) == world.id(owner)


# -- unit tests -------------------------------------------------------------------------


def body(**changes: Any) -> dict[str, Any]:
    return {"id": uscc(1), "name": "A", "roles": ["holder"], "pubkeys": [pub("a")], **changes}


@pytest.mark.parametrize("bad", [
    body(roles=[]), body(roles=["holder", "holder"]), body(roles=["king"]), body(pubkeys=[pub("a").upper()]),
    body(pubkeys=[pub("a"), pub("a")]), body(id="lowercase"), body(name=""), body(extra=1),
    body(roles=["entity"], province="1", sector="power"), body(roles=["province"], id="PROV-X"),
])
def test_invalid_shape(bad: dict) -> None:
    with pytest.raises(InvalidField):
        register_participant.check_shape(bad)


def test_register_writes_record_and_signer_index() -> None:
    world = World()
    receipt = world.run("register_participant", body(pubkeys=[pub("a"), pub("b")]), "REGISTRY")
    assert receipt == {"code": "ok", "message": "", "events": []}
    record = world.chain.state.get(keys.participant(uscc(1)))
    assert record["pubkeys"] == (pub("a"), pub("b")) and record["opened_at"] == world.chain.tip.height
    assert world.chain.state.get(keys.signer(pub("b"))) == uscc(1)


def test_invalid_register_leaves_state_unchanged() -> None:
    world = World()
    world.run("register_participant", body(), "REGISTRY")
    before = world.chain.state.root()
    receipt = world.chain.run("register_participant", body(id=uscc(2), pubkeys=[pub("b"), pub("a")]), "REGISTRY")
    assert receipt["code"] == "already_exists"
    assert world.chain.state.root() == before
    assert world.chain.state.get(keys.signer(pub("b"))) is None


def test_register_writes_the_threshold() -> None:
    world = World()
    world.run("register_participant", body(pubkeys=[pub("a"), pub("b")], threshold=2), "REGISTRY")
    world.check_result("ok")
    assert world.chain.state.get(keys.participant(uscc(1)))["threshold"] == 2


@pytest.mark.parametrize("bad", [body(threshold=0), body(threshold=9), body(threshold="1"), body(threshold=True)])
def test_invalid_threshold_shape(bad: dict) -> None:
    with pytest.raises(InvalidField):
        register_participant.check_shape(bad)


def test_invalid_threshold_above_keys() -> None:
    with pytest.raises(ThresholdAboveKeys):
        register_participant.check_shape(body(threshold=2))


def test_invalid_genesis_with_an_account_of_two_authority_roles() -> None:
    doc = genesis_doc()
    doc["participants"][1]["roles"] = ["registry", "exchange"]
    with pytest.raises(ConflictingRoles, match="at most one of"):
        check_genesis(doc)
