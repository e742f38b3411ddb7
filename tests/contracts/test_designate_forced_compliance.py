"""Designate forced compliance: the feature file's scenarios plus unit tests of its shape checks and atomicity."""
from __future__ import annotations

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from contracts import designate_forced_compliance
from contracts.records import get_obligation
from ledger.errors import InvalidField
from scenario import World, compliance_cycle, pre_allocate, vintage

scenarios("../features/designate_forced_compliance.feature")


def designate(world: World, signer: str, name: str, year: int, reason: str) -> None:
    world.run("designate_forced_compliance", {"account": world.id(name), "year": year, "reason": reason}, signer)


@given(parsers.parse('"{signer}" designated "{name}" for forced compliance in {year:d}'))
def _designated(world: World, signer: str, name: str, year: int) -> None:
    designate(world, signer, name, year, "risk")
    world.check_result("ok")


@when(parsers.parse('"{signer}" designates "{name}" for forced compliance in {year:d} because "{reason}"'))
def _designate(world: World, signer: str, name: str, year: int, reason: str) -> None:
    designate(world, signer, name, year, reason)


@then(parsers.parse('"{name}" is designated for forced compliance in {year:d} because "{reason}"'))
def _is_designated(world: World, name: str, year: int, reason: str) -> None:
    record = get_obligation(world.chain.state, year, world.id(name))
    assert (record["forced"], record["forced_reason"], record["forced_at"]) == (True, reason, world.chain.tip.height)
    assert record["province"] == "11"


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
