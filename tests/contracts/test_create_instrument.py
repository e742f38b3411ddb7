"""Create instrument: the feature file's scenarios plus unit tests of its shape checks and atomicity."""
from __future__ import annotations

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from contracts import create_instrument
from ledger import keys
from ledger.errors import InvalidField
from scenario import World

scenarios("../features/create_instrument.feature")


@given(parsers.parse('instrument "{iid}" of vintage {vintage:d}'))
def _instrument(world: World, iid: str, vintage: int) -> None:
    world.run("create_instrument", {"id": iid, "vintage": vintage}, "MEE")
    world.check_result("ok")


@when(parsers.parse('"{signer}" creates instrument "{iid}" of vintage {vintage:d}'))
def _create(world: World, signer: str, iid: str, vintage: int) -> None:
    world.run("create_instrument", {"id": iid, "vintage": vintage}, signer)


@then(parsers.parse('instrument "{iid}" has vintage {vintage:d}, issued {issued:d} and next serial {serial:d}'))
def _record(world: World, iid: str, vintage: int, issued: int, serial: int) -> None:
    record = world.chain.state.get(keys.instrument(iid))
    assert (record["kind"], record["vintage"], record["issued"], record["next_serial"]) == ("CEA", vintage, issued, serial)


# -- unit tests -------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [
    {"id": "CEA-2024"}, {"id": "CEA-2024", "vintage": 2024, "extra": 1}, {"id": "CEA-2024", "vintage": "2024"},
    {"id": "CEA-2024", "vintage": 2012}, {"id": "CEA-2024", "vintage": 2024, "name": ""},
])
def test_invalid_shape(bad: dict) -> None:
    with pytest.raises(InvalidField):
        create_instrument.check_shape(bad)


def test_create_keeps_the_given_name() -> None:
    world = World()
    world.run("create_instrument", {"id": "CEA-2024", "vintage": 2024, "name": "2024年度配额"}, "MEE")
    assert world.chain.state.get(keys.instrument("CEA-2024"))["name"] == "2024年度配额"


def test_invalid_create_leaves_state_unchanged() -> None:
    world = World()
    before = world.chain.state.root()
    receipt = world.chain.run("create_instrument", {"id": "CEA-2024", "vintage": 2024}, "PROV-11")
    assert receipt["code"] == "unauthorized"
    assert world.chain.state.root() == before
