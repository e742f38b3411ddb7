"""Allocate: issue a key emitting entity's free allowances of one year, in two steps.

The pre-allocation (预分配) issues the entity's verified emissions of the previous year, as
recorded on the ledger, × the cycle's ratio for its sector (70 % for 2023–2024), once per entity
and year and only before the true-up. The true-up (核定) needs the year's verified emissions: it
brings the allocation to the final amount (the province's figure rounded down, or the verified
emissions where the cycle's sector rule says so — the body then omits `final_allocation`), raised
to the shortfall floor (80 % of verified emissions), issuing the difference or taking it back to
WITHDRAWN; `apply_floor` keeps the floor after a later upward correction. Last year's unpaid
shortfall (`deduction`) is cut from the allocation. The entity's province and the registry both
sign (maker–checker). For an entity under forced compliance — designated, or by rule after not
covering last year on time — the units go to the province's account, earmarked for it.
Sources: S3 §五 (一)–(四); S1 Art.24. Records: contracts/records.py (adds `pre_allocated_at`,
`trued_up_at` (heights), `pre_allocation_basis`, `final_allocation` (t, before the floor),
`allocation_instrument`, `allocation_holder`). Feature: tests/features/allocate.feature.
"""
from __future__ import annotations

import re
from typing import Any

from ledger import keys
from ledger.chain import BlockContext
from ledger.constants import AVAILABLE, BP, EARMARKED, WITHDRAWN_ACCOUNT
from ledger.errors import (AlreadyPreAllocated, AlreadyTruedUp, EmissionsNotRecorded, InsufficientHolding, InvalidField,
                           NotEligible, VintageNotEligible)
from ledger.holdings import apply_issue, apply_move, get_amount, get_instrument, select
from ledger.state import State
from ledger.tx import Transaction

from . import fields
from .compliance_status import compute_province_balance
from .designate_forced_compliance import apply_automatic, compute_automatic_reason
from .records import get_cycle, get_obligation, update_obligation
from .roles import (PROVINCE, REGISTRY, check_can_receive, check_entity_signed_by_province, check_signed_by_role,
                    check_signed_by_roles, get_participant)
from .set_compliance_cycle import FINAL_VERIFIED, get_sector_rule

PRE, TRUE_UP = "pre", "true_up"
DECIMAL_TONNES = re.compile(r"(0|[1-9][0-9]{0,14})(\.[0-9]{1,6})?")  # matched whole: "100\n" is no amount


def check_shape(body: dict[str, Any]) -> None:
    """Account, year, kind and instrument; a true-up's final allocation, if given, in decimal tonnes."""
    fields.check_keys(body, {"account", "year", "kind", "instrument"}, {"final_allocation", "basis_t"})
    fields.get_id(body, "account")
    fields.get_year(body, "year")
    fields.get_instrument_id(body)
    # Verify the kind is pre or true_up
    if body["kind"] not in (PRE, TRUE_UP):
        raise InvalidField(f"kind must be pre or true_up, got {body['kind']!r}")
    # Verify no basis is given: the ledger holds it
    if "basis_t" in body:
        raise InvalidField("basis_t is not given: the pre-allocation basis is the entity's verified emissions of the "
                           "previous year as recorded on the ledger")
    # Verify only a true-up names a final allocation, in decimal tonnes
    if "final_allocation" in body:
        if body["kind"] == PRE:
            raise InvalidField("a pre allocation gives no final_allocation")
        parse_tonnes(body["final_allocation"])


def parse_tonnes(value: Any) -> int:
    """A decimal string of tonnes with up to 6 decimals, rounded down to whole tonnes."""
    match = DECIMAL_TONNES.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise InvalidField(f"final_allocation must be a decimal string of tonnes like \"123456.789\", got {value!r}")
    return int(match.group(1))


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Signatures, cycle, vintage, receiving account, and the rule of the kind."""
    body = tx.body
    entity, province = check_entity_signed_by_province(state, tx, body["account"])
    # Verify the registry signed too, another institution than the province (maker–checker)
    check_signed_by_roles(state, tx, (PROVINCE, entity["province"]), REGISTRY)
    cycle = get_cycle(state, body["year"])
    check_instrument(state, body["instrument"], body["year"])
    obligation = get_obligation(state, body["year"], body["account"], entity["province"])
    forced = obligation["forced"] or compute_automatic_reason(state, body["year"], body["account"], ctx.time)
    # Verify the account that receives the units is not closed
    check_can_receive(state, province if forced else body["account"])
    rule = get_sector_rule(cycle, entity.get("sector"))
    if body["kind"] == PRE:
        check_pre(state, body, obligation, rule, entity.get("sector"))
    else:
        check_true_up(state, body, obligation, cycle, province, entity.get("sector"))


def check_instrument(state: State, iid: str, year: int) -> None:
    """Raise NotFound or VintageNotEligible unless `iid` is the CEA vintage of `year`."""
    instrument = get_instrument(state, iid)
    # Verify the instrument is the allocation year's own vintage
    if instrument["kind"] != "CEA" or instrument["vintage"] != year:
        raise VintageNotEligible(f"instrument {iid} has vintage {instrument['vintage']} ≠ allocation year {year}")


def check_pre(state: State, body: dict[str, Any], obligation: dict[str, Any], rule: dict[str, Any],
              sector: str | None) -> None:
    """One pre-allocation, before the true-up, for a sector that gets one, on a recorded basis."""
    # Verify at most one pre-allocation per entity and year
    if obligation.get("pre_allocated_at") is not None:
        raise AlreadyPreAllocated(f"{body['account']} was pre-allocated for {body['year']} "
                                  f"at height {obligation['pre_allocated_at']}")
    # Verify the year's true-up has not been made
    if obligation.get("trued_up_at") is not None:
        raise AlreadyTruedUp(f"{body['account']}'s {body['year']} allocation was trued up at height "
                             f"{obligation['trued_up_at']}: no pre-allocation after the true-up")
    # Verify the entity's sector gets a pre-allocation this year
    if rule["pre_allocation_bp"] == 0:
        raise NotEligible(f"sector {sector} gets no pre-allocation in {body['year']} (cycle rule pre_allocation_bp 0): "
                          "its allocation comes at the true-up")
    # Verify the basis, last year's verified emissions, is recorded
    get_basis(state, body["year"], body["account"])


def get_basis(state: State, year: int, account: str) -> int:
    """The pre-allocation basis: `account`'s verified emissions of `year` − 1; raise EmissionsNotRecorded."""
    previous = state.get(keys.obligation(year - 1, account))
    if previous is None or previous["verified"] is None:
        raise EmissionsNotRecorded(f"the {year} pre-allocation basis of {account}, its verified emissions of {year - 1}, "
                                   "is not recorded: the province records them first (record_emissions)")
    verified: int = previous["verified"]
    return verified


def check_true_up(state: State, body: dict[str, Any], obligation: dict[str, Any], cycle: dict[str, Any], province: str,
                  sector: str | None) -> None:
    """Verified emissions recorded, the final allocation as the sector's rule wants it, a take-back that finds its units."""
    # Verify the year's verified emissions are recorded
    if obligation["verified"] is None:
        raise EmissionsNotRecorded(f"the {body['year']} verified emissions of {body['account']} are not recorded: "
                                   "the true-up needs them (80 % floor)")
    final_t = get_final(body, get_sector_rule(cycle, sector), obligation, sector)
    delta = compute_true_up(final_t, cycle, obligation)[0]
    # Verify a take-back finds the units: the province's earmark for the entity, then the entity's own
    if delta < 0:
        parts = plan_take_back(state, obligation, province, body["instrument"], -delta)
        if sum(n for _, _, n in parts) < -delta:
            held = ", ".join(f"{n} t {sub} at {account}" for account, sub, n in parts) or "0 t"
            raise InsufficientHolding(f"{body['instrument']}: {held} < take-back {-delta} t")


def get_final(body: dict[str, Any], rule: dict[str, Any], obligation: dict[str, Any], sector: str | None) -> int:
    """The true-up's final allocation before the floor: verified emissions by the sector's rule, else the body's."""
    # Verify a sector whose final allocation is its verified emissions names none
    if rule["final"] == FINAL_VERIFIED:
        if "final_allocation" in body:
            raise InvalidField(f"final_allocation: the {body['year']} final allocation of sector {sector} is its verified "
                               f"emissions ({obligation['verified']} t) by the cycle's rule; omit final_allocation")
        verified: int = obligation["verified"]
        return verified
    # Verify any other sector names its final allocation
    if "final_allocation" not in body:
        raise InvalidField(f"a true-up of sector {sector} in {body['year']} names final_allocation (decimal tonnes)")
    return parse_tonnes(body["final_allocation"])


def plan_take_back(state: State, obligation: dict[str, Any], province: str, iid: str, amount: int) -> list[tuple[str, str, int]]:
    """Where up to `amount` t come back from: (account, sub-state, tonnes), the province's earmark for the entity first."""
    kept = min(get_amount(state, province, iid, EARMARKED), max(0, compute_province_balance(obligation)))
    own = get_amount(state, obligation["account"], iid)
    parts = [(province, EARMARKED, min(kept, amount)), (obligation["account"], AVAILABLE, min(own, amount - min(kept, amount)))]
    return [part for part in parts if part[2] > 0]


def compute_pre(basis_t: int, ratio_bp: int, obligation: dict[str, Any]) -> tuple[int, int]:
    """(tonnes to issue, deduction taken now): basis × ratio rounded down, less the unpaid deduction."""
    gross = basis_t * ratio_bp // BP
    taken = min(max(0, obligation["deduction"] - obligation["deduction_applied"]), gross)
    return gross - taken, taken


def compute_final(final_t: int, floor_bp: int, verified: int | None) -> int:
    """The final allocation raised to `floor_bp` of verified emissions (rounded down), if recorded."""
    if verified is None:
        return final_t
    return max(final_t, verified * floor_bp // BP)


def compute_true_up(final_t: int, cycle: dict[str, Any], obligation: dict[str, Any]) -> tuple[int, int, int]:
    """(delta to issue or take back, total deduction applied, final allocation after the floor)."""
    final = compute_final(final_t, cycle["shortfall_floor_bp"], obligation["verified"])
    applied = min(obligation["deduction"], final)
    return final - applied - obligation["allocated"], applied, final


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Designate the entity by rule if due, then issue or take back the units and update the obligation record."""
    body = tx.body
    entity = get_participant(state, body["account"])
    province = check_signed_by_role(state, tx, PROVINCE, entity["province"])
    obligation = get_obligation(state, body["year"], body["account"], entity["province"])
    reason = None if obligation["forced"] else compute_automatic_reason(state, body["year"], body["account"], ctx.time)
    if reason:
        obligation = apply_automatic(state, obligation, reason, ctx.height)
    holder = province if obligation["forced"] else body["account"]
    rule = get_sector_rule(get_cycle(state, body["year"]), entity.get("sector"))
    if body["kind"] == PRE:
        apply_pre(state, body, obligation, holder, rule, ctx.height)
    else:
        apply_true_up(state, body, obligation, (holder, province), rule, ctx.height)


def issue_allocation(state: State, iid: str, holder: str, account: str, amount: int, reason: str) -> None:
    """Issue `amount` t of `iid` to `holder`: earmarked for `account` when the holder is its province."""
    apply_issue(state, iid, holder, amount, reason, AVAILABLE if holder == account else EARMARKED)


def apply_pre(state: State, body: dict[str, Any], obligation: dict[str, Any], holder: str, rule: dict[str, Any],
              height: int) -> None:
    """Issue the pre-allocation to `holder`."""
    basis = get_basis(state, body["year"], body["account"])
    amount, taken = compute_pre(basis, rule["pre_allocation_bp"], obligation)
    if amount:
        issue_allocation(state, body["instrument"], holder, body["account"], amount, "pre_allocation")
    emit_allocation(state, PRE, obligation, body["instrument"], holder, amount, basis=basis, deduction_applied=taken)
    update_obligation(state, body["year"], body["account"], obligation["province"], pre_allocated=amount,
                      pre_allocated_at=height, pre_allocation_basis=basis, allocated=obligation["allocated"] + amount,
                      deduction_applied=obligation["deduction_applied"] + taken,
                      to_province=obligation["to_province"] + (amount if holder != body["account"] else 0),
                      allocation_instrument=body["instrument"], allocation_holder=holder)


def apply_true_up(state: State, body: dict[str, Any], obligation: dict[str, Any], accounts: tuple[str, str],
                  rule: dict[str, Any], height: int) -> None:
    """Issue the positive difference to the holder, or take the negative one back (earmark first) to WITHDRAWN."""
    (holder, province), iid = accounts, body["instrument"]
    final_t = get_final(body, rule, obligation, None)
    delta, applied, final = compute_true_up(final_t, get_cycle(state, body["year"]), obligation)
    to_province = obligation["to_province"] + (delta if delta > 0 and holder != body["account"] else 0)
    if delta > 0:
        issue_allocation(state, iid, holder, body["account"], delta, "true_up")
    for account, sub, amount in plan_take_back(state, obligation, province, iid, -delta) if delta < 0 else ():
        apply_move(state, iid, account, WITHDRAWN_ACCOUNT, select(state, account, iid, amount, None, sub),
                   "true_up_withdrawal", src_sub=sub, account=body["account"], year=body["year"])
        to_province -= amount if sub == EARMARKED else 0
    emit_allocation(state, TRUE_UP, obligation, iid, holder, delta, deduction_applied=applied, final=final)
    update_obligation(state, body["year"], body["account"], obligation["province"], allocated=obligation["allocated"] + delta,
                      deduction_applied=applied, to_province=to_province, final_allocation=final_t, trued_up_at=height,
                      allocation_instrument=iid, allocation_holder=holder)


def apply_floor(state: State, year: int, account: str) -> int:
    """After a correction of a trued-up entity's verified emissions, issue the top-up the true-up rule and the floor
    still need; return the tonnes issued (0 before the true-up, or when nothing is missing; never a take-back)."""
    record = state.get(keys.obligation(year, account))
    if record is None or record.get("trued_up_at") is None or record["verified"] is None:
        return 0
    cycle = get_cycle(state, year)
    rule = get_sector_rule(cycle, get_participant(state, account).get("sector"))
    final_t = record["verified"] if rule["final"] == FINAL_VERIFIED else record["final_allocation"]
    delta, applied, final = compute_true_up(final_t, cycle, record)
    if delta <= 0:
        return 0
    holder, iid = record["allocation_holder"], record["allocation_instrument"]
    issue_allocation(state, iid, holder, account, delta, "floor_top_up")
    emit_allocation(state, "floor", record, iid, holder, delta, deduction_applied=applied, final=final)
    update_obligation(state, year, account, record["province"], allocated=record["allocated"] + delta,
                      deduction_applied=applied,
                      to_province=record["to_province"] + (delta if holder != account else 0))
    return delta


def emit_allocation(state: State, kind: str, obligation: dict[str, Any], iid: str, holder: str, amount: int,
                    **details: Any) -> None:
    """A summary event of a non-zero allocation: whose, which year, to which account, how many tonnes."""
    if amount:
        state.emit({"op": "allocate", "kind": kind, "account": obligation["account"], "year": obligation["year"],
                    "instrument": iid, "holder": holder, "amount": amount, **details})
