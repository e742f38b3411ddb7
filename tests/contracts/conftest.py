"""Step definitions shared by the contract features; pytest-bdd finds them here for every module in this folder.

A step lives here when two or more features use the same text for the same effect. A step whose text
recurs elsewhere with another effect stays in its module. The builders these steps call are in scenario.py.
"""
from __future__ import annotations

import json

import pytest
from pytest_bdd import given, parsers, then, when

from ledger import keys
from ledger.holdings import get_amount, get_holding
from scenario import (CARRYOVER_NOTICE, SIGNED, SNAPSHOT_TAKEN, World, compliance_cycle, cycle_direct, describe_validators,
                      ensure_vintage, give_direct, ms, obligation_direct, pre_allocate, propose_validators, run_allocate,
                      serial_ranges, validators_direct, vintage)
from scenario import allow_bilateral_transfers, run_transfer
from scenario import earmark_direct, record_basis
from ledger.constants import EARMARKED


@pytest.fixture
def world() -> World:
    """A fresh chain from the test genesis, with no scenario accounts yet."""
    return World()


# -- Given: participants, instruments and compliance cycles --------------------------------


@given(parsers.parse('entity "{name}" of province "{province}"'))
def _entity(world: World, name: str, province: str) -> None:
    world.entity(name, province)


@given(parsers.parse('holder "{name}"'))
def _holder(world: World, name: str) -> None:
    world.entity(name, roles=("holder",))


@given(parsers.parse("vintage CEA-{year:d}"))
def _vintage(world: World, year: int) -> None:
    vintage(world.chain, year)


@given(parsers.parse("vintages {iids}"))
def _vintages(world: World, iids: str) -> None:
    for iid in iids.split(","):
        ensure_vintage(world.chain, iid.strip())


@given(parsers.parse('compliance cycle {year:d} with deadline "{deadline}" and eligible vintages {vintages}'))
def _cycle_direct(world: World, year: int, deadline: str, vintages: str) -> None:
    cycle_direct(world.chain, year, deadline, vintages.split(","))


@given(parsers.re(r'the (?P<year>\d+) cycle with deadline "(?P<deadline>[^"]+)"'
                  r'(?: and pre_allocation_bp (?P<bp>\d+))?'))
def _cycle(world: World, year: str, deadline: str, bp: str | None) -> None:
    ratios = {"pre_allocation_bp": int(bp)} if bp else {}
    compliance_cycle(world.chain, int(year), deadline, [vintage(world.chain, int(year))], **ratios)


# -- Given: holdings and obligation records, written directly ------------------------------


@given(parsers.parse('"{name}" holds {amount:d} t of {iid:S}'))
def _holds(world: World, name: str, amount: int, iid: str) -> None:
    give_direct(world.chain, world.id(name), ensure_vintage(world.chain, iid), amount)


@given(parsers.parse('other entities\' {amount:d} t of {iid} are also in "{name}"'))
def _others(world: World, amount: int, iid: str, name: str) -> None:
    give_direct(world.chain, name, ensure_vintage(world.chain, iid), amount)


@given(parsers.parse('"{name}" is under forced compliance for {year:d} with {amount:d} t of {iid} in "{province}"'))
def _forced(world: World, name: str, year: int, amount: int, iid: str, province: str) -> None:
    earmark_direct(world.chain, province, ensure_vintage(world.chain, iid), amount)
    obligation_direct(world.chain, year, world.id(name), forced=True, to_province=amount, allocated=amount)


@given(parsers.parse('"{name}" has verified emissions of {amount:d} t for {year:d}'))
def _verified(world: World, name: str, amount: int, year: int) -> None:
    obligation_direct(world.chain, year, world.id(name), verified=amount)


@given(parsers.parse('"{name}" owes a deduction of {tonnes:d} t for {year:d}'))
def _deduction(world: World, name: str, tonnes: int, year: int) -> None:
    obligation_direct(world.chain, year, world.id(name), deduction=tonnes)


@given(parsers.parse('"{name}" is exempt for {year:d}'))
def _exempt(world: World, name: str, year: int) -> None:
    obligation_direct(world.chain, year, world.id(name), exempt=True)


@given(parsers.parse('"{name}" complied on time in {first:d} and {second:d}'))
def _on_time(world: World, name: str, first: int, second: int) -> None:
    for year in (first, second):
        obligation_direct(world.chain, year, world.id(name), verified=100, surrendered=100)


# -- Given: earlier transactions, each of which must succeed -------------------------------


@given(parsers.parse('the registry sets "{name}" to {status}'))
def _status(world: World, name: str, status: str) -> None:
    world.run("set_account_status", {"account": world.id(name), "status": status, "reason": "test"}, "REGISTRY")
    world.check_result("ok")


@given(parsers.parse('"{src}" transferred {amount:d} t of {iid} to "{dst}"'))
def _transferred(world: World, src: str, amount: int, iid: str, dst: str) -> None:
    run_transfer(world, src, dst, iid, {"amount": amount})
    world.check_result("ok")


@given(parsers.parse('"{name}" was pre-allocated {year:d} on a basis of {basis:d} t'))
def _pre_allocated(world: World, name: str, year: int, basis: int) -> None:
    pre_allocate(world.chain, world.id(name), year, basis)


@given(parsers.parse('"{signer}" has issued the carry-over notice'))
def _notice_issued(world: World, signer: str) -> None:
    world.run("carryover_notice", CARRYOVER_NOTICE, signer)
    world.check_result("ok")


@given("the snapshot is taken")
def _snapshot(world: World) -> None:
    world.chain.block([], ms(SNAPSHOT_TAKEN))
    assert world.chain.state.get(keys.carryover())["snapshot_taken"]


@given(parsers.parse('"{name}" has applied to carry over {amount:d} t'))
def _applied(world: World, name: str, amount: int) -> None:
    world.run("carryover_apply", {"account": world.id(name), "amount": amount}, name)
    world.check_result("ok")


@given(parsers.re(r'a court (?P<action>freeze|unfreeze)s (?P<amount>\d+) t of (?P<iid>\S+) of "(?P<name>[^"]+)"'))
def _court_freeze(world: World, action: str, amount: str, iid: str, name: str) -> None:
    body = {"order_ref": f"C-{world.chain.tip.height + 1}", "action": action, "account": world.id(name), "court": "法院",
            "instrument": iid, "amount": int(amount)}
    world.run("court_order", body, "REGISTRY")
    world.check_result("ok")


@given("the MEE allows bilateral transfers")
def _bilateral(world: World) -> None:
    allow_bilateral_transfers(world)


@given(parsers.parse("\"{signer}\" set the market rules to '{body}'"))
def _set_market_rules(world: World, signer: str, body: str) -> None:
    world.run("set_market_rules", json.loads(body), signer)
    world.check_result("ok")


# -- Given: the validator set and its proposals ----------------------------------------------


@given(parsers.parse('the validators are "{names}"'))
def _validators(world: World, names: str) -> None:
    validators_direct(world.chain, names.split(","))


@given(parsers.re(r'the MEE proposed "(?P<proposal_id>[^"]+)": (?P<changes>.+)'))
def _proposed(world: World, proposal_id: str, changes: str) -> None:
    propose_validators(world, "MEE", proposal_id, changes)
    world.check_result("ok")


# -- When ------------------------------------------------------------------------------


@when(parsers.re(r'"(?P<src>[^"]+)" transfers (?P<amount>\d+) t of (?P<iid>\S+) to "(?P<dst>[^"]+)"'
                 r'(?: with nonce (?P<nonce>\d+))?'))
def _transfer(world: World, src: str, amount: str, iid: str, dst: str, nonce: str | None) -> None:
    if nonce is None:  # who signs is not what the step is about: the way the market allows
        run_transfer(world, src, dst, iid, {"amount": int(amount)})
        return
    body = {"from": world.id(src), "to": world.id(dst), "instrument": iid, "amount": int(amount)}
    world.run("transfer", body, src, nonce=int(nonce))


@when(parsers.re(r'"(?P<name>[^"]+)" is pre-allocated (?P<year>\d+) on a basis of (?P<basis>\d+) t'
                 r'(?:, in (?P<iid>\S+))?' + SIGNED))
def _pre_allocate(world: World, name: str, year: str, basis: str, iid: str | None, signers: str | None) -> None:
    record_basis(world.chain, world.id(name), int(year), int(basis))
    run_allocate(world, name, int(year), "pre", iid, signers)


# -- Then: the receipt -----------------------------------------------------------------


@then("the transaction succeeds")
def _succeeds(world: World) -> None:
    world.check_result("ok")


@then(parsers.parse('the transaction fails with "{code}"'))
@then(parsers.parse('the transaction ends with "{code}"'))
def _ends(world: World, code: str) -> None:
    world.check_result(code)


@then(parsers.parse('the message says "{text}"'))
def _message(world: World, text: str) -> None:
    assert text in world.receipt["message"], world.receipt


# -- Then: holdings --------------------------------------------------------------------


@then(parsers.parse('"{name}" holds {amount:d} t of {iid:S}'))
def _holds_amount(world: World, name: str, amount: int, iid: str) -> None:
    assert get_amount(world.chain.state, world.id(name), iid) == amount


@then(parsers.parse('"{name}" holds serials {ranges} of {iid}'))
def _holds_serials(world: World, name: str, ranges: str, iid: str) -> None:
    assert get_holding(world.chain.state, world.id(name), iid) == {"available": serial_ranges(ranges)}


@then(parsers.parse('"{name}" holds {available:d} t available and {frozen:d} t frozen of {iid}'))
def _holds_subs(world: World, name: str, available: int, frozen: int, iid: str) -> None:
    state, account = world.chain.state, world.id(name)
    assert (get_amount(state, account, iid), get_amount(state, account, iid, "frozen")) == (available, frozen)


@then(parsers.parse('"{name}" holds {amount:d} t earmarked of {iid:S}'))
def _holds_earmarked(world: World, name: str, amount: int, iid: str) -> None:
    assert get_amount(world.chain.state, world.id(name), iid, EARMARKED) == amount


@then(parsers.parse('the {year:d} record of "{name}" has {pairs}'))
def _record(world: World, year: int, name: str, pairs: str) -> None:
    record = world.chain.state.get(keys.obligation(year, world.id(name)))
    expected = {key: int(value) for key, value in (pair.split(" ") for pair in pairs.split(", "))}
    assert {key: record[key] for key in expected} == expected


# -- Then: the validator set and its proposals ---------------------------------------------


@then(parsers.parse('the validators are "{text}"'))
def _validators_are(world: World, text: str) -> None:
    assert describe_validators(world.chain) == text


@then(parsers.re(r'proposal "(?P<proposal_id>[^"]+)" is open with approvals "(?P<approvals>[^"]*)"'))
def _open_with(world: World, proposal_id: str, approvals: str) -> None:
    proposal = world.chain.state.get(keys.validator_proposal(proposal_id))
    assert (proposal["status"], ", ".join(proposal["approvals"])) == ("open", approvals), proposal


@then(parsers.re(r'proposal "(?P<proposal_id>[^"]+)" is (?P<status>open|applied)'))
def _status_is(world: World, proposal_id: str, status: str) -> None:
    assert world.chain.state.get(keys.validator_proposal(proposal_id))["status"] == status
