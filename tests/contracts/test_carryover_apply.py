"""Carry-over application: the feature file's scenarios plus unit tests of the entitlement and atomicity."""
from __future__ import annotations

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from contracts import carryover_apply, dry_run
from helpers import CHAIN_ID
from ledger import keys
from ledger.chain import BlockContext
from ledger.errors import InvalidField
from ledger.holdings import get_holding
from scenario import (CARRYOVER_NOTICE, SNAPSHOT_TAKEN, World, ensure_vintage, give_direct, ms, obligation_direct,
                      run_transfer, serial_ranges)

scenarios("../features/carryover_apply.feature")


def comply(world: World, name: str, year: int, how: str = "on time") -> None:
    """Write `name`'s obligation of `year`: on time, late, short, or not recorded."""
    handed_in = {"on time": {"surrendered": 100}, "late": {"surrendered": 50, "late_surrendered": 50},
                 "short": {"surrendered": 90}}
    if how != "not recorded":
        obligation_direct(world.chain, year, world.id(name), verified=100, **handed_in[how])


def transfer(world: World, src: str, dst: str, amount: int, iid: str, time: str) -> None:
    run_transfer(world, src, dst, iid, {"amount": amount}, time=ms(time))
    world.check_result("ok")


@given(parsers.parse('"{name}" complied on time in {year:d} only, and {other:d} was {how}'))
def _one_on_time(world: World, name: str, year: int, other: int, how: str) -> None:
    comply(world, name, year)
    comply(world, name, other, how)


@given(parsers.parse('"{src}" sells {amount:d} t of {iid} to "{dst}" at "{time}"'))
def _sells(world: World, src: str, amount: int, iid: str, dst: str, time: str) -> None:
    transfer(world, src, dst, amount, iid, time)


@given(parsers.parse('"{dst}" buys {amount:d} t of {iid} from "{src}" at "{time}"'))
def _buys(world: World, dst: str, amount: int, iid: str, src: str, time: str) -> None:
    transfer(world, src, dst, amount, iid, time)


@when(parsers.re(r'"(?P<name>[^"]+)" applies to carry over (?P<amount>\d+) t, signed by "(?P<signer>[^"]+)"'
                 r'(?: at "(?P<time>[^"]+)")?'))
def _apply(world: World, name: str, amount: str, signer: str, time: str | None) -> None:
    body = {"account": world.id(name), "amount": int(amount)}
    world.run("carryover_apply", body, signer, time=ms(time) if time else None)


@when(parsers.re(r'"(?P<name>[^"]+)" applies to carry over (?P<parts>\d+ t of \S+(?: and \d+ t of \S+)*), '
                 r'signed by "(?P<signer>[^"]+)"'))
def _apply_parts(world: World, name: str, parts: str, signer: str) -> None:
    named = [part.split(" t of ") for part in parts.split(" and ")]
    body = {"account": world.id(name), "parts": [{"instrument": iid, "amount": int(amount)} for amount, iid in named]}
    world.run("carryover_apply", body, signer)


@then(parsers.parse('the frozen {iid} of "{name}" are serials {ranges}'))
def _frozen_serials(world: World, iid: str, name: str, ranges: str) -> None:
    assert get_holding(world.chain.state, world.id(name), iid)["frozen"] == serial_ranges(ranges)


@then(parsers.parse('application {number:d} of "{name}" records {amount:d} t of an entitlement of {entitlement:d} t, '
                    '{before:d} t applied before'))
def _application(world: World, number: int, name: str, amount: int, entitlement: int, before: int) -> None:
    record = world.chain.state.get(keys.carryover_application(world.id(name), number))
    assert (record["amount"], record["entitlement"], record["applied_before"], record["executed"]) == (
        amount, entitlement, before, False), record


# -- unit tests -------------------------------------------------------------------------


@pytest.mark.parametrize("net_sales, snapshot, expected", [
    (0, 50_000, 10_000), (-5_000, 50_000, 10_000), (1_600, 50_000, 12_400), (1, 50_000, 10_001),
    (3, 50_000, 10_004), (1_600, 4_000, 4_000), (0, 0, 0),
])
def test_compute_entitlement(net_sales: int, snapshot: int, expected: int) -> None:
    assert carryover_apply.compute_entitlement(net_sales, snapshot, 10_000, 15_000) == expected


def test_compute_net_sales_counts_old_vintages_in_window_years_only() -> None:
    world = World()
    account = world.entity("E1")
    world.chain.state.put(keys.flow(account), {
        "2024/CEA-2024": (0, 900), "2024/CEA-2025": (0, 5_000), "2025/CEA-2023": (300, 100),
        "2026/CEA-2024": (0, 7_000),
    })
    notice = {"window_years": (2024, 2025), "old_vintages": ("CEA-2023", "CEA-2024")}
    assert carryover_apply.compute_net_sales(world.chain.state, account, notice) == 700


@pytest.mark.parametrize("bad", [
    {"account": "A1", "amount": 0}, {"account": "A1"}, {"account": "A1", "amount": 1, "x": 1},
    {"account": "A1", "amount": 1, "parts": [{"instrument": "CEA-2023", "amount": 1}]}, {"account": "A1", "parts": []},
    {"account": "A1", "parts": {"CEA-2023": 1}}, {"account": "A1", "parts": ["CEA-2023"]},
    {"account": "A1", "parts": [{"instrument": "CEA-2023", "amount": 0}]},
    {"account": "A1", "parts": [{"instrument": "CEA-2023\n", "amount": 1}]},
    {"account": "A1", "parts": [{"instrument": "CEA-2023", "amount": 1, "serials": [1, 1]}]},
    {"account": "A1", "parts": [{"instrument": "CEA-2023", "amount": 1}, {"instrument": "CEA-2023", "amount": 2}]},
    {"account": "A1", "parts": [{"instrument": f"CEA-{2000 + i}", "amount": 1} for i in range(17)]},
])
def test_invalid_shape(bad: dict) -> None:
    with pytest.raises(InvalidField):
        carryover_apply.check_shape(bad)


def test_invalid_application_without_notice_leaves_state_unchanged() -> None:
    world = World()
    account = world.entity("E1")
    comply(world, "E1", 2023)
    comply(world, "E1", 2024)
    give_direct(world.chain, account, ensure_vintage(world.chain, "CEA-2024"), 100)
    before = world.chain.state.root()
    world.run("carryover_apply", {"account": account, "amount": 10}, "E1", time=ms("2026-01-05T10:00:00+08:00"))
    assert world.receipt["code"] == "not_found"
    assert world.receipt["message"] == "the MEE has not issued the carry-over notice"
    assert world.chain.state.root() == before


def test_dry_run_before_the_snapshot_block_sees_the_same_entitlement() -> None:
    world = World()
    account = world.entity("E1")
    comply(world, "E1", 2023)
    comply(world, "E1", 2024)
    for iid in (*CARRYOVER_NOTICE["old_vintages"], "CEA-2025"):
        ensure_vintage(world.chain, iid)
    give_direct(world.chain, account, "CEA-2024", 4_000)
    world.run("carryover_notice", CARRYOVER_NOTICE, "MEE")
    world.check_result("ok")
    ctx = BlockContext(CHAIN_ID, world.chain.tip.height + 1, ms(SNAPSHOT_TAKEN))
    before, nonce = world.chain.state.root(), world.chain.next_nonce(account)  # each dry run sees the same state
    assert dry_run(world.chain.state, world.chain.sign("carryover_apply", {"account": account, "amount": 4_000}, account,
                                                       nonce=nonce), ctx)["code"] == "ok"
    assert dry_run(world.chain.state, world.chain.sign("carryover_apply", {"account": account, "amount": 4_001}, account,
                                                       nonce=nonce), ctx)["code"] == "exceeds_entitlement"
    assert world.chain.state.root() == before and not world.chain.state.get(keys.carryover())["snapshot_taken"]
