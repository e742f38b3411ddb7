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


def set_status(world: World, signer: str, name: str, status: str, reason: str) -> None:
    world.run("set_account_status", {"account": world.id(name), "status": status, "reason": reason}, signer)


@given(parsers.parse('"{name}" holds {amount:d} t of {iid} frozen'))
def _holds_frozen(world: World, name: str, amount: int, iid: str) -> None:
    world.chain.state.begin()
    apply_issue(world.chain.state, iid, world.id(name), amount, "test", FROZEN)
    world.chain.state.commit()


@when(parsers.parse('"{signer}" sets "{name}" to {status} because "{reason}"'))
def _set(world: World, signer: str, name: str, status: str, reason: str) -> None:
    set_status(world, signer, name, status, reason)


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
