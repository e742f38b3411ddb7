"""Carry-over application: an entity applies to carry old-vintage allowances into the target vintage.

The entity signs, after the snapshot time and by the application deadline, as often as it likes
(applications are numbered 1, 2, … per entity). Only an entity that complied on time in each
required year may apply. Together its applications carry at most its entitlement
T = base + ⌊multiplier × max(0, net sales of old vintages in the window)⌋, capped at its old-vintage
holdings at the snapshot (frozen ones included), and each at most what it holds available now. The
entity chooses the vintages: `parts` names instrument and amount per old vintage; a plain `amount`
takes the oldest vintage first. The applied units are frozen, lowest serials first, until the
registry executes that application. Source: S3 annex 5. Feature: tests/features/carryover_apply.feature.
"""
from __future__ import annotations

from typing import Any

from ledger import keys, serials
from ledger.chain import BlockContext
from ledger.constants import AVAILABLE, BP, FROZEN
from ledger.errors import (DeadlinePassed, ExceedsEntitlement, InsufficientHolding, InvalidField, InvalidState,
                           NotEligible, VintageNotEligible)
from ledger.holdings import apply_move, get_amount, get_holding, get_instrument
from ledger.state import State
from ledger.tx import Transaction

from . import fields
from .carryover_notice import get_notice, get_snapshot_total
from .compliance_status import compute_status
from .roles import check_signed_by
from .surrender import check_not_closed
from .transfer import flow_field

MAX_PARTS = 16  # old vintages an application names: more than the seven vintages 2019–2025 ever issued


def check_shape(body: dict[str, Any]) -> None:
    """Account and exactly one of a positive amount or parts (distinct instruments, positive amounts)."""
    fields.check_keys(body, {"account"}, {"amount", "parts"})
    fields.get_id(body, "account")
    # Verify the application gives exactly one of amount and parts
    if ("amount" in body) == ("parts" in body):
        raise InvalidField("give exactly one of amount (tonnes, oldest vintage first) or parts ([{instrument, amount}])")
    if "amount" in body:
        fields.get_int(body, "amount", 1)
    else:
        check_parts_shape(body["parts"])


def check_parts_shape(parts: Any) -> None:
    """parts: a non-empty list of {instrument, amount}, each instrument once."""
    # Verify parts is a short non-empty list
    if not isinstance(parts, list) or not 1 <= len(parts) <= MAX_PARTS:
        raise InvalidField(f"parts must be a list of 1 to {MAX_PARTS} {{instrument, amount}} objects, got {parts!r}")
    for part in parts:
        if not isinstance(part, dict):
            raise InvalidField(f"each part must be an object {{instrument, amount}}, got {part!r}")
        fields.check_keys(part, {"instrument", "amount"})
        fields.get_instrument_id(part)
        fields.get_int(part, "amount", 1)
    named = [part["instrument"] for part in parts]
    # Verify each instrument is named once
    if len(set(named)) != len(named):
        raise InvalidField(f"parts name an instrument more than once: {', '.join(named)}")


def get_requested(body: dict[str, Any]) -> int:
    """The tonnes an application asks to carry over."""
    return body["amount"] if "amount" in body else sum(part["amount"] for part in body["parts"])


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


def get_applications(state: State, account: str) -> list[dict[str, Any]]:
    """Every carry-over application of `account`, in the order made."""
    return [record for _, record in state.scan(keys.carryover_application_prefix(account))]


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Notice, signature, window, eligibility, vintages, remaining entitlement and holding."""
    body, account = tx.body, tx.body["account"]
    notice = get_notice(state)
    # Verify the entity signed its own application and its account is open
    check_signed_by(state, tx, account)
    check_not_closed(state, account)
    check_window(notice, ctx)
    check_eligible(state, account, notice)
    for part in body.get("parts", ()):
        # Verify each vintage named is an old vintage of the notice
        if part["instrument"] not in notice["old_vintages"]:
            raise VintageNotEligible(f"{part['instrument']} is not an old vintage of the carry-over: "
                                     f"{', '.join(notice['old_vintages'])}")
    entitlement = get_entitlement(state, account, notice)
    applied = sum(record["amount"] for record in get_applications(state, account))
    # Verify the application stays within what remains of the entitlement
    if get_requested(body) > entitlement - applied:
        raise ExceedsEntitlement(f"carry-over {get_requested(body)} t > remaining entitlement {entitlement - applied} t "
                                 f"of {account} (entitlement {entitlement} t, applied before {applied} t)")
    check_held(state, account, notice, body)


def check_held(state: State, account: str, notice: dict[str, Any], body: dict[str, Any]) -> None:
    """Raise InsufficientHolding unless `account` holds each part (or the amount) of old vintages, available."""
    for part in body.get("parts", ()):
        held = get_amount(state, account, part["instrument"])
        # Verify the entity holds each part available
        if part["amount"] > held:
            raise InsufficientHolding(f"{account} holds {held} t of {part['instrument']} available "
                                      f"< carry-over {part['amount']} t")
    held = sum(get_amount(state, account, iid) for iid in notice["old_vintages"])
    # Verify the entity holds that much of the old vintages, available
    if get_requested(body) > held:
        raise InsufficientHolding(f"{account} holds {held} t of old vintages available < carry-over {get_requested(body)} t")


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


def select_lowest(state: State, account: str, iid: str, amount: int) -> serials.Ranges:
    """The lowest `amount` available serials of `iid` held by `account` (fewer if it holds fewer)."""
    held = get_holding(state, account, iid).get(AVAILABLE, ())
    return serials.take_lowest(held, min(amount, serials.count(held)))[0]


def select_parts(state: State, account: str, notice: dict[str, Any],
                 body: dict[str, Any]) -> list[tuple[str, serials.Ranges]]:
    """(instrument, ranges) the application freezes: each part's lowest serials, or oldest vintage first."""
    if "parts" in body:
        return [(part["instrument"], select_lowest(state, account, part["instrument"], part["amount"]))
                for part in body["parts"]]
    ordered = sorted(notice["old_vintages"], key=lambda iid: (get_instrument(state, iid)["vintage"], iid))
    parts, need = [], body["amount"]
    for iid in ordered:
        taken = select_lowest(state, account, iid, need)
        if taken:
            parts.append((iid, taken))
            need -= serials.count(taken)
    return parts


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Freeze the units and record the application under the entity's next application number."""
    body, account = tx.body, tx.body["account"]
    notice = get_notice(state)
    earlier, entitlement = get_applications(state, account), get_entitlement(state, account, notice)
    number = len(earlier) + 1
    parts = select_parts(state, account, notice, body)
    for iid, ranges in parts:
        apply_move(state, iid, account, account, ranges, "carryover_application", dst_sub=FROZEN, application=number)
    state.put(keys.carryover_application(account, number), {
        "account": account, "number": number, "amount": get_requested(body), "entitlement": entitlement,
        "applied_before": sum(record["amount"] for record in earlier),
        "parts": tuple({"instrument": iid, "ranges": ranges} for iid, ranges in parts),
        "applied_at": ctx.height, "executed": False, "executed_at": None,
    })
