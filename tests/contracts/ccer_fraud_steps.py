"""Steps shared by the CCER cancellation and fraud features (cancel, transfer, court order, order and enforce fraud
cancellation): a module takes them with `from ccer_fraud_steps import *`, so that they stay out of conftest.py.

Projects and units are written directly (scenario.project_direct, ccer_direct): these features test what
happens to CCER once issued, not how they were issued.
"""
from __future__ import annotations

from typing import Any

from pytest_bdd import given, parsers, then, when

from contracts.ccer import ccer_instrument_id
from ledger import keys, serials
from ledger.constants import PENDING_OFFSET
from ledger.holdings import apply_issue, get_amount
from scenario import World, ccer_direct, ms, project_direct, serial_ranges

FRAUD_REASON = "虚报减排量 (S8 Art.43)"


def last_tx_id(world: World) -> str:
    """The id of the last block's transaction."""
    return world.chain.blocks[-1].txs[0].id_hex


def run_order(world: World, amount: int, pid: str, due: str, ref: str | None = None, signer: str = "REGISTRY",
              time: int | None = None) -> None:
    """The registry orders the owner of `pid` to cancel `amount` t by `due` (order reference `ref`, or F-<height>)."""
    body = {"project": pid, "ref": ref or f"F-{world.chain.tip.height + 1}", "amount": amount, "due": due,
            "reason": FRAUD_REASON}
    world.run("order_fraud_cancellation", body, signer, time=time)


def get_certificate(world: World) -> dict[str, Any]:
    """The certificate of the last transaction; its event must equal the record."""
    record = world.chain.state.get(keys.certificate(last_tx_id(world)))
    [event] = world.events("certificate")
    assert event == {"op": "certificate", **record}
    return record


# -- Given -----------------------------------------------------------------------------------


@given(parsers.parse('the block time is "{moment}"'))
def _block_time(world: World, moment: str) -> None:
    world.chain.block([], ms(moment))


@given(parsers.parse('project "{pid}" of "{owner}" is registered'))
def _project(world: World, pid: str, owner: str) -> None:
    if owner not in world.ids:
        world.entity(owner, roles=("project_owner",))
    project_direct(world.chain, pid, world.id(owner), "VVB-1")


@given(parsers.parse('project "{pid}" of "{owner}" has status {status}'))
def _project_status(world: World, pid: str, owner: str, status: str) -> None:
    world.entity(owner, roles=("project_owner",))
    project_direct(world.chain, pid, world.id(owner), "VVB-1", status=status)


@given(parsers.parse('"{name}" holds {amount:d} t of the {year:d} CCER of project "{pid}"'))
def _holds_ccer(world: World, name: str, amount: int, year: int, pid: str) -> None:
    ccer_direct(world.chain, pid, year, world.id(name), amount)


@given(parsers.parse('"{name}" has {amount:d} t of the {year:d} CCER of project "{pid}" pending offset for {cycle:d}'))
def _pending_offset(world: World, name: str, amount: int, year: int, pid: str, cycle: int) -> None:
    """Requires the instrument (a holding of it given before)."""
    iid, state = ccer_instrument_id(pid, year), world.chain.state
    state.begin()
    ranges = apply_issue(state, iid, world.id(name), amount, "test", PENDING_OFFSET)
    state.put(keys.pending_offset(cycle, world.id(name)), {iid: serials.to_json(ranges)})
    state.commit()


@given(parsers.parse('the registry ordered the cancellation of {amount:d} t for project "{pid}", due "{due}"'))
def _ordered(world: World, amount: int, pid: str, due: str) -> None:
    run_order(world, amount, pid, due)
    world.check_result("ok")


@given(parsers.parse('"{signer}" enforced the fraud order on project "{pid}" at "{moment}"'))
def _enforced_before(world: World, signer: str, pid: str, moment: str) -> None:
    _enforce(world, signer, pid, moment)
    world.check_result("ok")


# -- When ------------------------------------------------------------------------------------


@when(parsers.re(r'the registry orders the cancellation of (?P<amount>\d+) t for project "(?P<pid>[^"]+)", '
                 r'due "(?P<due>[^"]+)"(?: under "(?P<ref>[^"]+)")?(?: in a block at "(?P<moment>[^"]+)")?'
                 r'(?:, signed by "(?P<signer>[^"]+)")?'))
def _order(world: World, amount: str, pid: str, due: str, ref: str | None, moment: str | None, signer: str | None) -> None:
    run_order(world, int(amount), pid, due, ref, signer or "REGISTRY", ms(moment) if moment else None)


@when(parsers.re(r'"(?P<signer>[^"]+)" enforces the fraud order on project "(?P<pid>[^"]+)"'
                 r'(?: at "(?P<moment>[^"]+)")?'))
def _enforce(world: World, signer: str, pid: str, moment: str | None) -> None:
    world.run("enforce_fraud_cancellation", {"project": pid}, signer, time=ms(moment) if moment else None)


# -- Then ------------------------------------------------------------------------------------


@then(parsers.parse('the fraud order on project "{pid}" is {status} with {cancelled:d} t cancelled by the owner'))
def _order_is(world: World, pid: str, status: str, cancelled: int) -> None:
    order = world.chain.state.get(keys.fraud_order(pid))
    assert (order["status"], order["cancelled"]) == (status, cancelled), order


@then(parsers.parse('the enforcement cancelled {amount:d} t and records {owed:d} t still owed'))
def _enforced(world: World, amount: int, owed: int) -> None:
    [event] = world.events("fraud_order")
    order = world.chain.state.get(keys.fraud_order(event["project"]))
    assert order["status"] == "enforced"
    assert (order["enforcement"]["amount"], order["enforcement"]["owed"]) == (amount, owed), order
    assert order["enforcement"]["tx"] == last_tx_id(world)


@then(parsers.parse('the certificate records "{name}", {iid}, serials {ranges}, {amount:d} t, purpose {purpose}'))
def _certificate(world: World, name: str, iid: str, ranges: str, amount: int, purpose: str) -> None:
    record = get_certificate(world)
    instrument = world.chain.state.get(keys.instrument(iid))
    expected = {"tx": last_tx_id(world), "account": world.id(name), "instrument": iid, "project": instrument.get("project"),
                "ranges": serials.to_json(serial_ranges(ranges)), "amount": amount, "purpose": purpose}
    assert {key: record[key] for key in expected} == expected, record
    assert (record["height"], record["time"]) == (world.chain.tip.height, world.chain.tip.time)


@then(parsers.parse('the certificate names beneficiary "{beneficiary}" and reason "{reason}"'))
def _certificate_beneficiary(world: World, beneficiary: str, reason: str) -> None:
    record = get_certificate(world)
    assert (record["beneficiary"], record["reason"]) == (beneficiary, reason), record


@then(parsers.parse('the certificate names the owner "{owner}" as beneficiary and the order in its reason'))
def _certificate_owner(world: World, owner: str) -> None:
    record = get_certificate(world)
    order = world.chain.state.get(keys.fraud_order(record["project"]))
    assert record["beneficiary"] == world.chain.state.get(keys.participant(world.id(owner)))["name"]
    assert order["ref"] in record["reason"] and FRAUD_REASON in record["reason"], record


@then(parsers.parse('the certificate lists the parts {parts}'))
def _certificate_parts(world: World, parts: str) -> None:
    listed = [(part["instrument"], part["amount"]) for part in get_certificate(world)["parts"]]
    assert listed == [(item.split(" ")[1], int(item.split(" ")[0])) for item in parts.split(", ")], listed


@then(parsers.parse('no certificate is written'))
def _no_certificate(world: World) -> None:
    assert world.chain.state.get(keys.certificate(last_tx_id(world))) is None and not world.events("certificate")


@then(parsers.parse('"{name}" holds {amount:d} t pending offset of {iid} for {cycle:d}'))
def _holds_pending(world: World, name: str, amount: int, iid: str, cycle: int) -> None:
    state, account = world.chain.state, world.id(name)
    record = state.get(keys.pending_offset(cycle, account)) or {}
    assert get_amount(state, account, iid, PENDING_OFFSET) == amount
    assert serials.count(serials.normalize(record.get(iid, ()))) == amount, record
