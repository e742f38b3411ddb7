"""Compliance status: the feature file's scenarios plus unit tests of the pure functions."""
from __future__ import annotations

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from contracts import compliance_status
from ledger.state import State
from scenario import World, obligation_direct

scenarios("../features/compliance_status.feature")


@pytest.fixture
def result() -> dict:
    return {}


@given(parsers.parse('"{name}" has verified {verified:d} t, surrendered {surrendered:d} t, offset {offset:d} t '
                     'and late {late:d} t for {year:d}'))
def _obligation(world: World, name: str, verified: int, surrendered: int, offset: int, late: int, year: int) -> None:
    obligation_direct(world.chain, year, world.id(name), verified=verified, surrendered=surrendered, offset=offset,
                      late_surrendered=late)


@given(parsers.parse('"{name}" was allocated {amount:d} t for {year:d} without verified emissions'))
def _allocated(world: World, name: str, amount: int, year: int) -> None:
    obligation_direct(world.chain, year, world.id(name), allocated=amount)


@given(parsers.parse('"{name}" was refunded {amount:d} t for {year:d}'))
def _refunded(world: World, name: str, amount: int, year: int) -> None:
    obligation_direct(world.chain, year, world.id(name), refunded=amount)


@when(parsers.parse('the status of "{name}" for {year:d} is computed'))
def _compute(world: World, result: dict, name: str, year: int) -> None:
    result["status"] = compliance_status.compute_status(world.chain.state, year, world.id(name))


@when(parsers.parse("the statuses of {year:d} are listed"))
def _list(world: World, result: dict, year: int) -> None:
    result["list"] = compliance_status.list_statuses(world.chain.state, year)
    result["summary"] = compliance_status.summary(world.chain.state, year)


@then(parsers.parse('the status is "{code}" and on time is {on_time}'))
def _status_is(result: dict, code: str, on_time: str) -> None:
    assert (result["status"]["status"], result["status"]["on_time"]) == (code, on_time == "true")


@then(parsers.parse("the outstanding tonnes are {outstanding}"))
def _outstanding(result: dict, outstanding: str) -> None:
    assert result["status"]["outstanding"] == (None if outstanding == "none" else int(outstanding))


@then(parsers.parse("the list reads {entries} in account order"))
def _list_reads(world: World, result: dict, entries: str) -> None:
    expected = [(world.id(part.split('"')[1]), part.split('"')[2].strip()) for part in entries.split(", ")]
    assert [(s["account"], s["status"]) for s in result["list"]] == sorted(expected)


@then(parsers.parse("the summary counts {entities:d} entities, {on_time:d} on time, verified {verified:d} t, "
                    "handed in {covered:d} t"))
def _summary(result: dict, entities: int, on_time: int, verified: int, covered: int) -> None:
    s = result["summary"]
    assert (s["entities"], s["on_time"], s["verified"]) == (entities, on_time, verified)
    assert s["surrendered"] + s["offset"] + s["late_surrendered"] == covered
    assert s["by_status"] == {"A": 1, "B": 1, "C": 1, "X": 1}


@then(parsers.parse("the completion rate is {completion:d} bp and the on-time rate {on_time:d} bp"))
def _rates(result: dict, completion: int, on_time: int) -> None:
    assert (result["summary"]["completion_bp"], result["summary"]["on_time_bp"]) == (completion, on_time)


@then(parsers.parse("the summary totals {allocated:d} t allocated over {entities:d} entities"))
def _totals(result: dict, allocated: int, entities: int) -> None:
    assert (result["summary"]["allocated"], result["summary"]["entities"]) == (allocated, entities)


@then(parsers.parse("the completion is {numerator:d} t of {denominator:d} t, {bp:d} bp"))
def _completion(result: dict, numerator: int, denominator: int, bp: int) -> None:
    s = result["summary"]
    assert (s["completion"], s["completion_bp"]) == ({"numerator": numerator, "denominator": denominator}, bp)


@then("the completion rate is none")
def _no_rate(result: dict) -> None:
    assert result["summary"]["completion_bp"] is None


# -- unit tests -------------------------------------------------------------------------


def record(**changes) -> dict:
    base = {"account": "A1", "year": 2024, "province": "11", "verified": 100, "allocated": 90, "surrendered": 0,
            "offset": 0, "late_surrendered": 0, "shortfall": None, "fine_fen": None, "exempt": False,
            "to_province": 0}
    return {**base, **changes}


def test_compute_covered_adds_surrendered_offset_and_late() -> None:
    assert compliance_status.compute_covered(record(surrendered=50, offset=5, late_surrendered=10)) == 65


def test_compute_outstanding_is_never_negative() -> None:
    assert compliance_status.compute_outstanding(record(surrendered=120)) == 0
    assert compliance_status.compute_outstanding(record(surrendered=30)) == 70


def test_compute_province_balance_reads_missing_fields_as_zero() -> None:
    assert compliance_status.compute_province_balance(record(to_province=50)) == 50
    assert compliance_status.compute_province_balance(record(to_province=50, province_surrendered=20,
                                                             province_released=5)) == 25


def test_describe_carries_the_enforced_numbers() -> None:
    described = compliance_status.describe(record(surrendered=60, shortfall=40, fine_fen=800_000))
    assert {k: described[k] for k in ("status", "on_time", "shortfall", "fine_fen", "outstanding")} == {
        "status": "B", "on_time": False, "shortfall": 40, "fine_fen": 800_000, "outstanding": 40}


def test_summary_of_an_empty_year() -> None:
    summary = compliance_status.summary(State(), 2024)
    assert (summary["entities"], summary["completion_bp"], summary["on_time_bp"]) == (0, None, None)


def test_compute_covered_deducts_refunds() -> None:
    assert compliance_status.compute_covered(record(surrendered=120, refunded=20)) == 100
    assert compliance_status.is_on_time(record(surrendered=120, refunded=20))
    assert not compliance_status.is_on_time(record(surrendered=120, refunded=21))


@pytest.mark.parametrize("numerator, denominator, bp", [(1, 3, 3333), (2, 3, 6667), (1, 20000, 1), (1, 20001, 0),
                                                        (0, 5, 0), (7, 7, 10000), (1, 0, None)])
def test_compute_rate_bp_rounds_half_up(numerator: int, denominator: int, bp: int | None) -> None:
    assert compliance_status.compute_rate_bp(numerator, denominator) == bp


def test_the_list_of_a_year_covers_the_sectors_of_its_cycle() -> None:
    """Steel, cement and aluminium joined in 2024 (S4): a steel entity is not listed for 2023, and is "C" for 2024 until
    its verified emissions are recorded; a cycle may name its own covered_sectors."""
    from scenario import compliance_cycle, ensure_vintage
    from helpers import uscc

    world = World()
    power, steel = world.entity("P1"), uscc(150)
    world.run("register_participant", {"id": steel, "name": "钢铁", "roles": ["entity"], "pubkeys": [pub_of(steel)],
                                       "province": "11", "sector": "steel"}, "REGISTRY")
    world.check_result("ok")
    for year in (2023, 2024):
        compliance_cycle(world.chain, year, f"{year + 1}-12-31T23:59:59+08:00", [ensure_vintage(world.chain, f"CEA-{year}")])
    assert compliance_status.list_accounts(world.chain.state, 2023) == [power]
    assert compliance_status.list_accounts(world.chain.state, 2024) == sorted([power, steel])
    assert compliance_status.compute_status(world.chain.state, 2024, steel)["status"] == "C"
    world.run("set_compliance_cycle", {"year": 2024, "covered_sectors": ["steel"]}, "MEE")
    world.check_result("ok")
    assert compliance_status.list_accounts(world.chain.state, 2024) == [steel]
    world.run("set_compliance_cycle", {"year": 2024, "covered_sectors": ["coal"]}, "MEE")
    world.check_result("invalid_field")


def pub_of(name: str) -> str:
    from helpers import pub

    return pub(name)
