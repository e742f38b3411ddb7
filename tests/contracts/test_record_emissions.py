"""Record emissions: the feature file's scenarios plus unit tests of its shape checks and atomicity."""
from __future__ import annotations

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from contracts import record_emissions, refund
from contracts.records import get_cycle, get_obligation
from ledger import keys
from ledger.errors import InvalidField
from ledger.holdings import get_amount
from scenario import World, compliance_cycle, cycle_direct, ensure_vintage, obligation_direct, verify_emissions, vintage

from compliance_steps import *  # noqa: F403 (the steps the compliance features share)

scenarios("../features/record_emissions.feature")

RECORD = (r'"(?P<signer>[^"]+)" records (?P<tonnes>-?\d+) t for "(?P<name>[^"]+)" in (?P<year>\d+)'
          r'(?: with report "(?P<ref>[^"]+)")?(?:, at (?P<offset>-?\d+) ms from the deadline)?')


@when(parsers.re(RECORD))
def _record(world: World, signer: str, tonnes: str, name: str, year: str, ref: str | None, offset: str | None) -> None:
    body = {"account": world.id(name), "year": int(year), "verified_t": int(tonnes)}
    if ref:
        body["report_ref"] = ref
    time = get_cycle(world.chain.state, int(year))["deadline"] + int(offset) if offset else None
    world.run("record_emissions", body, signer, time=time)


@then(parsers.re(r'"(?P<name>[^"]+)" has verified emissions of (?P<tonnes>\d+) t for (?P<year>\d+)'
                 r'(?: with report "(?P<ref>[^"]+)")?'))
def _verified(world: World, name: str, tonnes: str, year: str, ref: str | None) -> None:
    record = get_obligation(world.chain.state, int(year), world.id(name))
    assert (record["verified"], record["province"], record["verified_at"]) == (int(tonnes), "11", world.chain.tip.height)
    assert record["report_ref"] == ref


@given(parsers.parse("the {year:d} cycle also takes {iid}"))
def _also_takes(world: World, year: int, iid: str) -> None:
    cycle = get_cycle(world.chain.state, year)
    world.chain.state.put(keys.cycle(year), {**cycle, "eligible_vintages": (*cycle["eligible_vintages"], iid)})


# -- unit tests -------------------------------------------------------------------------


def body(**changes) -> dict:
    return {"account": "A1", "year": 2024, "verified_t": 1, **changes}


@pytest.mark.parametrize("bad", [
    body(verified_t=-1), body(verified_t="1"), body(verified_t=True), body(year=2101), body(report_ref=""),
    body(extra=1), {"account": "A1", "year": 2024},
])
def test_invalid_shape(bad: dict) -> None:
    with pytest.raises(InvalidField):
        record_emissions.check_shape(bad)


def test_recording_keeps_the_allocation_fields() -> None:
    world = World()
    pid = world.entity("E1")
    compliance_cycle(world.chain, 2024, "2025-12-31T23:59:59+08:00", [vintage(world.chain, 2024)])
    verify_emissions(world.chain, pid, 2024, 1000)
    record = get_obligation(world.chain.state, 2024, pid)
    assert (record["allocated"], record["forced"], record["deduction"]) == (0, False, 0)


def test_invalid_correction_leaves_state_unchanged() -> None:
    world = World()
    pid = world.entity("E1")
    compliance_cycle(world.chain, 2024, "2025-12-31T23:59:59+08:00", [vintage(world.chain, 2024)])
    verify_emissions(world.chain, pid, 2024, 1000)
    before = world.chain.state.root()
    deadline = get_cycle(world.chain.state, 2024)["deadline"]
    world.run("record_emissions", body(account=pid, verified_t=900), "PROV-11", time=deadline)
    assert world.receipt["code"] == "deadline_passed"
    assert world.chain.state.root() == before


def test_refund_without_a_tally_comes_back_in_the_newest_eligible_vintage() -> None:
    world = World()
    pid = world.entity("E1")
    for year in (2023, 2024, 2025):
        ensure_vintage(world.chain, f"CEA-{year}")
    cycle_direct(world.chain, 2024, "2025-12-31T23:59:59+08:00", ["CEA-2023", "CEA-2024", "CEA-2025"])
    obligation_direct(world.chain, 2024, pid, verified=100, surrendered=100)  # a record from before the tally
    assert refund.compute_plan(world.chain.state, get_obligation(world.chain.state, 2024, pid), 30) == [("CEA-2024", 30)]
    verify_emissions(world.chain, pid, 2024, 70)
    assert get_amount(world.chain.state, pid, "CEA-2024") == 30
