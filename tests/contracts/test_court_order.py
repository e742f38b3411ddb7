"""Court order: the feature file's scenarios plus unit tests of its shapes, range helpers and atomicity."""
from __future__ import annotations

import json

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from contracts import court_order
from ledger import keys
from ledger.errors import InvalidField
from ledger.holdings import iter_holdings
from helpers import pub
from scenario import World, ensure_vintage, give_direct, ms, obligation_direct, units_body
from ccer_fraud_steps import *  # noqa: F403 (the steps the CCER cancellation and fraud features share)

scenarios("../features/court_order.feature")

UNITS = (r'"(?P<action>\w+)" of (?:(?P<amount>\d+) t|serials (?P<ranges>[\d,-]+)) of (?P<iid>\S+) of "(?P<name>[^"]+)"'
         r'(?: to "(?P<to>[^"]+)")? under "(?P<ref>[^"]+)"')
COURT = "北京市第一中级人民法院"


def run_order(world: World, action: str, amount: str | None, ranges: str | None, iid: str, name: str,
              to: str | None, ref: str, signer: str = "REGISTRY") -> None:
    body = {"order_ref": ref, "action": action, "account": world.id(name), "court": COURT, "instrument": iid,
            **units_body(amount, ranges)}
    if to:
        body["to"] = world.id(to)
    world.run("court_order", body, signer)


@given(parsers.re("the court has ordered " + UNITS))
def _ordered(world: World, action: str, amount: str | None, ranges: str | None, iid: str, name: str, to: str | None,
             ref: str) -> None:
    run_order(world, action, amount, ranges, iid, name, to, ref)
    world.check_result("ok")


@when(parsers.re("the court orders " + UNITS + r', signed by "(?P<signer>[^"]+)"'))
def _order(world: World, action: str, amount: str | None, ranges: str | None, iid: str, name: str, to: str | None,
           ref: str, signer: str) -> None:
    run_order(world, action, amount, ranges, iid, name, to, ref, signer)


SUCCESSION = (r'the succession of "(?P<name>[^"]+)" by "(?P<to>[^"]+)" under "(?P<ref>[^"]+)"'
              r'(?P<closing>, closing the source)?(?: at "(?P<time>[^"]+)")?')


@when(parsers.re("the court orders " + SUCCESSION))
def _succession(world: World, name: str, to: str, ref: str, closing: str | None, time: str | None) -> None:
    body = {"order_ref": ref, "action": "succession", "account": world.id(name), "court": COURT, "to": world.id(to)}
    if closing:
        body["close_source"] = True
    world.run("court_order", body, "REGISTRY", time=ms(time) if time else None)


@given(parsers.re("the court has ordered " + SUCCESSION))
def _succeeded(world: World, name: str, to: str, ref: str, closing: str | None, time: str | None) -> None:
    _succession(world, name, to, ref, closing, time)
    world.check_result("ok")


@given(parsers.parse('"{name}" had verified emissions of {verified:d} t and surrendered {surrendered:d} t for {year:d}'))
def _had(world: World, name: str, verified: int, surrendered: int, year: int) -> None:
    obligation_direct(world.chain, year, world.id(name), verified=verified, surrendered=surrendered)


@when(parsers.parse('"{name}" surrenders {amount:d} t of {iid} for {year:d}'))
def _surrenders(world: World, name: str, amount: int, iid: str, year: int) -> None:
    world.run("surrender", {"account": world.id(name), "year": year, "instrument": iid, "amount": amount}, name)


@then(parsers.parse('the {year:d} obligation of "{name}" has {values}'))
def _obligation_has(world: World, year: int, name: str, values: str) -> None:
    record = world.chain.state.get(keys.obligation(year, world.id(name)))
    expected = {field: json.loads(value) for field, value in (item.split(" ") for item in values.split(", "))}
    assert record is not None and {field: record[field] for field in expected} == expected, record


@then(parsers.parse('"{holder}" has the {year:d} obligation of {values}'))
def _holder_has(world: World, holder: str, year: int, values: str) -> None:
    other = next(name for name in ("E1", "E2") if name != holder)
    _obligation_has(world, year, holder, values)
    _no_obligation(world, other, year)


@then(parsers.parse('"{name}" has no {year:d} obligation'))
def _no_obligation(world: World, name: str, year: int) -> None:
    assert world.chain.state.get(keys.obligation(year, world.id(name))) is None


@then(parsers.parse('an event carries the {year:d} obligation of "{src}" to "{dst}"'))
def _event(world: World, year: int, src: str, dst: str) -> None:
    [event] = world.events("obligation_succession")
    assert (event["year"], event["from"], event["to"], event["order_ref"]) == (year, world.id(src), world.id(dst), "C-2")


@when(parsers.parse('"{name}" cancels {amount:d} t of {iid} for the public interest'))
def _cancel(world: World, name: str, amount: int, iid: str) -> None:
    body = {"account": world.id(name), "instrument": iid, "amount": amount, "purpose": "public_interest",
            "beneficiary": "公众", "reason": "自愿注销"}
    world.run("cancel", body, name)


@then(parsers.parse('"{name}" has no pending offset for {year:d}'))
def _no_pending(world: World, name: str, year: int) -> None:
    assert world.chain.state.get(keys.pending_offset(year, world.id(name))) is None


@then(parsers.parse('"{name}" holds nothing'))
def _holds_nothing(world: World, name: str) -> None:
    assert list(iter_holdings(world.chain.state, world.id(name))) == []


@then(parsers.parse('"{name}" is {status}'))
def _is_status(world: World, name: str, status: str) -> None:
    assert world.chain.state.get(keys.participant(world.id(name)))["status"] == status


@then(parsers.parse('the order "{ref}" is recorded as "{kind}"'))
def _recorded(world: World, ref: str, kind: str) -> None:
    assert world.chain.state.get(keys.order("REGISTRY", "court", ref))["action"] == kind


# -- unit tests -------------------------------------------------------------------------


def body(**changes) -> dict:
    base = {"order_ref": "C-1", "action": "freeze", "account": "A1", "court": COURT, "instrument": "CEA-2024", "amount": 1}
    return {k: v for k, v in {**base, **changes}.items() if v is not None}


@pytest.mark.parametrize("bad", [
    body(action="seize"), body(to="B1"), body(action="deduct"), body(action="deduct", to="A1"),
    body(action="deduct", to="CANCELLED"), body(close_source=True), body(instrument=None),
    body(amount=None), body(action="succession", to="B1"), body(action="succession", to="B1", instrument=None,
                                                                amount=None, close_source="yes"),
    body(court=""),
])
def test_invalid_shape(bad: dict) -> None:
    with pytest.raises(InvalidField):
        court_order.check_shape(bad)


def test_valid_shapes() -> None:
    court_order.check_shape(body(action="deduct", to="B1", amount=None, ranges=[[1, 5]]))
    court_order.check_shape(body(action="succession", to="B1", instrument=None, amount=None, close_source=False))


def test_intersect_keeps_only_common_serials() -> None:
    assert court_order.intersect(((1, 10), (20, 30)), ((5, 25),)) == ((5, 10), (20, 25))
    assert court_order.intersect(((1, 4),), ((5, 9),)) == ()


def test_failing_order_leaves_state_unchanged() -> None:
    world = World()
    account = world.entity("E1")
    give_direct(world.chain, account, ensure_vintage(world.chain, "CEA-2024"), 10)
    world.run("court_order", body(account=account, amount=5), "REGISTRY")
    world.check_result("ok")
    before = world.chain.state.root()
    world.run("court_order", body(account=account, order_ref="C-1", amount=1), "REGISTRY")
    assert world.receipt["code"] == "already_exists"
    assert world.chain.state.root() == before


@pytest.mark.parametrize("order_ref", ["rotate_key/R1", "key_request/R1", "R1"])
def test_court_order_ref_never_collides_with_a_key_request(order_ref: str) -> None:
    """Regression: a court order named like a key-rotation record once raised KeyError and halted every later block."""
    world = World()
    account = world.entity("E1")
    give_direct(world.chain, account, ensure_vintage(world.chain, "CEA-2024"), 10)
    new_key = pub("E1/new")
    world.run("request_key_recovery", {"account": account, "pubkeys": [new_key], "request_ref": "R1"}, "REGISTRY", "PROV-11")
    world.check_result("ok")
    world.run("court_order", body(account=account, order_ref=order_ref, amount=5), "REGISTRY")
    world.check_result("ok")
    assert world.chain.state.get(keys.order("REGISTRY", "court", order_ref))["action"] == "court_freeze"
    assert world.chain.state.get(keys.order("REGISTRY", "key_request", "R1"))["action"] == "request_key_recovery"
    world.run("court_order", body(account=account, order_ref=order_ref, action="unfreeze", amount=5), "REGISTRY")
    world.check_result("already_exists")
