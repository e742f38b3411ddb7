"""Allocate: the feature file's scenarios plus unit tests of its computations, shape checks and atomicity."""
from __future__ import annotations

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from contracts import allocate
from helpers import Chain
from ledger import keys
from contracts.records import EMPTY_OBLIGATION, get_obligation
from ledger.constants import EARMARKED
from ledger.errors import InvalidField
from ledger.holdings import get_amount
from scenario import (SIGNED, World, entity, compliance_cycle, give_direct, obligation_direct, pre_allocate,
                      run_allocate, true_up, verify_emissions, vintage)

scenarios("../features/allocate.feature")


@given(parsers.parse('a {sector} entity "{name}" of province "{province}"'))
def _sector_entity(world: World, sector: str, name: str, province: str) -> None:
    world.ids[name] = entity(world.chain, 100 + len(world.ids), province, sector=sector)


@given(parsers.parse('the verified emissions of "{name}" for {year:d} are {tonnes:d} t'))
def _verified(world: World, name: str, year: int, tonnes: int) -> None:
    verify_emissions(world.chain, world.id(name), year, tonnes)


@given(parsers.parse('"{name}" is designated for forced compliance in {year:d}'))
def _forced(world: World, name: str, year: int) -> None:
    world.run("designate_forced_compliance", {"account": world.id(name), "year": year, "reason": "risk"}, "PROV-11")
    world.check_result("ok")


@given(parsers.parse("the MEE sets the {year:d} cycle with pre_allocation_bp {bp:d} and {sector} at {sector_bp:d} bp"))
def _sector_cycle(world: World, year: int, bp: int, sector: str, sector_bp: int) -> None:
    rules = {sector: {"pre_allocation_bp": sector_bp, "final": "plan"}}
    compliance_cycle(world.chain, year, f"{year + 1}-12-31T23:59:59+08:00", [vintage(world.chain, year)],
                     pre_allocation_bp=bp, sector_rules=rules)


@when(parsers.re(r'"(?P<name>[^"]+)" is pre-allocated for (?P<year>\d+)(?: with basis_t (?P<basis>\d+))?'))
def _pre_from_ledger(world: World, name: str, year: str, basis: str | None) -> None:
    extra = {"basis_t": int(basis)} if basis else {}
    run_allocate(world, name, int(year), "pre", None, None, **extra)


TRUE_UP = r'"(?P<name>[^"]+)" (?:is|was) trued up for (?P<year>\d+)(?: to "(?P<final>[^"]*)")?'


@when(parsers.re(TRUE_UP + SIGNED))
def _true_up(world: World, name: str, year: str, final: str | None, signers: str | None) -> None:
    run_allocate(world, name, int(year), "true_up", None, signers, **({} if final is None else {"final_allocation": final}))


@given(parsers.re(TRUE_UP))
def _trued_up(world: World, name: str, year: str, final: str | None) -> None:
    _true_up(world, name, year, final, None)
    world.check_result("ok")


@when(parsers.parse('the province corrects the verified emissions of "{name}" for {year:d} to {tonnes:d} t'))
def _correct(world: World, name: str, year: int, tonnes: int) -> None:
    world.run("record_emissions", {"account": world.id(name), "year": year, "verified_t": tonnes}, "PROV-11")


@then(parsers.parse('an issue of {amount:d} t to "{name}" with reason "{reason}"'))
def _issue(world: World, amount: int, name: str, reason: str) -> None:
    assert [(e["amount"], e["to"], e["reason"]) for e in world.events("issue")] == [(amount, world.id(name), reason)]


@then(parsers.parse('a move of {amount:d} t from "{src}" to "{dst}" with reason "{reason}"'))
def _move(world: World, amount: int, src: str, dst: str, reason: str) -> None:
    moves = [(e["amount"], e["from"], e["to"], e["reason"]) for e in world.events("move")]
    assert moves == [(amount, world.id(src), world.id(dst), reason)]


@then(parsers.parse("the transaction has {count:d} events"))
def _events(world: World, count: int) -> None:
    assert len(world.receipt["events"]) == count


# -- unit tests -------------------------------------------------------------------------

CYCLE = {"pre_allocation_bp": 7000, "shortfall_floor_bp": 8000}


def obligation(**changes) -> dict:
    return {"account": "A1", "year": 2024, "province": "11", **EMPTY_OBLIGATION, **changes}


@pytest.mark.parametrize(("text", "tonnes"), [("0", 0), ("123456.789", 123456), ("1.000000", 1), ("999999999999999", 999999999999999)])
def test_parse_tonnes_rounds_down(text: str, tonnes: int) -> None:
    assert allocate.parse_tonnes(text) == tonnes


@pytest.mark.parametrize("bad", ["", "1.", ".5", "1,5", " 1", "1000000000000000", 5, None])
def test_invalid_tonnes(bad) -> None:
    with pytest.raises(InvalidField):
        allocate.parse_tonnes(bad)


def test_compute_pre_takes_only_the_remaining_deduction() -> None:
    assert allocate.compute_pre(1000, 7000, obligation(deduction=300, deduction_applied=100)) == (500, 200)


def test_compute_true_up_applies_floor_then_deduction() -> None:
    record = obligation(verified=1000, deduction=100, allocated=500)
    assert allocate.compute_true_up(600, CYCLE, record) == (200, 100, 800)
    assert allocate.compute_true_up(50, CYCLE, obligation(verified=None, deduction=100)) == (0, 50, 50)


def body(**changes) -> dict:
    return {"account": "A1", "year": 2024, "kind": "pre", "instrument": "CEA-2024", **changes}


@pytest.mark.parametrize("bad", [
    body(kind="final"), body(final_allocation="1"), body(kind="true_up", final_allocation="1."), body(basis_t=1),
    body(instrument="cea"), body(extra=1), {"account": "A1", "year": 2024, "instrument": "CEA-2024"},
])
def test_invalid_shape(bad: dict) -> None:
    with pytest.raises(InvalidField):
        allocate.check_shape(bad)


def test_forced_take_back_spares_what_the_province_holds_for_others() -> None:
    world = World()
    e1 = world.entity("E1")
    compliance_cycle(world.chain, 2024, "2025-12-31T23:59:59+08:00", [vintage(world.chain, 2024)])
    world.run("designate_forced_compliance", {"account": e1, "year": 2024, "reason": "risk"}, "PROV-11")
    pre_allocate(world.chain, e1, 2024, 1000)  # 700 t to PROV-11, earmarked
    give_direct(world.chain, "PROV-11", "CEA-2024", 500)  # held for someone else, available
    obligation_direct(world.chain, 2024, e1, province_released=300)  # as if 300 t went back to E1
    verify_emissions(world.chain, e1, 2024, 0)
    run_allocate(world, "E1", 2024, "true_up", None, None, final_allocation="0")
    world.check_result("insufficient_holding")
    assert world.receipt["message"] == "CEA-2024: 400 t earmarked at PROV-11 < take-back 700 t"
    run_allocate(world, "E1", 2024, "true_up", None, None, final_allocation="300")
    world.check_result("ok")
    state = world.chain.state
    assert (get_amount(state, "PROV-11", "CEA-2024", EARMARKED), get_amount(state, "PROV-11", "CEA-2024")) == (300, 500)
    assert get_obligation(world.chain.state, 2024, e1)["to_province"] == 300


def test_true_up_event_names_the_entity_and_final() -> None:
    world = World()
    e1 = world.entity("E1")
    compliance_cycle(world.chain, 2024, "2025-12-31T23:59:59+08:00", [vintage(world.chain, 2024)])
    verify_emissions(world.chain, e1, 2024, 1000)
    receipt = true_up(world.chain, e1, 2024, "10.5")
    summary = [e for e in receipt["events"] if e["op"] == "allocate"]
    assert summary == [{"op": "allocate", "kind": "true_up", "account": e1, "year": 2024, "instrument": "CEA-2024",
                        "holder": e1, "amount": 800, "deduction_applied": 0, "final": 800}]


def test_invalid_allocation_leaves_state_unchanged() -> None:
    world = World()
    e1 = world.entity("E1")
    compliance_cycle(world.chain, 2024, "2025-12-31T23:59:59+08:00", [vintage(world.chain, 2024)])
    pre_allocate(world.chain, e1, 2024, 1000)
    before = world.chain.state.root()
    run_allocate(world, "E1", 2024, "pre", None, None)
    assert world.receipt["code"] == "already_pre_allocated"
    assert world.chain.state.root() == before


def test_pre_allocation_records_the_entitys_province() -> None:
    chain = Chain.new()
    account = entity(chain, 77, province="31")
    vintage(chain, 2024)
    compliance_cycle(chain, 2024, "2025-12-31T23:59:59+08:00", ["CEA-2024"])
    assert pre_allocate(chain, account, 2024, 1000, province="31")["code"] == "ok"
    assert chain.state.get(keys.obligation(2024, account))["province"] == "31"


def test_apply_floor_issues_nothing_before_the_true_up() -> None:
    world = World()
    e1 = world.entity("E1")
    compliance_cycle(world.chain, 2024, "2025-12-31T23:59:59+08:00", [vintage(world.chain, 2024)])
    pre_allocate(world.chain, e1, 2024, 1000)
    verify_emissions(world.chain, e1, 2024, 5000)
    state = world.chain.state
    state.begin()
    assert allocate.apply_floor(state, 2024, e1) == 0
    assert allocate.apply_floor(state, 2024, "911100000000000000") == 0
    state.rollback()
    true_up(world.chain, e1, 2024, "100")
    state.begin()
    obligation_direct(world.chain, 2024, e1, verified=6000)
    assert allocate.apply_floor(state, 2024, e1) == 800
    assert allocate.apply_floor(state, 2024, e1) == 0
    state.rollback()


def test_take_back_comes_from_the_earmark_first_then_the_entity() -> None:
    world = World()
    e1 = world.entity("E1")
    compliance_cycle(world.chain, 2024, "2025-12-31T23:59:59+08:00", [vintage(world.chain, 2024)])
    pre_allocate(world.chain, e1, 2024, 1000)  # 700 t to E1 itself
    obligation_direct(world.chain, 2024, e1, forced=True)  # then forced (as by rule at the true-up)
    verify_emissions(world.chain, e1, 2024, 1000)
    true_up(world.chain, e1, 2024, "900")  # 200 t more, earmarked at PROV-11
    verify_emissions(world.chain, e1, 2024, 500)
    run_allocate(world, "E1", 2024, "true_up", None, None, final_allocation="400")
    world.check_result("ok")
    state = world.chain.state
    assert (get_amount(state, "PROV-11", "CEA-2024", EARMARKED), get_amount(state, e1, "CEA-2024")) == (0, 400)
    assert (get_obligation(state, 2024, e1)["to_province"], get_obligation(state, 2024, e1)["allocated"]) == (0, 400)


@pytest.mark.parametrize("text", ["100\n", "١٠٠", "1e3", "-1", "01", ""])
def test_invalid_final_allocation_text(text: str) -> None:
    """Regression: the pattern's `$` accepted "100\\n"; amounts are matched whole, in ASCII digits."""
    from contracts.allocate import parse_tonnes
    from ledger.errors import InvalidField

    with pytest.raises(InvalidField):
        parse_tonnes(text)
