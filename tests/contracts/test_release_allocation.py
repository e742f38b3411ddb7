"""Release allocation: the feature file's scenarios plus unit tests of its shape checks and atomicity."""
from __future__ import annotations

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from contracts import release_allocation
from contracts.compliance_status import compute_status
from ledger import keys
from ledger.errors import InvalidField
from ledger.holdings import get_amount
from ledger.constants import EARMARKED
from scenario import (World, compliance_cycle, cycle_direct, earmark_direct, ensure_vintage, obligation_direct, pre_allocate,
                      verify_emissions)

scenarios("../features/release_allocation.feature")

RELEASE = ('the registry releases {amount:d} t of {iid} to "{name}" for {year:d}, '
           'signed by "{first}" and "{second}"')


@given(parsers.parse('the registry force-surrenders {amount:d} t of {iid} of "{name}" for {year:d} under order "{ref}"'))
def _forced_surrender(world: World, amount: int, iid: str, name: str, year: int, ref: str) -> None:
    body = {"account": world.id(name), "year": year, "instrument": iid, "amount": amount, "order_ref": ref}
    world.run("forced_surrender", body, "REGISTRY", "PROV-11")
    world.check_result("ok")


def run_release(world: World, amount: int, iid: str, name: str, year: int, first: str, second: str) -> None:
    body = {"account": world.id(name), "year": year, "instrument": iid, "amount": amount}
    world.run("release_allocation", body, first, second)


@when(parsers.parse(RELEASE))
def _when_release(world: World, amount: int, iid: str, name: str, year: int, first: str, second: str) -> None:
    run_release(world, amount, iid, name, year, first, second)


@given(parsers.parse(RELEASE))
def _given_release(world: World, amount: int, iid: str, name: str, year: int, first: str, second: str) -> None:
    run_release(world, amount, iid, name, year, first, second)
    world.check_result("ok")


@then(parsers.parse('"{name}" has {amount:d} t {field} for {year:d}'))
def _count(world: World, name: str, amount: int, field: str, year: int) -> None:
    assert world.chain.state.get(keys.obligation(year, world.id(name)))[field] == amount


@then(parsers.parse('the move has reason "{reason}"'))
def _reason(world: World, reason: str) -> None:
    assert [(e["from"], e["reason"]) for e in world.events("move")] == [("PROV-11", reason)]


# -- unit tests -------------------------------------------------------------------------


def body(**changes) -> dict:
    return {"account": "A1", "year": 2024, "instrument": "CEA-2024", "amount": 1, **changes}


@pytest.mark.parametrize("bad", [body(amount=0), body(amount=-5), body(ranges=[[1, 1]]), body(account="a1"),
                                 {"account": "A1", "year": 2024, "instrument": "CEA-2024"}])
def test_invalid_shape(bad: dict) -> None:
    with pytest.raises(InvalidField):
        release_allocation.check_shape(bad)


def test_failing_release_leaves_state_unchanged() -> None:
    world = World()
    account = world.entity("E1")
    cycle_direct(world.chain, 2024, "2025-12-31T23:59:59+08:00", ["CEA-2024"])
    earmark_direct(world.chain, "PROV-11", ensure_vintage(world.chain, "CEA-2024"), 100)
    obligation_direct(world.chain, 2024, account, forced=True, to_province=100, verified=0)
    before = world.chain.state.root()
    world.run("release_allocation", body(account=account, amount=101), "REGISTRY", "PROV-11")
    assert world.receipt["code"] == "insufficient_holding"
    assert world.receipt["message"] == f"PROV-11 holds 100 t for {account} < release 101 t"
    assert world.chain.state.root() == before
    world.run("release_allocation", body(account=account, amount=100), "REGISTRY", "PROV-11")
    world.check_result("ok")
    assert world.chain.state.get(keys.obligation(2024, account))["province_released"] == 100


def test_forced_compliance_through_real_transactions() -> None:
    world = World()
    chain, account = world.chain, world.entity("E1")
    ensure_vintage(chain, "CEA-2024")
    compliance_cycle(chain, 2024, "2025-12-31T23:59:59+08:00", ["CEA-2024"])
    world.run("designate_forced_compliance", {"account": account, "year": 2024, "reason": "风险企业"}, "PROV-11")
    world.check_result("ok")
    pre_allocate(chain, account, 2024, 1000)
    verify_emissions(chain, account, 2024, 600)
    assert get_amount(chain.state, "PROV-11", "CEA-2024", EARMARKED) == 700
    world.run("forced_surrender", {"account": account, "year": 2024, "instrument": "CEA-2024", "amount": 600,
                                   "order_ref": "SX-1"}, "REGISTRY", "PROV-11")
    world.check_result("ok")
    world.run("release_allocation", body(account=account, amount=100), "REGISTRY", "PROV-11")
    world.check_result("ok")
    assert (get_amount(chain.state, account, "CEA-2024"), get_amount(chain.state, "PROV-11", "CEA-2024", EARMARKED)) == (100, 0)
    status = compute_status(chain.state, 2024, account)
    assert (status["status"], status["on_time"], status["surrendered"]) == ("A", True, 600)
