"""Designate forced compliance: the feature file's scenarios plus unit tests of its shape checks and atomicity."""
from __future__ import annotations

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from contracts import designate_forced_compliance
from contracts.records import get_obligation
from ledger.errors import InvalidField
from ledger.holdings import get_amount
from scenario import World, compliance_cycle, obligation_direct, pre_allocate, vintage

scenarios("../features/designate_forced_compliance.feature")


@pytest.fixture
def world() -> World:
    return World()


def designate(world: World, signer: str, name: str, year: int, reason: str) -> None:
    world.run("designate_forced_compliance", {"account": world.id(name), "year": year, "reason": reason}, signer)


@given(parsers.parse('entity "{name}" of province "{province}"'))
def _entity(world: World, name: str, province: str) -> None:
    world.entity(name, province)


@given(parsers.parse('holder "{name}"'))
def _holder(world: World, name: str) -> None:
    world.entity(name, roles=("holder",))


@given(parsers.parse('the {year:d} cycle with deadline "{deadline}"'))
def _cycle(world: World, year: int, deadline: str) -> None:
    compliance_cycle(world.chain, year, deadline, [vintage(world.chain, year)])


@given(parsers.parse('"{name}" owes a deduction of {tonnes:d} t for {year:d}'))
def _deduction(world: World, name: str, tonnes: int, year: int) -> None:
    obligation_direct(world.chain, year, world.id(name), deduction=tonnes)


@given(parsers.parse('"{name}" was pre-allocated {year:d} on a basis of {basis:d} t'))
def _pre_allocated(world: World, name: str, year: int, basis: int) -> None:
    pre_allocate(world.chain, world.id(name), year, basis)


@given(parsers.parse('"{signer}" designated "{name}" for forced compliance in {year:d}'))
def _designated(world: World, signer: str, name: str, year: int) -> None:
    designate(world, signer, name, year, "risk")
    world.check_result("ok")


@when(parsers.parse('"{signer}" designates "{name}" for forced compliance in {year:d} because "{reason}"'))
def _designate(world: World, signer: str, name: str, year: int, reason: str) -> None:
    designate(world, signer, name, year, reason)


@when(parsers.parse('"{name}" is pre-allocated {year:d} on a basis of {basis:d} t'))
def _pre(world: World, name: str, year: int, basis: int) -> None:
    body = {"account": world.id(name), "year": year, "kind": "pre", "instrument": f"CEA-{year}", "basis_t": basis}
    world.run("allocate", body, "PROV-11", "REGISTRY")


@then("the transaction succeeds")
def _succeeds(world: World) -> None:
    world.check_result("ok")


@then(parsers.parse('the transaction fails with "{code}"'))
@then(parsers.parse('the transaction ends with "{code}"'))
def _ends(world: World, code: str) -> None:
    world.check_result(code)


@then(parsers.parse('"{name}" is designated for forced compliance in {year:d} because "{reason}"'))
def _is_designated(world: World, name: str, year: int, reason: str) -> None:
    record = get_obligation(world.chain.state, year, world.id(name))
    assert (record["forced"], record["forced_reason"], record["forced_at"]) == (True, reason, world.chain.tip.height)
    assert record["province"] == "11"


@then(parsers.parse('"{name}" holds {amount:d} t of {iid}'))
def _holds(world: World, name: str, amount: int, iid: str) -> None:
    assert get_amount(world.chain.state, world.id(name), iid) == amount


# -- unit tests -------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [
    {"account": "A1", "year": 2024}, {"account": "A1", "year": 2024, "reason": ""},
    {"account": "A1", "year": "2024", "reason": "x"}, {"account": "A1", "year": 2024, "reason": "x", "x": 1},
])
def test_invalid_shape(bad: dict) -> None:
    with pytest.raises(InvalidField):
        designate_forced_compliance.check_shape(bad)


def test_invalid_designation_leaves_state_unchanged() -> None:
    world = World()
    e1 = world.entity("E1")
    compliance_cycle(world.chain, 2024, "2025-12-31T23:59:59+08:00", [vintage(world.chain, 2024)])
    pre_allocate(world.chain, e1, 2024, 1000)
    before = world.chain.state.root()
    designate(world, "PROV-11", "E1", 2024, "risk")
    assert world.receipt["code"] == "invalid_state"
    assert world.receipt["message"].startswith(f"{e1} already received 700 t of its 2024 allocation > 0 t")
    assert world.chain.state.root() == before
