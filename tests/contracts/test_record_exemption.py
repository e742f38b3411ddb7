"""Record exemption: the feature file's scenarios plus unit tests of its shape checks."""
from __future__ import annotations

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from contracts import compliance_status, record_exemption
from contracts.records import get_cycle, get_obligation
from ledger.errors import InvalidField
from scenario import World

from compliance_steps import *  # noqa: F403 (the steps the compliance features share)

scenarios("../features/record_exemption.feature")

EXEMPT = (r'"(?P<signer>[^"]+)" exempts "(?P<name>[^"]+)" from (?P<year>\d+) because "(?P<reason>[^"]+)"'
          r'(?: at (?P<offset>-?\d+) ms from the deadline)?')


@when(parsers.re(EXEMPT))
def _exempt(world: World, signer: str, name: str, year: str, reason: str, offset: str | None) -> None:
    time = get_cycle(world.chain.state, int(year))["deadline"] + int(offset) if offset else None
    world.run("record_exemption", {"account": world.id(name), "year": int(year), "reason": reason}, signer, time=time)


@given(parsers.parse('"{signer}" exempted "{name}" from {year:d}'))
def _exempted(world: World, signer: str, name: str, year: int) -> None:
    world.run("record_exemption", {"account": world.id(name), "year": year, "reason": "停产关闭"}, signer)
    world.check_result("ok")


@when(parsers.parse('"{name}" surrenders {amount:d} t of {iid} for {year:d}'))
def _surrender(world: World, name: str, amount: int, iid: str, year: int) -> None:
    world.run("surrender", {"account": world.id(name), "year": year, "instrument": iid, "amount": amount}, name)


@then(parsers.parse('"{name}" is exempt for {year:d} because "{reason}"'))
def _is_exempt(world: World, name: str, year: int, reason: str) -> None:
    record = get_obligation(world.chain.state, year, world.id(name))
    assert (record["exempt"], record["exempt_reason"], record["exempt_at"]) == (True, reason, world.chain.tip.height)


@then(parsers.parse('the status of "{name}" for {year:d} is "{code}"'))
def _status(world: World, name: str, year: int, code: str) -> None:
    assert compliance_status.compute_status(world.chain.state, year, world.id(name))["status"] == code


# -- unit tests -------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [
    {"account": "A1", "year": 2024}, {"account": "A1", "year": 2024, "reason": ""},
    {"account": "A1", "year": 2024, "reason": "x" * 257}, {"account": "a1", "year": 2024, "reason": "r"},
    {"account": "A1", "year": 2024, "reason": "r", "extra": 1},
])
def test_invalid_shape(bad: dict) -> None:
    with pytest.raises(InvalidField):
        record_exemption.check_shape(bad)
