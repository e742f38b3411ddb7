"""Offset release: the feature file's scenarios (the begin-block hook of contracts/offset_release.py)."""
from __future__ import annotations

from pytest_bdd import given, parsers, scenarios, then, when

from contracts.execute import execute_block
from helpers import CHAIN_ID
from ledger.chain import BlockContext
from ledger.constants import FROZEN, PENDING_OFFSET
from ledger.holdings import apply_move, get_holding
from ledger.serials import take_lowest
from scenario import World, ms

from compliance_steps import *  # noqa: F403 (the steps the compliance features share)
from offset_steps import *  # noqa: F403 (the steps the offset features share)

scenarios("../features/offset_release.feature")


@given(parsers.parse('a block is made at "{time}"'))
@when(parsers.parse('a block is made at "{time}"'))
def _block(world: World, time: str) -> None:
    world.chain.block([], ms(time))


@when(parsers.parse('the begin-block hooks run at "{time}"'))
def _hooks(world: World, time: str) -> None:
    state = world.chain.state
    state.begin()
    execute_block(state, [], BlockContext(CHAIN_ID, world.chain.tip.height + 1, ms(time)))
    world.receipt = {"code": "ok", "events": state.commit()}


@given(parsers.parse('"{name}" surrenders {amount:d} t of {iid} for {year:d}'))
def _surrendered(world: World, name: str, amount: int, iid: str, year: int) -> None:
    world.run("surrender", {"account": world.id(name), "year": year, "instrument": iid, "amount": amount}, name)
    world.check_result("ok")


@given(parsers.parse('a court moves {amount:d} t of {iid} of "{name}" from pending offset to frozen'))
def _court(world: World, amount: int, iid: str, name: str) -> None:
    state, account = world.chain.state, world.id(name)
    chosen = take_lowest(get_holding(state, account, iid)[PENDING_OFFSET], amount)[0]
    state.begin()
    apply_move(state, iid, account, account, chosen, "court_order", PENDING_OFFSET, FROZEN)
    state.commit()


@then(parsers.parse('the release event names "{name}", {year:d} and {iid} {ranges}, {amount:d} t'))
def _event(world: World, name: str, year: int, iid: str, ranges: str, amount: int) -> None:
    [event] = world.events("offset_released")
    units = {iid: [[int(x) for x in part.split("-")] for part in ranges.split(",")]}
    assert (event["account"], event["year"], event["units"], event["amount"]) == (world.id(name), year, units, amount)


@then(parsers.parse('every move of the release reads "{reason}"'))
def _moves(world: World, reason: str) -> None:
    moves = world.events("move")
    assert moves and all(m["reason"] == reason and m["to_sub"] == "available" for m in moves), moves
