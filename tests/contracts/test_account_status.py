"""Set account status: the feature file's scenarios plus unit tests of its shape checks and atomicity."""
from __future__ import annotations

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from contracts import account_status
from ledger import keys
from ledger.constants import FROZEN
from ledger.errors import InvalidField
from ledger.holdings import apply_issue
from scenario import World, give_direct, vintage

scenarios("../features/account_status.feature")


@pytest.fixture
def world() -> World:
    return World()


def set_status(world: World, signer: str, name: str, status: str, reason: str) -> None:
    world.run("set_account_status", {"account": world.id(name), "status": status, "reason": reason}, signer)


def transfer(world: World, src: str, amount: int, iid: str, dst: str) -> None:
    world.run("transfer", {"from": world.id(src), "to": world.id(dst), "instrument": iid, "amount": amount}, src)


@given(parsers.parse('entity "{name}" of province "{province}"'))
def _entity(world: World, name: str, province: str) -> None:
    world.entity(name, province)


@given(parsers.parse('holder "{name}"'))
def _holder(world: World, name: str) -> None:
    world.entity(name, roles=("holder",))


@given(parsers.parse("vintage CEA-{year:d}"))
def _vintage(world: World, year: int) -> None:
    vintage(world.chain, year)


@given(parsers.parse('"{name}" holds {amount:d} t of {iid} frozen'))
def _holds_frozen(world: World, name: str, amount: int, iid: str) -> None:
    world.chain.state.begin()
    apply_issue(world.chain.state, iid, world.id(name), amount, "test", FROZEN)
    world.chain.state.commit()


@given(parsers.re(r'"(?P<name>[^"]+)" holds (?P<amount>\d+) t of (?P<iid>\S+)'))
def _holds(world: World, name: str, amount: str, iid: str) -> None:
    give_direct(world.chain, world.id(name), iid, int(amount))


@given(parsers.parse('the registry sets "{name}" to {status}'))
def _status(world: World, name: str, status: str) -> None:
    set_status(world, "REGISTRY", name, status, "test")
    world.check_result("ok")


@given(parsers.parse('"{src}" transferred {amount:d} t of {iid} to "{dst}"'))
def _transferred(world: World, src: str, amount: int, iid: str, dst: str) -> None:
    transfer(world, src, amount, iid, dst)
    world.check_result("ok")


@when(parsers.parse('"{signer}" sets "{name}" to {status} because "{reason}"'))
def _set(world: World, signer: str, name: str, status: str, reason: str) -> None:
    set_status(world, signer, name, status, reason)


@when(parsers.parse('"{src}" transfers {amount:d} t of {iid} to "{dst}"'))
def _transfer(world: World, src: str, amount: int, iid: str, dst: str) -> None:
    transfer(world, src, amount, iid, dst)


@then("the transaction succeeds")
def _succeeds(world: World) -> None:
    world.check_result("ok")


@then(parsers.parse('the transaction fails with "{code}"'))
@then(parsers.parse('the transaction ends with "{code}"'))
def _ends(world: World, code: str) -> None:
    world.check_result(code)


@then(parsers.parse('"{name}" is {status} because "{reason}"'))
def _is(world: World, name: str, status: str, reason: str) -> None:
    record = world.chain.state.get(keys.participant(world.id(name)))
    assert (record["status"], record["status_reason"], record["status_at"]) == (status, reason, world.chain.tip.height)


# -- unit tests -------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [
    {"account": "A1", "status": "frozen", "reason": "x"}, {"account": "A1", "status": "closed"},
    {"account": "A1", "status": "closed", "reason": ""}, {"account": "A1", "status": "closed", "reason": "x", "x": 1},
])
def test_invalid_shape(bad: dict) -> None:
    with pytest.raises(InvalidField):
        account_status.check_shape(bad)


def test_invalid_unknown_account() -> None:
    world = World()
    world.run("set_account_status", {"account": "NOBODY", "status": "closed", "reason": "x"}, "REGISTRY")
    world.check_result("not_found")


def test_close_message_names_the_holding() -> None:
    world = World()
    pid = world.entity("E1")
    vintage(world.chain, 2024)
    give_direct(world.chain, pid, "CEA-2024", 7)
    set_status(world, "REGISTRY", "E1", "closed", "dissolved")
    assert world.receipt["message"] == f"account {pid} holds 7 t of CEA-2024 (available) > 0 t: empty it before closing"


def test_invalid_status_change_leaves_state_unchanged() -> None:
    world = World()
    pid = world.entity("E1")
    vintage(world.chain, 2024)
    give_direct(world.chain, pid, "CEA-2024", 1)
    before = world.chain.state.root()
    set_status(world, "REGISTRY", "E1", "closed", "dissolved")
    assert world.receipt["code"] == "invalid_state"
    assert world.chain.state.root() == before
    assert world.chain.state.get(keys.participant(pid))["status"] == "active"
