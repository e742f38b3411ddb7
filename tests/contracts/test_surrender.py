"""Surrender: the feature file's scenarios plus unit tests of its shape checks and shared helpers."""
from __future__ import annotations

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from contracts import fields, surrender
from ledger import keys
from ledger.errors import InvalidField, NoObligation, VintageNotEligible
from ledger.constants import EARMARKED
from ledger.holdings import get_amount
from scenario import (World, compliance_cycle, cycle_direct, enforce_body, ensure_vintage, give_direct, ms, obligation_direct,
                      pre_allocate, price_direct, true_up, units_body, verify_emissions)

from compliance_steps import *  # noqa: F403 (the steps the compliance features share)
from offset_steps import *  # noqa: F403 (the steps the offset features share)

scenarios("../features/surrender.feature")

SURRENDER = (r'"(?P<name>[^"]+)" surrenders (?:(?P<amount>\d+) t|serials (?P<ranges>[\d,-]+)) of (?P<iid>\S+) '
             r'for (?P<year>\d+), signed by "(?P<signer>[^"]+)"(?: at "(?P<time>[^"]+)")?')


@given(parsers.parse('a court freezes {amount:d} t of {iid} of "{name}"'))
def _freeze(world: World, amount: int, iid: str, name: str) -> None:
    body = {"order_ref": "(2025)京01执1号", "action": "freeze", "account": world.id(name), "court": "北京市第一中级人民法院",
            "instrument": iid, "amount": amount}
    world.run("court_order", body, "REGISTRY")
    world.check_result("ok")


def run_surrender(world: World, name: str, amount: str | None, ranges: str | None, iid: str, year: str,
                  signer: str, time: str | None) -> None:
    body = {"account": world.id(name), "year": int(year), "instrument": iid, **units_body(amount, ranges)}
    world.run("surrender", body, signer, time=ms(time) if time else None)


@when(parsers.re(SURRENDER))
def _surrender(world: World, name: str, amount: str | None, ranges: str | None, iid: str, year: str, signer: str,
               time: str | None) -> None:
    run_surrender(world, name, amount, ranges, iid, year, signer, time)


@given(parsers.re(SURRENDER))
def _surrendered(world: World, name: str, amount: str | None, ranges: str | None, iid: str, year: str, signer: str,
                 time: str | None) -> None:
    run_surrender(world, name, amount, ranges, iid, year, signer, time)
    world.check_result("ok")


@when(parsers.parse('"{name}" transfers serials {ranges} of {iid} to "{to}"'))
def _transfer(world: World, name: str, ranges: str, iid: str, to: str) -> None:
    body = {"from": world.id(name), "to": world.id(to), "instrument": iid, **units_body(None, ranges)}
    world.run("transfer", body, name)


@then(parsers.parse('"{name}" has surrendered {amount:d} t for {year:d}'))
def _surrendered_count(world: World, name: str, amount: int, year: int) -> None:
    assert world.chain.state.get(keys.obligation(year, world.id(name)))["surrendered"] == amount


@then(parsers.parse('"{name}" has surrendered {on_time:d} t, late {late:d} t and corrected {corrected:d} t for {year:d}'))
def _late_counts(world: World, name: str, on_time: int, late: int, corrected: int, year: int) -> None:
    record = world.chain.state.get(keys.obligation(year, world.id(name)))
    assert (record["surrendered"], record["late_surrendered"], record["corrected"]) == (on_time, late, corrected)


@then(parsers.parse('"{name}" has a deduction of {deduction:d} t, {applied:d} t of it applied, '
                    'and an allocation of {allocated:d} t for {year:d}'))
def _next_year(world: World, name: str, deduction: int, applied: int, allocated: int, year: int) -> None:
    record = world.chain.state.get(keys.obligation(year, world.id(name)))
    assert (record["deduction"], record["deduction_applied"], record["allocated"]) == (deduction, applied, allocated)


# -- unit tests -------------------------------------------------------------------------


def body(**changes) -> dict:
    return {"account": "A1", "year": 2024, "instrument": "CEA-2024", "amount": 1, **changes}


@pytest.mark.parametrize("bad", [
    body(amount=0), body(amount="1"), body(ranges=[[1, 2]]), body(year=2012), body(instrument="cea"),
    body(extra=1), {"account": "A1", "year": 2024, "instrument": "CEA-2024"},
])
def test_invalid_shape(bad: dict) -> None:
    with pytest.raises(InvalidField):
        surrender.check_shape(bad)


def test_format_time_renders_china_time() -> None:
    assert fields.format_time(ms("2025-12-31T15:59:59+00:00")) == "2025-12-31T23:59:59+08:00"


def test_check_vintage_names_both_years() -> None:
    world = World()
    ensure_vintage(world.chain, "CEA-2025")
    cycle = {"year": 2024, "eligible_vintages": ("CEA-2024", "CEA-2025")}
    with pytest.raises(VintageNotEligible, match="vintage 2025 of CEA-2025 is later than compliance year 2024"):
        surrender.check_vintage(world.chain.state, cycle, "CEA-2025")


def test_require_verified_refuses_a_missing_record() -> None:
    with pytest.raises(NoObligation, match="A1 has no verified emissions recorded for 2024"):
        surrender.require_verified(World().chain.state, 2024, "A1")


def test_deadline_message_names_both_times() -> None:
    world = World()
    account = world.entity("E1")
    cycle_direct(world.chain, 2024, "2025-12-31T23:59:59+08:00", ["CEA-2024"])
    give_direct(world.chain, account, ensure_vintage(world.chain, "CEA-2024"), 10)
    obligation_direct(world.chain, 2024, account, verified=10)
    world.run("surrender", body(account=account), "E1", time=ms("2026-01-01T00:00:00+08:00"))
    world.check_result("correction_not_open")
    assert world.receipt["message"] == (f"block time 2026-01-01T00:00:00+08:00 is after the deadline 2025-12-31T23:59:59+08:00: "
                                        f"a late surrender of {account} for 2024 waits for the province's enforcement order "
                                        "(责令限期改正), which sets the correction period")


def test_surrender_event_names_year_and_terminal_account() -> None:
    world = World()
    account = world.entity("E1")
    cycle_direct(world.chain, 2024, "2025-12-31T23:59:59+08:00", ["CEA-2024"])
    give_direct(world.chain, account, ensure_vintage(world.chain, "CEA-2024"), 10)
    obligation_direct(world.chain, 2024, account, verified=10)
    world.run("surrender", body(account=account, amount=4), "E1")
    world.check_result("ok")
    [move] = world.events("move")
    assert (move["from"], move["to"], move["reason"], move["year"], move["ranges"]) == (
        account, "SURRENDERED-2024", "surrender", 2024, [[1, 4]])


def test_a_true_up_after_a_restored_deduction_allocates_the_final_less_the_remaining_deduction() -> None:
    """A defaulter's 2025 allocation goes to its province, earmarked (S3 §五(四)); a correction restores part of the
    deduction there, and the true-up then issues the final allocation less the deduction still owed."""
    world = World()
    chain, account = world.chain, world.entity("E1")
    cycle_direct(chain, 2024, "2025-12-31T23:59:59+08:00", ["CEA-2024"])
    give_direct(chain, account, ensure_vintage(chain, "CEA-2024"), 800)
    obligation_direct(chain, 2024, account, verified=800)
    price_direct(chain, "CEA-2024", "2025-12", 4000)
    world.run("enforce_shortfall", enforce_body(account, 2024, "2025-12", 5, "FX-1"), "PROV-11",
              time=ms("2026-01-05T10:00:00+08:00"))
    world.check_result("ok")
    compliance_cycle(chain, 2025, "2026-12-31T23:59:59+08:00", [ensure_vintage(chain, "CEA-2025")], pre_allocation_bp=7000)
    pre_allocate(chain, account, 2025, 800)  # 560 t gross, all of it deducted (800 t owed)
    world.run("surrender", body(account=account, amount=300), "E1")
    world.check_result("ok")
    assert get_amount(chain.state, "PROV-11", "CEA-2025", EARMARKED) == 60  # 560 applied − 500 still owed
    verify_emissions(chain, account, 2025, 1000)
    true_up(chain, account, 2025, "1000")
    record = chain.state.get(keys.obligation(2025, account))
    assert (record["allocated"], record["deduction"], record["deduction_applied"]) == (500, 500, 500)
    assert get_amount(chain.state, "PROV-11", "CEA-2025", EARMARKED) == 500
    assert get_amount(chain.state, account, "CEA-2025") == 0
