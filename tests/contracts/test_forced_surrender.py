"""Forced surrender: the feature file's scenarios plus unit tests of its shape checks and source rule."""
from __future__ import annotations

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from contracts import forced_surrender
from ledger import keys
from ledger.errors import InvalidField
from scenario import World, cycle_direct, earmark_direct, ensure_vintage, ms, obligation_direct

scenarios("../features/forced_surrender.feature")

FORCED = (r'the registry force-surrenders (?P<amount>\d+) t of (?P<iid>\S+) of "(?P<name>[^"]+)" for (?P<year>\d+) '
          r'under order "(?P<ref>[^"]+)", signed by "(?P<first>[^"]+)" and "(?P<second>[^"]+)"(?: at "(?P<time>[^"]+)")?')


def run_forced(world: World, amount: str, iid: str, name: str, year: str, ref: str, first: str, second: str,
               time: str | None) -> None:
    body = {"account": world.id(name), "year": int(year), "instrument": iid, "amount": int(amount), "order_ref": ref}
    world.run("forced_surrender", body, first, second, time=ms(time) if time else None)


@when(parsers.re(FORCED))
def _when_forced(world: World, amount: str, iid: str, name: str, year: str, ref: str, first: str, second: str,
                 time: str | None) -> None:
    run_forced(world, amount, iid, name, year, ref, first, second, time)


@given(parsers.re(FORCED))
def _given_forced(world: World, amount: str, iid: str, name: str, year: str, ref: str, first: str, second: str,
                  time: str | None) -> None:
    run_forced(world, amount, iid, name, year, ref, first, second, time)
    world.check_result("ok")


@then(parsers.parse('the move carries order_ref "{ref}"'))
def _order_ref(world: World, ref: str) -> None:
    assert [(e["order_ref"], e["reason"]) for e in world.events("move")] == [(ref, "forced_surrender")]
    record = world.chain.state.get(keys.order("PROV-11", "forced_surrender", ref))
    assert (record["issuer"], record["action"]) == ("PROV-11", "forced_surrender")


@then(parsers.parse('"{name}" has {first:d} t {first_field} and {second:d} t {second_field} for {year:d}'))
def _counts(world: World, name: str, first: int, first_field: str, second: int, second_field: str, year: int) -> None:
    record = world.chain.state.get(keys.obligation(year, world.id(name)))
    assert (record[first_field], record[second_field]) == (first, second)


# -- unit tests -------------------------------------------------------------------------


def body(**changes) -> dict:
    return {"account": "A1", "year": 2024, "instrument": "CEA-2024", "amount": 1, "order_ref": "SX-1", **changes}


@pytest.mark.parametrize("bad", [
    body(amount=0), body(order_ref=""), body(order_ref="x" * 65), body(ranges=[[1, 2]]), body(year="2024"),
    {k: v for k, v in body().items() if k != "order_ref"},
])
def test_invalid_shape(bad: dict) -> None:
    with pytest.raises(InvalidField):
        forced_surrender.check_shape(bad)


def test_get_source_is_the_province_only_when_forced() -> None:
    assert forced_surrender.get_source({"forced": True, "account": "A1"}, "PROV-11") == "PROV-11"
    assert forced_surrender.get_source({"forced": False, "account": "A1"}, "PROV-11") == "A1"


def test_failing_forced_surrender_leaves_state_unchanged() -> None:
    world = World()
    account = world.entity("E1")
    cycle_direct(world.chain, 2024, "2025-12-31T23:59:59+08:00", ["CEA-2024"])
    earmark_direct(world.chain, "PROV-11", ensure_vintage(world.chain, "CEA-2024"), 100)
    obligation_direct(world.chain, 2024, account, forced=True, to_province=100, verified=500)
    before = world.chain.state.root()
    world.run("forced_surrender", body(account=account, amount=101), "REGISTRY", "PROV-11")
    assert world.receipt["code"] == "insufficient_holding"
    assert world.receipt["message"] == f"PROV-11 holds 100 t for {account} < forced surrender 101 t"
    assert world.chain.state.root() == before
