"""Carry-over execution: the feature file's scenarios plus unit tests of its shape and conservation."""
from __future__ import annotations

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from contracts import carryover_execute
from ledger import keys
from ledger.errors import InvalidField
from ledger.holdings import get_amount
from scenario import World, ensure_vintage, give_direct, ms, obligation_direct

scenarios("../features/carryover_execute.feature")

OLD = ("CEA-2019-2020", "CEA-2023", "CEA-2024")
NOTICE = {"old_vintages": list(OLD), "target_instrument": "CEA-2025"}


@pytest.fixture
def world() -> World:
    return World()


@given(parsers.parse("vintages {iids}"))
def _vintages(world: World, iids: str) -> None:
    for iid in iids.split(","):
        ensure_vintage(world.chain, iid)


@given(parsers.parse('entity "{name}" of province "{province}"'))
def _entity(world: World, name: str, province: str) -> None:
    world.entity(name, province)


@given(parsers.parse('"{name}" complied on time in {first:d} and {second:d}'))
def _on_time(world: World, name: str, first: int, second: int) -> None:
    for year in (first, second):
        obligation_direct(world.chain, year, world.id(name), verified=100, surrendered=100)


@given(parsers.parse('"{name}" holds {amount:d} t of {iid}'))
def _holds(world: World, name: str, amount: int, iid: str) -> None:
    give_direct(world.chain, world.id(name), ensure_vintage(world.chain, iid), amount)


@given(parsers.parse('"{signer}" has issued the carry-over notice'))
def _issued(world: World, signer: str) -> None:
    world.run("carryover_notice", NOTICE, signer)
    world.check_result("ok")


@given("the snapshot is taken")
def _snapshot(world: World) -> None:
    world.chain.block([], ms("2026-01-01T00:00:00+08:00"))


@given(parsers.parse('"{name}" has applied to carry over {amount:d} t'))
def _applied(world: World, name: str, amount: int) -> None:
    world.run("carryover_apply", {"account": world.id(name), "amount": amount}, name)
    world.check_result("ok")


@given(parsers.parse('a court deducts {amount:d} t of {iid} of "{name}" to "{to}"'))
def _deduct(world: World, amount: int, iid: str, name: str, to: str) -> None:
    body = {"order_ref": "C-1", "action": "deduct", "account": world.id(name), "court": "法院", "instrument": iid,
            "amount": amount, "to": world.id(to)}
    world.run("court_order", body, "REGISTRY")
    world.check_result("ok")


@given(parsers.parse('"{signer}" has executed the carry-over of "{name}"'))
def _executed(world: World, signer: str, name: str) -> None:
    world.run("carryover_execute", {"account": world.id(name)}, signer)
    world.check_result("ok")


@when(parsers.parse('"{signer}" executes the carry-over of "{name}"'))
def _execute(world: World, signer: str, name: str) -> None:
    world.run("carryover_execute", {"account": world.id(name)}, signer)


@then("the transaction succeeds")
def _succeeds(world: World) -> None:
    world.check_result("ok")


@then(parsers.parse('the transaction fails with "{code}"'))
def _fails(world: World, code: str) -> None:
    world.check_result(code)


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


@then(parsers.parse('the application of "{name}" is executed'))
def _is_executed(world: World, name: str) -> None:
    assert world.chain.state.get(keys.carryover_application(world.id(name)))["executed"] is True


# -- unit tests -------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [{}, {"account": "a"}, {"account": "A1", "amount": 1}])
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
    world.run("carryover_notice", NOTICE, "MEE")
    world.run("carryover_apply", {"account": account, "amount": 10_000}, "E1", time=ms("2026-01-02T00:00:00+08:00"))
    world.check_result("ok")
    world.run("carryover_execute", {"account": account}, "REGISTRY")
    world.check_result("ok")
    state = world.chain.state
    assert get_amount(state, account, "CEA-2024") + get_amount(state, "WITHDRAWN", "CEA-2024") == 12_000
    assert get_amount(state, account, "CEA-2025") == 10_000
    assert state.get(keys.instrument("CEA-2025"))["issued"] == 10_000
