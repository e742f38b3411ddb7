"""Designate forced compliance: the feature file's scenarios plus unit tests of its shape checks and atomicity."""
from __future__ import annotations

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from contracts import designate_forced_compliance
from contracts.records import get_obligation
from ledger.errors import InvalidField
from scenario import World, compliance_cycle, ms, obligation_direct, pre_allocate, units_body, vintage

scenarios("../features/designate_forced_compliance.feature")


def designate(world: World, signer: str, name: str, year: int, reason: str) -> None:
    world.run("designate_forced_compliance", {"account": world.id(name), "year": year, "reason": reason}, signer)


@given(parsers.parse('"{signer}" designated "{name}" for forced compliance in {year:d}'))
def _designated(world: World, signer: str, name: str, year: int) -> None:
    designate(world, signer, name, year, "risk")
    world.check_result("ok")


@when(parsers.parse('"{signer}" designates "{name}" for forced compliance in {year:d} because "{reason}"'))
def _designate(world: World, signer: str, name: str, year: int, reason: str) -> None:
    designate(world, signer, name, year, reason)


@then(parsers.parse('"{name}" is designated for forced compliance in {year:d} because "{reason}"'))
def _is_designated(world: World, name: str, year: int, reason: str) -> None:
    record = get_obligation(world.chain.state, year, world.id(name))
    assert (record["forced"], record["forced_reason"], record["forced_at"]) == (True, reason, world.chain.tip.height)
    assert record["province"] == "11"


@given(parsers.parse('"{name}" handed in {surrendered:d} t surrendered and {offset:d} t offset for {year:d} by the deadline'))
def _handed_in(world: World, name: str, surrendered: int, offset: int, year: int) -> None:
    obligation_direct(world.chain, year, world.id(name), surrendered=surrendered, offset=offset)


@given(parsers.parse('"{name}" surrendered {tonnes:d} t late for {year:d}'))
def _late(world: World, name: str, tonnes: int, year: int) -> None:
    obligation_direct(world.chain, year, world.id(name), late_surrendered=tonnes)


@given(parsers.re(r'the (?P<year>\d+) record of "(?P<name>[^"]+)" is (?:exempt with (?P<tonnes>\d+) t|without verified tonnes)'))
def _record_is(world: World, year: str, name: str, tonnes: str | None) -> None:
    changes = {"exempt": True, "verified": int(tonnes)} if tonnes else {"verified": None}
    obligation_direct(world.chain, int(year), world.id(name), **changes)


AT = r' at "(?P<time>[^"]+)"'
PRE_AT = r'"(?P<name>[^"]+)" (?:is|was) pre-allocated for (?P<year>\d+)' + AT


@when(parsers.re(PRE_AT))
def _pre_at(world: World, name: str, year: str, time: str) -> None:
    body = {"account": world.id(name), "year": int(year), "kind": "pre", "instrument": f"CEA-{year}"}
    world.run("allocate", body, "PROV-11", "REGISTRY", time=ms(time))


@given(parsers.re(PRE_AT))
def _pre_at_ok(world: World, name: str, year: str, time: str) -> None:
    _pre_at(world, name, year, time)
    world.check_result("ok")


@when(parsers.re(r'"(?P<name>[^"]+)" is trued up for (?P<year>\d+) to "(?P<final>[^"]+)"' + AT))
def _true_up_at(world: World, name: str, year: str, final: str, time: str) -> None:
    body = {"account": world.id(name), "year": int(year), "kind": "true_up", "instrument": f"CEA-{year}",
            "final_allocation": final}
    world.run("allocate", body, "PROV-11", "REGISTRY", time=ms(time))


@then(parsers.parse('"{name}" is designated for forced compliance in {year:d} automatically because "{reason}"'))
def _designated_by_rule(world: World, name: str, year: int, reason: str) -> None:
    record = get_obligation(world.chain.state, year, world.id(name))
    assert (record["forced"], record["forced_automatically"], record["forced_reason"]) == (True, True, reason + "; S3 §五(四)")
    assert [e["reason"] for e in world.events("forced_compliance")] == [record["forced_reason"]]


@when(parsers.re(r'"(?P<src>[^"]+)" and "EXCHANGE" settle a transfer of (?:(?P<amount>\d+) t|serials (?P<ranges>\S+)) '
                 r'of (?P<iid>\S+) to "(?P<dst>[^"]+)" under trade "(?P<ref>[^"]+)"'))
def _settle(world: World, src: str, amount: str | None, ranges: str | None, iid: str, dst: str, ref: str) -> None:
    body = {"from": world.id(src), "to": world.id(dst), "instrument": iid, "trade_ref": ref, **units_body(amount, ranges)}
    world.run("transfer", body, src, "EXCHANGE")


@when(parsers.parse('"{name}" cancels {amount:d} t of {iid}'))
def _cancel(world: World, name: str, amount: int, iid: str) -> None:
    body = {"account": world.id(name), "instrument": iid, "amount": amount, "purpose": "public_interest", "beneficiary": "公众",
            "reason": "voluntary"}
    world.run("cancel", body, name)


# -- unit tests -------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [
    {"account": "A1", "year": 2024}, {"account": "A1", "year": 2024, "reason": ""},
    {"account": "A1", "year": "2024", "reason": "x"}, {"account": "A1", "year": 2024, "reason": "x", "x": 1},
])
def test_invalid_shape(bad: dict) -> None:
    with pytest.raises(InvalidField):
        designate_forced_compliance.check_shape(bad)


def test_invalid_designation_leaves_state_unchanged() -> None:
    world = World()
    e1 = world.entity("E1")
    compliance_cycle(world.chain, 2024, "2025-12-31T23:59:59+08:00", [vintage(world.chain, 2024)])
    pre_allocate(world.chain, e1, 2024, 1000)
    before = world.chain.state.root()
    designate(world, "PROV-11", "E1", 2024, "risk")
    assert world.receipt["code"] == "invalid_state"
    assert world.receipt["message"].startswith(f"{e1} already received 700 t of its 2024 allocation > 0 t")
    assert world.chain.state.root() == before
