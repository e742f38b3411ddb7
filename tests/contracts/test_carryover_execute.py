"""Carry-over execution: the feature file's scenarios plus unit tests of its shape and conservation."""
from __future__ import annotations

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from contracts import carryover_execute
from ledger import keys
from ledger.errors import InvalidField
from ledger.holdings import get_amount
from scenario import CARRYOVER_NOTICE, World, ensure_vintage, give_direct, ms, obligation_direct

scenarios("../features/carryover_execute.feature")

OLD = tuple(CARRYOVER_NOTICE["old_vintages"])


@given(parsers.parse('a court deducts {amount:d} t of {iid} of "{name}" to "{to}"'))
def _deduct(world: World, amount: int, iid: str, name: str, to: str) -> None:
    body = {"order_ref": "C-1", "action": "deduct", "account": world.id(name), "court": "法院", "instrument": iid,
            "amount": amount, "to": world.id(to)}
    world.run("court_order", body, "REGISTRY")
    world.check_result("ok")


@given(parsers.parse('"{signer}" has executed carry-over application {number:d} of "{name}"'))
def _executed(world: World, signer: str, number: int, name: str) -> None:
    _execute(world, signer, number, name)
    world.check_result("ok")


@when(parsers.parse('"{signer}" executes carry-over application {number:d} of "{name}"'))
def _execute(world: World, signer: str, number: int, name: str) -> None:
    world.run("carryover_execute", {"account": world.id(name), "application": number}, signer)


@then(parsers.parse('"WITHDRAWN" holds {first:d} t of {first_iid} and {second:d} t of {second_iid}'))
def _withdrawn(world: World, first: int, first_iid: str, second: int, second_iid: str) -> None:
    state = world.chain.state
    assert (get_amount(state, "WITHDRAWN", first_iid), get_amount(state, "WITHDRAWN", second_iid)) == (first, second)


@then(parsers.parse('"{name}" holds {target:d} t of {iid}, and {available:d} t available and {frozen:d} t frozen '
                    'of old vintages'))
def _entity_holds(world: World, name: str, target: int, iid: str, available: int, frozen: int) -> None:
    state, account = world.chain.state, world.id(name)
    assert get_amount(state, account, iid) == target
    assert sum(get_amount(state, account, old) for old in OLD) == available
    assert sum(get_amount(state, account, old, "frozen") for old in OLD) == frozen


@then(parsers.parse('every event of the execution has reason "{reason}"'))
def _reasons(world: World, reason: str) -> None:
    events = world.receipt["events"]
    assert [e["op"] for e in events] == ["move", "move", "issue"]
    assert {e["reason"] for e in events} == {reason}


@then(parsers.re(r'application (?P<number>\d+) of "(?P<name>[^"]+)" is (?P<negation>not )?executed'))
def _is_executed(world: World, number: str, name: str, negation: str | None) -> None:
    record = world.chain.state.get(keys.carryover_application(world.id(name), int(number)))
    assert record["executed"] is (negation is None)


# -- unit tests -------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [{}, {"account": "a"}, {"account": "A1", "amount": 1}, {"account": "A1"},
                                 {"account": "A1", "application": 0}, {"account": "A1", "application": "1"},
                                 {"account": "A1", "application": True}])
def test_invalid_shape(bad: dict) -> None:
    with pytest.raises(InvalidField):
        carryover_execute.check_shape(bad)


def test_carry_over_conserves_tonnes() -> None:
    world = World()
    account = world.entity("E1")
    for iid in (*OLD, "CEA-2025"):
        ensure_vintage(world.chain, iid)
    give_direct(world.chain, account, "CEA-2024", 12_000)
    for year in (2023, 2024):
        obligation_direct(world.chain, year, account, verified=1, surrendered=1)
    world.run("carryover_notice", CARRYOVER_NOTICE, "MEE")
    world.run("carryover_apply", {"account": account, "amount": 10_000}, "E1", time=ms("2026-01-02T00:00:00+08:00"))
    world.check_result("ok")
    world.run("carryover_execute", {"account": account, "application": 1}, "REGISTRY")
    world.check_result("ok")
    state = world.chain.state
    assert get_amount(state, account, "CEA-2024") + get_amount(state, "WITHDRAWN", "CEA-2024") == 12_000
    assert get_amount(state, account, "CEA-2025") == 10_000
    assert state.get(keys.instrument("CEA-2025"))["issued"] == 10_000
