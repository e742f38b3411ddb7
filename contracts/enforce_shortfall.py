"""Enforce shortfall: after the deadline the province records an entity's unpaid shortfall, fine and correction period.

The entity's provincial authority signs with its decision's reference, once per entity and
year. The shortfall is verified emissions less everything handed in (never negative); the
fine is shortfall × the exchange's published average price (publish_price, fen per tonne) of the
month the order names (the month of the deadline or the one before it: "the month before the
deadline") × a multiple from 5 to 10. The order sets a correction deadline (责令限期改正) after
its block time, until which the entity may still surrender against the shortfall
(contracts/correction.py). The shortfall is added to next year's `deduction`, which the next
allocation cuts; a correction cancels it for the corrected tonnes. Source: S1 Art.24.
Feature: tests/features/enforce_shortfall.feature.
"""
from __future__ import annotations

from typing import Any

from ledger.chain import BlockContext
from ledger.constants import FINE_MULTIPLE_MAX, FINE_MULTIPLE_MIN, MAX_SAFE_INTEGER
from ledger.errors import AlreadyExists, DeadlineNotPassed, InvalidField
from ledger.account_errors import WrongPriceMonth
from ledger.state import State
from ledger.tx import Transaction

from . import fields
from .compliance_status import compute_outstanding
from .orders import SHORTFALL, apply_order, check_new_order
from .publish_price import get_month, get_price, month_of, shift_month
from .records import get_cycle, get_obligation, require_verified, update_obligation
from .roles import PROVINCE, check_signed_by_role, get_participant

REQUIRED = {"account", "year", "price_instrument", "price_month", "multiple", "order_ref", "correction_deadline"}


def check_shape(body: dict[str, Any]) -> None:
    """Account, year, the price's instrument and month, a multiple from 5 to 10, the order reference, a deadline."""
    fields.check_keys(body, REQUIRED)
    fields.get_id(body, "account")
    fields.get_year(body)
    fields.get_instrument_id(body, "price_instrument")
    get_month(body, "price_month")
    fields.get_int(body, "multiple", FINE_MULTIPLE_MIN, FINE_MULTIPLE_MAX)
    fields.get_str(body, "order_ref", 64)
    fields.get_time(body, "correction_deadline")


def compute_fine(shortfall: int, avg_price_fen: int, multiple: int) -> int:
    """The fine in fen: shortfall (t) × average price (fen/t) × multiple."""
    return shortfall * avg_price_fen * multiple


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Province signature, deadline passed, verified emissions, not enforced before, a new order, its terms."""
    body = tx.body
    entity = get_participant(state, body["account"])
    # Verify the entity's own provincial authority signed
    province = check_signed_by_role(state, tx, PROVINCE, entity["province"])
    deadline = get_cycle(state, body["year"])["deadline"]
    # Verify the deadline has passed
    if ctx.time <= deadline:
        raise DeadlineNotPassed(f"block time {fields.format_time(ctx.time)} is not after the {body['year']} deadline "
                                f"{fields.format_time(deadline)}")
    record = require_verified(state, body["year"], body["account"])
    # Verify the shortfall of this entity and year was not enforced before
    if record["shortfall"] is not None:
        raise AlreadyExists(f"the {body['year']} shortfall of {body['account']} was already enforced: {record['shortfall']} t")
    check_new_order(state, province, SHORTFALL, body["order_ref"])
    check_order_terms(state, body, compute_outstanding(record), deadline, ctx)


def check_order_terms(state: State, body: dict[str, Any], shortfall: int, deadline: int, ctx: BlockContext) -> None:
    """Raise unless the price month is allowed and published, the correction deadline ahead, the fine exact."""
    check_price_month(body["price_month"], deadline)
    price = get_price(state, body["price_instrument"], body["price_month"])["avg_price_fen"]
    # Verify the correction deadline lies after the block time
    correction = fields.get_time(body, "correction_deadline")
    if correction <= ctx.time:
        raise InvalidField(f"correction_deadline {fields.format_time(correction)} is not after block time "
                           f"{fields.format_time(ctx.time)}")
    fine = compute_fine(shortfall, price, body["multiple"])
    # Verify the fine is an exact JSON integer
    if fine > MAX_SAFE_INTEGER:
        raise InvalidField(f"fine {fine} fen exceeds the largest exact integer {MAX_SAFE_INTEGER}: "
                           f"check the price of {body['price_instrument']} in {body['price_month']}")


def check_price_month(month: str, deadline: int) -> None:
    """Raise WrongPriceMonth unless `month` is the deadline's month or the one before it (China time)."""
    allowed = (shift_month(month_of(deadline), -1), month_of(deadline))
    # Verify the price month is the month before the deadline
    if month not in allowed:
        raise WrongPriceMonth(f"price_month {month} is not the month before the deadline "
                              f"{fields.format_time(deadline)}: give {allowed[0]} or {allowed[1]}")


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Record shortfall, fine and correction deadline, add the shortfall to next year's deduction, record the order."""
    body = tx.body
    year, account = body["year"], body["account"]
    record = require_verified(state, year, account)
    shortfall = compute_outstanding(record)
    price = get_price(state, body["price_instrument"], body["price_month"])["avg_price_fen"]
    fine = compute_fine(shortfall, price, body["multiple"])
    correction = fields.get_time(body, "correction_deadline")
    update_obligation(state, year, account, shortfall=shortfall, fine_fen=fine, correction_deadline=correction)
    if shortfall:
        following = get_obligation(state, year + 1, account, record["province"])
        update_obligation(state, year + 1, account, record["province"], deduction=following["deduction"] + shortfall)
    province = check_signed_by_role(state, tx, PROVINCE, record["province"])
    apply_order(state, province, SHORTFALL, body["order_ref"], "shortfall", tx, ctx, account=account, year=year)
    state.emit({"op": "shortfall", "account": account, "year": year, "shortfall": shortfall, "fine_fen": fine,
                "avg_price_fen": price, "price_instrument": body["price_instrument"], "price_month": body["price_month"],
                "multiple": body["multiple"], "order_ref": body["order_ref"], "deduction_year": year + 1,
                "correction_deadline": correction})
