"""Carry-over notice: the feature file's scenarios plus unit tests of its shape checks and snapshot hook."""
from __future__ import annotations

import json

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from contracts import carryover_notice
from helpers import CHAIN_ID
from ledger import keys
from ledger.chain import BlockContext
from ledger.errors import InvalidField
from scenario import CARRYOVER_NOTICE, World, ensure_vintage, give_direct, ms, run_transfer

scenarios("../features/carryover_notice.feature")


def issue(world: World, signer: str, changes: dict | None = None, time: str | None = None) -> None:
    world.run("carryover_notice", {**CARRYOVER_NOTICE, **(changes or {})}, signer, time=ms(time) if time else None)


@when(parsers.re(r'"(?P<signer>[^"]+)" issues the carry-over notice(?: with (?P<field>\w+) (?P<value>.+?))?'
                 r'(?: at "(?P<time>[^"]+)")?'))
def _issue(world: World, signer: str, field: str | None, value: str | None, time: str | None) -> None:
    issue(world, signer, {field: json.loads(value)} if field else None, time)


@given(parsers.parse('a block is made at "{time}"'))
@when(parsers.parse('a block is made at "{time}"'))
def _block(world: World, time: str) -> None:
    assert world.chain.block([], ms(time)) == []


@when(parsers.parse('"{name}" transfers {amount:d} t of {iid} to "{to}" at "{time}"'))
def _transfer(world: World, name: str, amount: int, iid: str, to: str, time: str) -> None:
    run_transfer(world, name, to, iid, {"amount": amount}, time=ms(time))


@then(parsers.parse('the notice counts net sales in {years}, snapshots at "{snapshot}" and takes applications '
                    'until "{deadline}"'))
def _notice_times(world: World, years: str, snapshot: str, deadline: str) -> None:
    notice = world.chain.state.get(keys.carryover())
    assert notice["window_years"] == tuple(int(y) for y in years.split(","))
    assert (notice["snapshot_time"], notice["application_deadline"]) == (ms(snapshot), ms(deadline))


@then(parsers.parse("the notice's entitlement is {base:d} t plus {bp:d} bp of net sales for entities on time in {years}"))
def _notice_terms(world: World, base: int, bp: int, years: str) -> None:
    notice = world.chain.state.get(keys.carryover())
    assert (notice["base_t"], notice["sales_multiplier_bp"]) == (base, bp)
    assert notice["required_on_time_years"] == tuple(int(y) for y in years.split(","))


@then(parsers.parse('the snapshot of "{name}" is {snapshot}'))
def _snapshot(world: World, name: str, snapshot: str) -> None:
    record = world.chain.state.get(keys.carryover_snapshot(world.id(name)))
    assert (record["total"] if record else "none") == (snapshot if snapshot == "none" else int(snapshot))


# -- unit tests -------------------------------------------------------------------------


@pytest.mark.parametrize("changes", [
    {"old_vintages": []}, {"old_vintages": ["CEA-2023", "CEA-2023"]}, {"old_vintages": "CEA-2023"},
    {"target_instrument": "cea"}, {"window_start": "2024-01-01"}, {"window_end": "2023-12-31T23:59:59+08:00"},
    {"base_t": -1}, {"sales_multiplier_bp": 100_001}, {"required_on_time_years": [2023, 2023]},
    {"required_on_time_years": [True]}, {"memo": "x"},
])
def test_invalid_shape(changes: dict) -> None:
    with pytest.raises(InvalidField):
        carryover_notice.check_shape({**CARRYOVER_NOTICE, **changes})


def test_snapshot_records_entities_only_and_only_once() -> None:
    world = World()
    entity, holder = world.entity("E1"), world.entity("H1", roles=("holder",))
    for iid in ("CEA-2019-2020", "CEA-2023", "CEA-2024", "CEA-2025"):
        ensure_vintage(world.chain, iid)
    give_direct(world.chain, entity, "CEA-2019-2020", 7)
    give_direct(world.chain, holder, "CEA-2023", 9)
    issue(world, "MEE")
    world.check_result("ok")
    state, after = world.chain.state, ms("2026-01-01T00:00:00+08:00")
    carryover_notice.apply_snapshot_if_due(state, BlockContext(CHAIN_ID, 99, after))
    assert state.get(keys.carryover_snapshot(entity)) == {"holdings": {"CEA-2019-2020": 7}, "total": 7, "height": 99}
    assert state.get(keys.carryover_snapshot(holder)) is None
    give_direct(world.chain, entity, "CEA-2023", 5)
    root = state.root()
    carryover_notice.apply_snapshot_if_due(state, BlockContext(CHAIN_ID, 100, after + 1000))
    assert state.root() == root


def test_snapshot_total_before_the_hook_ran_is_the_current_holding() -> None:
    world = World()
    entity = world.entity("E1")
    for iid in ("CEA-2019-2020", "CEA-2023", "CEA-2024", "CEA-2025"):
        ensure_vintage(world.chain, iid)
    give_direct(world.chain, entity, "CEA-2024", 12)
    issue(world, "MEE")
    notice = world.chain.state.get(keys.carryover())
    assert carryover_notice.get_snapshot_total(world.chain.state, entity, notice) == 12
