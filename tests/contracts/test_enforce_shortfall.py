"""Enforce shortfall: the feature file's scenarios plus unit tests of the fine and atomicity."""
from __future__ import annotations

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from contracts import enforce_shortfall
from ledger import keys
from ledger.constants import EARMARKED
from ledger.constants import MAX_SAFE_INTEGER
from ledger.errors import InvalidField
from ledger.holdings import get_amount
from scenario import (World, compliance_cycle, cycle_direct, enforce_body, ensure_vintage, ms, obligation_direct, pre_allocate,
                      price_direct, verify_emissions)

from compliance_steps import *  # noqa: F403 (the steps the compliance features share)

scenarios("../features/enforce_shortfall.feature")

AFTER_DEADLINE = "2026-01-05T10:00:00+08:00"
ENFORCE = (r'"(?P<signer>[^"]+)" enforces the (?P<year>\d+) shortfall of "(?P<name>[^"]+)" at the (?P<month>\d{4}-\d{2}) '
           r'price times (?P<multiple>\d+) under "(?P<ref>[^"]+)"(?: at "(?P<time>[^"]+)" until "(?P<until>[^"]+)")?')


def later(world: World, moment: str | None) -> int:
    """The block time of `moment`, or shortly after the 2024 deadline (and after the last block)."""
    return ms(moment) if moment else max(ms(AFTER_DEADLINE), world.chain.tip.time + 1000)


def run_enforce(world: World, signer: str, year: int, name: str, month: str, multiple: int, ref: str,
                moment: str | None = None, until: str | None = None) -> None:
    body = enforce_body(world.id(name), year, month, multiple, ref, *([until] if until else []))
    world.run("enforce_shortfall", body, signer, time=later(world, moment))


@given(parsers.parse('compliance cycle {year:d} with deadline "{deadline}"'))
def _cycle(world: World, year: int, deadline: str) -> None:
    cycle_direct(world.chain, year, deadline, [f"CEA-{year}"])


@given(parsers.parse('"{name}" has verified emissions of {verified:d} t, surrendered {surrendered:d} t '
                     'and offset {offset:d} t for {year:d}'))
def _obligation(world: World, name: str, verified: int, surrendered: int, offset: int, year: int) -> None:
    obligation_direct(world.chain, year, world.id(name), verified=verified, surrendered=surrendered, offset=offset)


@given(parsers.parse('"{name}" surrendered {amount:d} t late for {year:d}'))
def _late(world: World, name: str, amount: int, year: int) -> None:
    obligation_direct(world.chain, year, world.id(name), late_surrendered=amount)


@given(parsers.parse('"{name}" has a deduction of {amount:d} t for {year:d}'))
def _deduction(world: World, name: str, amount: int, year: int) -> None:
    obligation_direct(world.chain, year, world.id(name), deduction=amount)


@given(parsers.parse('"{signer}" has enforced the {year:d} shortfall of "{name}" under "{ref}"'))
def _enforced(world: World, signer: str, year: int, name: str, ref: str) -> None:
    run_enforce(world, signer, year, name, "2025-12", 5, ref)
    world.check_result("ok")


@when(parsers.re(ENFORCE))
def _enforce(world: World, signer: str, year: str, name: str, month: str, multiple: str, ref: str,
             time: str | None, until: str | None) -> None:
    run_enforce(world, signer, int(year), name, month, int(multiple), ref, time, until)


@then(parsers.parse('"{name}" must correct its {year:d} shortfall by "{moment}"'))
def _correction_deadline(world: World, name: str, year: int, moment: str) -> None:
    assert world.chain.state.get(keys.obligation(year, world.id(name)))["correction_deadline"] == ms(moment)


@then(parsers.parse('the shortfall event reads {shortfall:d} t, {fine:d} fen, deduction year {year:d}'))
def _event(world: World, shortfall: int, fine: int, year: int) -> None:
    [event] = world.events("shortfall")
    assert (event["shortfall"], event["fine_fen"], event["deduction_year"]) == (shortfall, fine, year)


# -- unit tests -------------------------------------------------------------------------


def body(**changes) -> dict:
    return {**enforce_body("A1", 2024, "2025-12", 5, "FX-1"), **changes}


@pytest.mark.parametrize("bad", [body(multiple=4), body(multiple=11), body(multiple=True), body(price_month="2025-13"),
                                 body(price_month="2025-1"), body(price_instrument="cea"), body(correction_deadline="2026-03-31"),
                                 body(order_ref=""), body(extra=1), body(avg_price_fen=4000)])
def test_invalid_shape(bad: dict) -> None:
    with pytest.raises(InvalidField):
        enforce_shortfall.check_shape(bad)


def test_compute_fine_multiplies_shortfall_price_and_multiple() -> None:
    assert enforce_shortfall.compute_fine(350, 4000, 5) == 7_000_000
    assert enforce_shortfall.compute_fine(0, 4000, 10) == 0


def test_invalid_fine_beyond_exact_integers_leaves_state_unchanged() -> None:
    world = World()
    account = world.entity("E1")
    cycle_direct(world.chain, 2024, "2025-12-31T23:59:59+08:00", ["CEA-2024"])
    obligation_direct(world.chain, 2024, account, verified=MAX_SAFE_INTEGER // 10)
    price_direct(world.chain, "CEA-2024", "2025-12", 2)
    world.run("enforce_shortfall", body(account=account, multiple=10), "PROV-11", time=ms(AFTER_DEADLINE))
    world.check_result("invalid_field")
    assert "exceeds the largest exact integer" in world.receipt["message"]


def test_deadline_message_names_both_times() -> None:
    world = World()
    account = world.entity("E1")
    cycle_direct(world.chain, 2024, "2025-12-31T23:59:59+08:00", ["CEA-2024"])
    obligation_direct(world.chain, 2024, account, verified=10)
    world.run("enforce_shortfall", body(account=account), "PROV-11", time=ms("2025-12-31T23:59:59+08:00"))
    world.check_result("deadline_not_passed")
    assert world.receipt["message"] == ("block time 2025-12-31T23:59:59+08:00 is not after the 2024 deadline "
                                        "2025-12-31T23:59:59+08:00")


def test_shortfall_cuts_next_years_pre_allocation() -> None:
    world = World()
    chain, account = world.chain, world.entity("E1")
    for year in (2024, 2025):
        ensure_vintage(chain, f"CEA-{year}")
    compliance_cycle(chain, 2024, "2025-12-31T23:59:59+08:00", ["CEA-2024"])
    pre_allocate(chain, account, 2024, 1000)
    verify_emissions(chain, account, 2024, 900)
    world.run("surrender", {"account": account, "year": 2024, "instrument": "CEA-2024", "amount": 700}, "E1")
    world.check_result("ok")
    price_direct(chain, "CEA-2024", "2025-12", 4000)
    world.run("enforce_shortfall", body(account=account), "PROV-11", time=ms(AFTER_DEADLINE))
    world.check_result("ok")
    compliance_cycle(chain, 2025, "2026-12-31T23:59:59+08:00", ["CEA-2024", "CEA-2025"], pre_allocation_bp=7000)
    pre_allocate(chain, account, 2025, 900)  # on 2024's verified 900 t: 630 t less the 200 t shortfall
    # it missed its 2024 deadline, so its 2025 allocation goes to its province, earmarked (S3 §五(四))
    assert get_amount(chain.state, "PROV-11", "CEA-2025", EARMARKED) == 630 - 200
    assert chain.state.get(keys.obligation(2025, account))["deduction_applied"] == 200
