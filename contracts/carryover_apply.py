"""Carry-over application: an entity applies to carry old-vintage allowances into the target vintage.

The entity signs, after the snapshot time and by the application deadline, once. Only an entity
that complied on time in each required year may apply. It may carry at most its entitlement
T = base + ⌊multiplier × max(0, net sales of old vintages in the window)⌋, capped at its
old-vintage holdings at the snapshot, and at most what it holds available now. The applied
units are frozen, oldest vintage first and lowest serials first, until the registry executes
the carry-over. Source: S3 annex 5. Feature: tests/features/carryover_apply.feature.
"""
from __future__ import annotations

from typing import Any

from ledger import keys, serials
from ledger.chain import BlockContext
from ledger.constants import AVAILABLE, BP, FROZEN
from ledger.errors import AlreadyExists, DeadlinePassed, ExceedsEntitlement, InsufficientHolding, InvalidState, NotEligible
from ledger.holdings import apply_move, get_amount, get_holding, get_instrument
from ledger.state import State
from ledger.tx import Transaction

from . import fields
from .carryover_notice import get_notice, get_snapshot_total
from .compliance_status import compute_status
from .roles import check_signed_by
from .surrender import check_not_closed
from .transfer import flow_field


def check_shape(body: dict) -> None:
    """Account and a positive amount."""
    fields.check_keys(body, {"account", "amount"})
    fields.get_id(body, "account")
    fields.get_int(body, "amount", 1)


def compute_net_sales(state: State, account: str, notice: dict[str, Any]) -> int:
    """Old-vintage tonnes sold less bought by `account` in the window's years (may be negative)."""
    flow = state.get(keys.flow(account)) or {}
    return sum(sold - bought for year in notice["window_years"] for iid in notice["old_vintages"]
               for bought, sold in [flow.get(flow_field(year, iid), (0, 0))])


def compute_entitlement(net_sales: int, snapshot_total: int, base_t: int, multiplier_bp: int) -> int:
    """T = base + ⌊multiplier × max(0, net sales)⌋, capped at the old-vintage holdings at the snapshot."""
    return min(base_t + max(0, net_sales) * multiplier_bp // BP, snapshot_total)


def get_entitlement(state: State, account: str, notice: dict[str, Any]) -> int:
    """The carry-over entitlement T of `account`. Requires block time after the snapshot time."""
    return compute_entitlement(compute_net_sales(state, account, notice), get_snapshot_total(state, account, notice),
                               notice["base_t"], notice["sales_multiplier_bp"])


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Notice, signature, window, one application, eligibility, entitlement and holding."""
    body = tx.body
    notice = get_notice(state)
    # Verify the entity signed its own application and its account is open
    check_signed_by(state, tx, body["account"])
    check_not_closed(state, body["account"])
    check_window(notice, ctx)
    # Verify the entity has not applied before
    if state.get(keys.carryover_application(body["account"])) is not None:
        raise AlreadyExists(f"{body['account']} has already applied for carry-over")
    check_eligible(state, body["account"], notice)
    entitlement = get_entitlement(state, body["account"], notice)
    # Verify the amount is within the entitlement
    if body["amount"] > entitlement:
        raise ExceedsEntitlement(f"carry-over {body['amount']} t > entitlement {entitlement} t of {body['account']}")
    held = sum(get_amount(state, body["account"], iid) for iid in notice["old_vintages"])
    # Verify the entity holds that much of the old vintages, available
    if body["amount"] > held:
        raise InsufficientHolding(f"{body['account']} holds {held} t of old vintages available < carry-over {body['amount']} t")


def check_window(notice: dict[str, Any], ctx: BlockContext) -> None:
    """Raise InvalidState before the snapshot time, DeadlinePassed after the application deadline."""
    # Verify applications are open: the snapshot time has passed
    if ctx.time <= notice["snapshot_time"]:
        raise InvalidState(f"applications open after the snapshot at {fields.format_time(notice['snapshot_time'])}; "
                           f"block time is {fields.format_time(ctx.time)}")
    # Verify the application deadline has not passed
    if ctx.time > notice["application_deadline"]:
        raise DeadlinePassed(f"block time {fields.format_time(ctx.time)} is after the application deadline "
                             f"{fields.format_time(notice['application_deadline'])}")


def check_eligible(state: State, account: str, notice: dict[str, Any]) -> None:
    """Raise NotEligible unless `account` complied on time in every required year."""
    for year in notice["required_on_time_years"]:
        status = compute_status(state, year, account)
        # Verify the entity complied on time that year
        if not status["on_time"]:
            raise NotEligible(f"{account} did not comply on time for {year}: status {status['status']}, "
                              f"handed in by the deadline {status['surrendered'] + status['offset']} t, "
                              f"verified {status['verified']} t")


def select_oldest(state: State, account: str, notice: dict[str, Any], amount: int) -> list[tuple[str, serials.Ranges]]:
    """(instrument, ranges) totalling `amount`: oldest vintage first, lowest serials first. Requires enough held."""
    ordered = sorted(notice["old_vintages"], key=lambda iid: (get_instrument(state, iid)["vintage"], iid))
    parts, need = [], amount
    for iid in ordered:
        held = get_holding(state, account, iid).get(AVAILABLE, ())
        taken = serials.take_lowest(held, min(need, serials.count(held)))[0]
        if taken:
            parts.append((iid, taken))
            need -= serials.count(taken)
    return parts


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Freeze the units and record the application."""
    body = tx.body
    notice = get_notice(state)
    entitlement = get_entitlement(state, body["account"], notice)
    parts = select_oldest(state, body["account"], notice, body["amount"])
    for iid, ranges in parts:
        apply_move(state, iid, body["account"], body["account"], ranges, "carryover_application", dst_sub=FROZEN)
    state.put(keys.carryover_application(body["account"]), {
        "account": body["account"], "amount": body["amount"], "entitlement": entitlement,
        "parts": tuple({"instrument": iid, "ranges": ranges} for iid, ranges in parts),
        "applied_at": ctx.height, "executed": False, "executed_at": None,
    })
