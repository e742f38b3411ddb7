"""Steps the CCER offset features share (freeze_offset, surrender, offset_release, status_fixing): a module imports
them with `from offset_steps import *`, so that they stay out of conftest.py, which every feature of the folder sees.

Projects and units are written directly (scenario.project_direct, ccer_direct): the offset does not depend on the
project lifecycle. A project's instrument of vintage 2024 is CCER-<project>-2024."""
from __future__ import annotations

from pytest_bdd import given, parsers, then, when

from contracts.ccer import ccer_instrument_id, get_participant_name
from contracts.compliance_status import compute_status
from ledger import keys
from ledger.constants import PENDING_OFFSET
from ledger.holdings import get_amount
from scenario import World, ccer_direct, ms, project_direct, units_body

FREEZE = (r'"(?P<name>[^"]+)" (?:freezes|froze) (?:(?P<amount>\d+) t|serials (?P<ranges>[\d,-]+)) of (?P<iid>\S+) '
          r'to offset (?P<year>\d+)(?:, signed by "(?P<signer>[^"]+)")?(?: at "(?P<time>[^"]+)")?')


@given(parsers.re(r'project "(?P<pid>[^"]+)" registered on "(?P<day>[^"]+)"(?: with facility "(?P<facility>[^"]+)")?'))
def _project(world: World, pid: str, day: str, facility: str | None) -> None:
    changes = {"facility": world.id(facility)} if facility else {}
    project_direct(world.chain, pid, "OWNER-1", "VVB-1", registered=f"{day}T10:00:00+08:00", **changes)


@given(parsers.parse('project "{pid}" that was never registered ({status})'))
def _unregistered(world: World, pid: str, status: str) -> None:
    project_direct(world.chain, pid, "OWNER-1", "VVB-1", status=status, registered_time=None)


@given(parsers.parse('"{name}" holds {amount:d} t of {iid:S} of project "{pid}"'))
def _holds_ccer(world: World, name: str, amount: int, iid: str, pid: str) -> None:
    assert iid == ccer_instrument_id(pid, int(iid[-4:])), iid
    ccer_direct(world.chain, pid, int(iid[-4:]), world.id(name), amount)


@given(parsers.re(r'the external claim "(?P<kind>[^"]+)" on facility "(?P<facility>[^"]+)"'))
def _claim(world: World, kind: str, facility: str) -> None:
    world.chain.state.put(keys.project_claim("facility", facility), {"elsewhere": kind, "by": "REGISTRY", "tx": "00" * 32})


@given(parsers.parse('the cycle {year:d} has offset_cap_bp {bp:d}'))
def _cap(world: World, year: int, bp: int) -> None:
    world.chain.state.put(keys.cycle(year), {**world.chain.state.get(keys.cycle(year)), "offset_cap_bp": bp})


@given(parsers.parse('the cycle {year:d} takes CCER registered after "{day}"'))
def _registered_after(world: World, year: int, day: str) -> None:
    world.chain.state.put(keys.cycle(year), {**world.chain.state.get(keys.cycle(year)), "ccer_registered_after": day})


@given(parsers.parse('the registry\'s fraud order on project "{pid}" is open'))
def _fraud(world: World, pid: str) -> None:
    world.chain.state.put(keys.fraud_order(pid), {"ref": "FR-1", "amount": 100, "due": 0, "reason": "test",
                                                  "cancelled": 0, "status": "open", "tx": "00" * 32, "height": 0})


def run_freeze(world: World, name: str, amount: str | None, ranges: str | None, iid: str, year: str,
               signer: str | None, time: str | None) -> None:
    """Run freeze_offset of `name`'s units for `year`, signed by `signer` (or the entity)."""
    body = {"account": world.id(name), "year": int(year), "instrument": iid, **units_body(amount, ranges)}
    world.run("freeze_offset", body, signer or name, time=ms(time) if time else None)


@when(parsers.re(FREEZE))
def _freeze(world: World, name: str, amount: str | None, ranges: str | None, iid: str, year: str, signer: str | None,
            time: str | None) -> None:
    run_freeze(world, name, amount, ranges, iid, year, signer, time)


@given(parsers.re(FREEZE))
def _froze(world: World, name: str, amount: str | None, ranges: str | None, iid: str, year: str, signer: str | None,
           time: str | None) -> None:
    run_freeze(world, name, amount, ranges, iid, year, signer, time)
    world.check_result("ok")


@then(parsers.parse('"{name}" holds {available:d} t available and {pending:d} t pending offset of {iid}'))
def _holds_pending(world: World, name: str, available: int, pending: int, iid: str) -> None:
    state, account = world.chain.state, world.id(name)
    assert (get_amount(state, account, iid), get_amount(state, account, iid, PENDING_OFFSET)) == (available, pending)


@then(parsers.parse('the {year:d} pending offset record of "{name}" lists {text}'))
def _pending_record(world: World, year: int, name: str, text: str) -> None:
    record = world.chain.state.get(keys.pending_offset(year, world.id(name)))
    listed = "nothing" if record is None else ", ".join(
        f"{iid} {','.join(f'{a}-{b}' for a, b in ranges)}" for iid, ranges in record.items())
    assert listed == text, record


@then(parsers.parse('"{name}" has surrendered {cea:d} t and offset {ccer:d} t for {year:d}'))
def _cea_and_ccer(world: World, name: str, cea: int, ccer: int, year: int) -> None:
    record = world.chain.state.get(keys.obligation(year, world.id(name)))
    assert (record["surrendered"], record["offset"]) == (cea, ccer), record


@then(parsers.parse('the certificate of the transaction reads {amount:d} t of {iid} for "{purpose}" on behalf of "{name}"'))
def _certificate(world: World, amount: int, iid: str, purpose: str, name: str) -> None:
    [event] = world.events("certificate")
    record = world.chain.state.get(keys.certificate(event["tx"]))
    beneficiary = get_participant_name(world.chain.state, world.id(name))
    assert (record["amount"], record["instrument"], record["purpose"], record["beneficiary"], record["account"]) == (
        amount, iid, purpose, beneficiary, world.id(name)), record


@then(parsers.parse('the {year:d} status of "{name}" is "{code}" with surrendered {cea:d} t and offset {ccer:d} t'))
def _status_apart(world: World, year: int, name: str, code: str, cea: int, ccer: int) -> None:
    status = compute_status(world.chain.state, year, world.id(name))
    assert (status["status"], status["surrendered"], status["offset"]) == (code, cea, ccer), status
