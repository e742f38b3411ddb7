"""Allocate: issue a key emitting entity's free allowances of one year, in two steps.

The pre-allocation (预分配) issues `basis_t × pre_allocation_bp` (70 % of last year's verified
emissions for 2023–2024) once per entity and year; the true-up (核定) brings the year's
allocation to the final amount, rounded down to whole tonnes, raised to the shortfall floor
(80 % of verified emissions) when below it, issuing the difference or taking it back to
WITHDRAWN. Last year's unpaid shortfall (`deduction`) is cut from the allocation. The
entity's province and the registry both sign (maker–checker); for an entity designated for
forced compliance the units go to the province's account. Sources: S3 §五 (三)(四); S1 Art.24.
Records: contracts/records.py (adds `pre_allocated_at`, the height of the pre-allocation).
Feature: tests/features/allocate.feature.
"""
from __future__ import annotations

import re
from typing import Any

from ledger.chain import BlockContext
from ledger.constants import BP, WITHDRAWN_ACCOUNT
from ledger.errors import AlreadyExists, InsufficientHolding, InvalidField, VintageNotEligible
from ledger.holdings import apply_issue, apply_move, get_amount, get_instrument, select
from ledger.state import State
from ledger.tx import Transaction

from . import fields
from .records import get_cycle, get_obligation, update_obligation
from .roles import PROVINCE, REGISTRY, check_can_receive, check_entity_signed_by_province, check_signed_by_role, get_participant

PRE, TRUE_UP = "pre", "true_up"
AMOUNT_FIELD = {PRE: "basis_t", TRUE_UP: "final_allocation"}
DECIMAL_TONNES = re.compile(r"^(0|[1-9][0-9]{0,14})(\.[0-9]{1,6})?$")


def check_shape(body: dict) -> None:
    """Account, year, instrument, and the amount field that matches the kind."""
    fields.check_keys(body, {"account", "year", "kind", "instrument"}, {"basis_t", "final_allocation"})
    fields.get_id(body, "account")
    fields.get_year(body, "year")
    fields.get_instrument_id(body)
    # Verify the kind is pre or true_up and carries its own amount field only
    if body["kind"] not in AMOUNT_FIELD:
        raise InvalidField(f"kind must be pre or true_up, got {body['kind']!r}")
    wanted, other = AMOUNT_FIELD[body["kind"]], AMOUNT_FIELD[TRUE_UP if body["kind"] == PRE else PRE]
    if wanted not in body or other in body:
        raise InvalidField(f"a {body['kind']} allocation gives {wanted} and not {other}")
    if body["kind"] == PRE:
        fields.get_int(body, "basis_t")
    else:
        parse_tonnes(body["final_allocation"])


def parse_tonnes(value: Any) -> int:
    """A decimal string of tonnes with up to 6 decimals, rounded down to whole tonnes."""
    match = DECIMAL_TONNES.match(value) if isinstance(value, str) else None
    if match is None:
        raise InvalidField(f"final_allocation must be a decimal string of tonnes like \"123456.789\", got {value!r}")
    return int(match.group(1))


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Signatures, cycle, vintage, receiving account, and the rule of the kind."""
    body = tx.body
    entity, province = check_entity_signed_by_province(state, tx, body["account"])
    # Verify the registry signed too (maker–checker)
    check_signed_by_role(state, tx, REGISTRY)
    cycle = get_cycle(state, body["year"])
    check_instrument(state, body["instrument"], body["year"])
    obligation = get_obligation(state, body["year"], body["account"], entity["province"])
    holder = province if obligation["forced"] else body["account"]
    # Verify the account that receives the units is not closed
    check_can_receive(state, holder)
    # Verify at most one pre-allocation per entity and year
    if body["kind"] == PRE and obligation.get("pre_allocated_at") is not None:
        raise AlreadyExists(f"{body['account']} was pre-allocated for {body['year']} "
                            f"at height {obligation['pre_allocated_at']}")
    # Verify a take-back finds the units available
    if body["kind"] == TRUE_UP:
        delta = compute_true_up(parse_tonnes(body["final_allocation"]), cycle, obligation)[0]
        available = compute_available(state, holder, body["instrument"], obligation)
        if -delta > available:
            raise InsufficientHolding(f"{holder} has {available} t of {body['instrument']} available "
                                      f"< take-back {-delta} t")


def check_instrument(state: State, iid: str, year: int) -> None:
    """Raise NotFound or VintageNotEligible unless `iid` is the CEA vintage of `year`."""
    instrument = get_instrument(state, iid)
    # Verify the instrument is the allocation year's own vintage
    if instrument["kind"] != "CEA" or instrument["vintage"] != year:
        raise VintageNotEligible(f"instrument {iid} has vintage {instrument['vintage']} ≠ allocation year {year}")


def compute_available(state: State, holder: str, iid: str, obligation: dict[str, Any]) -> int:
    """Tonnes a take-back may withdraw from `holder`; from a province, only what it still holds for the entity."""
    available = get_amount(state, holder, iid)
    if holder == obligation["account"]:
        return available
    kept = (obligation["to_province"] - obligation.get("province_surrendered", 0)
            - obligation.get("province_released", 0))
    return min(available, kept)


def compute_pre(basis_t: int, cycle: dict[str, Any], obligation: dict[str, Any]) -> tuple[int, int]:
    """(tonnes to issue, deduction taken now): basis × ratio rounded down, less the unpaid deduction."""
    gross = basis_t * cycle["pre_allocation_bp"] // BP
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
    """Issue or take back the units and update the obligation record."""
    body = tx.body
    entity = get_participant(state, body["account"])
    province = check_signed_by_role(state, tx, PROVINCE, entity["province"])
    obligation = get_obligation(state, body["year"], body["account"], entity["province"])
    holder = province if obligation["forced"] else body["account"]
    if body["kind"] == PRE:
        apply_pre(state, body, obligation, holder, ctx.height)
    else:
        apply_true_up(state, body, obligation, holder)


def apply_pre(state: State, body: dict, obligation: dict[str, Any], holder: str, height: int) -> None:
    """Issue the pre-allocation to `holder`."""
    amount, taken = compute_pre(body["basis_t"], get_cycle(state, body["year"]), obligation)
    if amount:
        apply_issue(state, body["instrument"], holder, amount, "pre_allocation")
    emit_allocation(state, body, holder, amount, deduction_applied=taken)
    update_obligation(state, body["year"], body["account"], obligation["province"], pre_allocated=amount, pre_allocated_at=height,
                      allocated=obligation["allocated"] + amount,
                      deduction_applied=obligation["deduction_applied"] + taken,
                      to_province=obligation["to_province"] + (amount if holder != body["account"] else 0))


def apply_true_up(state: State, body: dict, obligation: dict[str, Any], holder: str) -> None:
    """Issue the positive difference to `holder`, or withdraw the negative one from its lowest serials."""
    final_t = parse_tonnes(body["final_allocation"])
    delta, applied, final = compute_true_up(final_t, get_cycle(state, body["year"]), obligation)
    if delta > 0:
        apply_issue(state, body["instrument"], holder, delta, "true_up")
    elif delta < 0:
        taken = select(state, holder, body["instrument"], -delta, None)
        apply_move(state, body["instrument"], holder, WITHDRAWN_ACCOUNT, taken, "true_up_withdrawal",
                   account=body["account"], year=body["year"])
    emit_allocation(state, body, holder, delta, deduction_applied=applied, final=final)
    update_obligation(state, body["year"], body["account"], obligation["province"],
                      allocated=obligation["allocated"] + delta,
                      deduction_applied=applied,
                      to_province=obligation["to_province"] + (delta if holder != body["account"] else 0))


def emit_allocation(state: State, body: dict, holder: str, amount: int, **details: Any) -> None:
    """A summary event of a non-zero allocation: whose, which year, to which account, how many tonnes."""
    if amount:
        state.emit({"op": "allocate", "kind": body["kind"], "account": body["account"], "year": body["year"],
                    "instrument": body["instrument"], "holder": holder, "amount": amount, **details})
