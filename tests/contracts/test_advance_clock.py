"""Advance clock: the feature file's scenarios plus unit tests of its shape checks and of compute_block_time."""
from __future__ import annotations

import pytest
from hypothesis import given as hypothesis_given, strategies as st
from pytest_bdd import given, parsers, scenarios, then, when

from contracts import advance_clock
from contracts.advance_clock import compute_block_time
from helpers import DAY_MS
from ledger import keys
from ledger.errors import InvalidField
from ledger.state import State
from scenario import World, compliance_cycle, ms, vintage

scenarios("../features/advance_clock.feature")

ADVANCE = r'"(?P<signer>[^"]+)" advances the clock to "(?P<to>[^"]+)"(?: in a block at "(?P<at>[^"]+)")?'


@given(parsers.parse('the chain\'s network is "{network}"'))
def _network(world: World, network: str) -> None:
    params = world.chain.state.get(keys.chain_params())
    world.chain.state.put(keys.chain_params(), {**params, "network": network})


@given(parsers.parse('the MEE advanced the clock to "{to}" in a block at "{at}"'))
def _advanced(world: World, to: str, at: str) -> None:
    world.run("advance_clock", {"to": to}, "MEE", time=ms(at))
    world.check_result("ok")


@when(parsers.re(ADVANCE))
def _advance(world: World, signer: str, to: str, at: str | None) -> None:
    world.run("advance_clock", {"to": to}, signer, time=ms(at) if at else None)


@then(parsers.parse("the clock offset is {days:d} days"))
def _offset(world: World, days: int) -> None:
    assert world.chain.state.get(keys.clock_offset(), 0) == days * DAY_MS


@then(parsers.parse('the event says the clock advanced to "{to}" with an offset of {days:d} days'))
def _event(world: World, to: str, days: int) -> None:
    assert world.events("clock_advanced") == [{"op": "clock_advanced", "to": to, "offset_ms": days * DAY_MS}]


@then(parsers.parse('a block the engine times "{engine}" has block time "{block_time}"'))
def _block_time(world: World, engine: str, block_time: str) -> None:
    assert compute_block_time(world.chain.state, ms(engine), world.chain.tip.time) == ms(block_time)


# -- unit tests -------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [
    {}, {"to": "2025-01-01"}, {"to": "2025-01-01T00:00:00"}, {"to": 1735660800000}, {"to": "soon"},
    {"to": "2025-01-01T00:00:00+08:00", "offset_ms": 1},
])
def test_invalid_shape(bad: dict) -> None:
    with pytest.raises(InvalidField):
        advance_clock.check_shape(bad)


def test_compute_block_time_without_an_advance_is_the_engine_time() -> None:
    assert compute_block_time(State(), 5_000, 4_000) == 5_000


def test_compute_block_time_adds_the_offset() -> None:
    assert compute_block_time(State({keys.clock_offset(): 30 * DAY_MS}), 5_000, 4_000) == 30 * DAY_MS + 5_000


@pytest.mark.parametrize("engine", [10_000, 9_000, 0])
def test_compute_block_time_is_after_the_previous_when_the_engine_stands_still_or_goes_back(engine: int) -> None:
    state = State({keys.clock_offset(): 1_000})
    assert compute_block_time(state, engine, 11_000) == 11_001


@hypothesis_given(offset=st.integers(0, 10**12), engine=st.integers(0, 10**13), previous=st.integers(0, 10**13))
def test_compute_block_time_is_strictly_increasing_and_never_before_engine_plus_offset(offset, engine, previous) -> None:
    time = compute_block_time(State({keys.clock_offset(): offset}), engine, previous)
    assert time > previous and time >= engine + offset
    assert time in (previous + 1, engine + offset)


def test_the_next_block_sees_the_advanced_time() -> None:
    world = World()
    world.run("advance_clock", {"to": "2025-01-01T00:00:00+08:00"}, "MEE", time=ms("2024-06-01T00:00:00+08:00"))
    world.check_result("ok")
    world.chain.block([])  # the Chain helper's engine moves 1 s and adds the offset, as the node does
    assert world.chain.tip.time == ms("2025-01-01T00:00:01+08:00")


def test_an_advanced_clock_passes_a_deadline() -> None:
    world = World()
    vintage(world.chain, 2024)
    compliance_cycle(world.chain, 2024, "2024-12-31T23:59:59+08:00", ["CEA-2024"])
    world.run("advance_clock", {"to": "2025-01-01T00:00:00+08:00"}, "MEE")
    world.check_result("ok")
    world.run("set_compliance_cycle", {"year": 2024, "deadline": "2025-06-30T23:59:59+08:00",
                                       "eligible_vintages": ["CEA-2024"]}, "MEE")
    world.check_result("deadline_passed")


def test_a_chain_without_a_network_param_is_not_a_devnet() -> None:
    world = World()
    world.chain.state.put(keys.chain_params(), {})
    world.run("advance_clock", {"to": "2025-01-01T00:00:00+08:00"}, "MEE")
    world.check_result("devnet_only")
    assert "network is None" in world.receipt["message"]
