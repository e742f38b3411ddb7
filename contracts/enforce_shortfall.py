"""Enforce shortfall: after the deadline the province records an entity's unpaid shortfall and fine.

The entity's provincial authority signs with its decision's reference, once per entity and
year. The shortfall is verified emissions less everything handed in (never negative); the
fine is shortfall × the average price of the month before the deadline (fen per tonne) ×
a multiple from 5 to 10. The shortfall is added to next year's `deduction`, which the next
allocation cuts. Source: S1 Art.24. Feature: tests/features/enforce_shortfall.feature.
"""
from __future__ import annotations

from ledger.chain import BlockContext
from ledger.constants import FINE_MULTIPLE_MAX, FINE_MULTIPLE_MIN, MAX_SAFE_INTEGER
from ledger.errors import AlreadyExists, DeadlineNotPassed, InvalidField
from ledger.state import State
from ledger.tx import Transaction

from . import fields
from .compliance_status import compute_outstanding
from .orders import SHORTFALL, apply_order, check_new_order
from .records import get_cycle, get_obligation, update_obligation
from .roles import PROVINCE, check_signed_by_role, get_participant
from .surrender import require_verified

REQUIRED = {"account", "year", "avg_price_fen", "multiple", "order_ref"}


def check_shape(body: dict) -> None:
    """Account, year, a positive average price, a multiple from 5 to 10, the order reference."""
    fields.check_keys(body, REQUIRED)
    fields.get_id(body, "account")
    fields.get_year(body)
    fields.get_int(body, "avg_price_fen", 1)
    fields.get_int(body, "multiple", FINE_MULTIPLE_MIN, FINE_MULTIPLE_MAX)
    fields.get_str(body, "order_ref", 64)


def compute_fine(shortfall: int, avg_price_fen: int, multiple: int) -> int:
    """The fine in fen: shortfall (t) × average price (fen/t) × multiple."""
    return shortfall * avg_price_fen * multiple


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Province signature, deadline passed, verified emissions, not enforced before, a new order."""
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
    fine = compute_fine(compute_outstanding(record), body["avg_price_fen"], body["multiple"])
    # Verify the fine is an exact JSON integer
    if fine > MAX_SAFE_INTEGER:
        raise InvalidField(f"fine {fine} fen exceeds the largest exact integer {MAX_SAFE_INTEGER}: check avg_price_fen")


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Record shortfall and fine, add the shortfall to next year's deduction, record the order, emit."""
    body = tx.body
    year, account = body["year"], body["account"]
    record = require_verified(state, year, account)
    shortfall = compute_outstanding(record)
    fine = compute_fine(shortfall, body["avg_price_fen"], body["multiple"])
    update_obligation(state, year, account, shortfall=shortfall, fine_fen=fine)
    if shortfall:
        following = get_obligation(state, year + 1, account, record["province"])
        update_obligation(state, year + 1, account, record["province"], deduction=following["deduction"] + shortfall)
    province = check_signed_by_role(state, tx, PROVINCE, record["province"])
    apply_order(state, province, SHORTFALL, body["order_ref"], "shortfall", tx, ctx, account=account, year=year)
    state.emit({"op": "shortfall", "account": account, "year": year, "shortfall": shortfall, "fine_fen": fine,
                "avg_price_fen": body["avg_price_fen"], "multiple": body["multiple"], "order_ref": body["order_ref"],
                "deduction_year": year + 1})
