"""Steps the compliance features share (enforce_shortfall, surrender, record_emissions, record_exemption,
status_fixing): a module imports them with `from compliance_steps import *`, so that they stay out of conftest.py,
which every feature of the folder sees."""
from __future__ import annotations

from pytest_bdd import given, parsers, then

from contracts.compliance_status import compute_covered
from contracts.publish_price import month_of
from contracts.records import get_cycle
from helpers import DAY_MS
from ledger import keys
from scenario import World, compliance_cycle, enforce_body, ensure_vintage, obligation_direct, price_direct, verify_emissions


@given(parsers.parse("the exchange published {fen:d} fen a tonne for {iid} in {month}"))
def _price(world: World, fen: int, iid: str, month: str) -> None:
    price_direct(world.chain, iid, month, fen)


@then(parsers.parse('"{name}" has a shortfall of {shortfall:d} t and a fine of {fine:d} fen for {year:d}'))
def _shortfall(world: World, name: str, shortfall: int, fine: int, year: int) -> None:
    record = world.chain.state.get(keys.obligation(year, world.id(name)))
    assert (record["shortfall"], record["fine_fen"]) == (shortfall, fine)


@then(parsers.parse('"{name}" has a deduction of {amount:d} t for {year:d}'))
def _deduction_is(world: World, name: str, amount: int, year: int) -> None:
    record = world.chain.state.get(keys.obligation(year, world.id(name)))
    assert (record["deduction"] if record else 0) == amount


@given(parsers.parse('"{province}" ordered "{name}" to correct its {year:d} shortfall by "{until}"'))
def _ordered(world: World, province: str, name: str, year: int, until: str) -> None:
    deadline = get_cycle(world.chain.state, year)["deadline"]
    month = month_of(deadline)
    price_direct(world.chain, f"CEA-{year}", month, 4000)
    body = enforce_body(world.id(name), year, month, 5, f"FX-{year}-{name}", until)
    world.run("enforce_shortfall", body, province, time=max(deadline + 5 * DAY_MS, world.chain.tip.time + 1000))
    world.check_result("ok")


@given(parsers.parse('the MEE set the {year:d} cycle with deadline "{deadline}"'))
def _mee_cycle(world: World, year: int, deadline: str) -> None:
    compliance_cycle(world.chain, year, deadline, [ensure_vintage(world.chain, f"CEA-{year}")], pre_allocation_bp=7000)


@then(parsers.parse('{amount:d} t of {iid} were issued to "{name}" as "{reason}"'))
def _issued_as(world: World, amount: int, iid: str, name: str, reason: str) -> None:
    issued = [e for e in world.events("issue") if (e["instrument"], e["to"], e["reason"]) == (iid, world.id(name), reason)]
    assert sum(e["amount"] for e in issued) == amount, world.receipt["events"]


@given(parsers.parse('"{name}" has offset {amount:d} t for {year:d}'))
def _offset(world: World, name: str, amount: int, year: int) -> None:
    obligation_direct(world.chain, year, world.id(name), offset=amount)


@given(parsers.parse('"{name}" surrendered {amount:d} t of {iid} for {year:d}'))
def _surrendered_units(world: World, name: str, amount: int, iid: str, year: int) -> None:
    body = {"account": world.id(name), "year": year, "instrument": iid, "amount": amount}
    world.run("surrender", body, name)
    world.check_result("ok")


@then(parsers.parse('"{name}" has refunded {refunded:d} t and covers {covered:d} t for {year:d}'))
def _refunded(world: World, name: str, refunded: int, covered: int, year: int) -> None:
    record = world.chain.state.get(keys.obligation(year, world.id(name)))
    assert (record.get("refunded", 0), compute_covered(record)) == (refunded, covered)


@then(parsers.parse("the refund event reads {amount:d} t for {year:d}"))
def _refund_event(world: World, amount: int, year: int) -> None:
    [event] = world.events("surrender_refund")
    assert (event["amount"], event["year"]) == (amount, year)


@given(parsers.parse('"PROV-{province}" recorded {tonnes:d} t for "{name}" in {year:d}'))
def _recorded(world: World, province: str, tonnes: int, name: str, year: int) -> None:
    verify_emissions(world.chain, world.id(name), year, tonnes, province)
