"""Enforce fraud cancellation: after the due time the registry force-cancels what the owner still owes.

The registry signs, after the order's due time (deadline_not_passed before it, at it included), while the
order is open (fraud_order_closed once the owner fulfilled it). It cancels the tonnes still owed from the
owner's available CCER: the ordered project's instruments first, then its other CCER, by instrument id,
lowest serials first; frozen and pending units are not taken. One certificate with purpose fraud_remedy
records it (its `parts` list each instrument when there are several). When the owner holds less than it
owes, what it holds is cancelled and the rest stays on the order as `enforcement.owed`. The order becomes
enforced and the project's units move again. Source: S8 Art.43.
Feature: tests/features/enforce_fraud_cancellation.feature.
"""
from __future__ import annotations

from typing import Any

from ledger import keys, serials
from ledger.chain import BlockContext
from ledger.constants import AVAILABLE, CANCELLED_ACCOUNT
from ledger.errors import DeadlineNotPassed
from ledger.holdings import apply_move, iter_holdings
from ledger.serials import Ranges
from ledger.state import State
from ledger.tx import Transaction

from . import fields
from .ccer import CCER, apply_certificate_parts, get_participant_name
from .fraud import ENFORCED, FRAUD_REMEDY, check_open_order, compute_owed, format_due
from .roles import REGISTRY, check_signed_by_role

REQUIRED = {"project"}


def check_shape(body: dict[str, Any]) -> None:
    """The project whose order is enforced."""
    fields.check_keys(body, REQUIRED)
    fields.get_project_id(body)


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Registry signature, an open order, its due time passed."""
    # Verify the registry enforces it
    check_signed_by_role(state, tx, REGISTRY)
    order = check_open_order(state, tx.body["project"])
    # Verify the due time has passed
    if ctx.time <= order["due"]:
        raise DeadlineNotPassed(f"fraud order {order['ref']} is due {format_due(order)}: block time "
                                f"{fields.format_time(ctx.time)} is not after it, and the owner may still cancel "
                                f"{compute_owed(order)} t itself")


def get_ccer_available(state: State, account: str) -> list[tuple[str, str, Ranges]]:
    """(project, instrument, available ranges) of every CCER `account` holds available, in instrument order."""
    found = []
    for iid, holding in iter_holdings(state, account):
        instrument = state.get(keys.instrument(iid)) or {}
        if instrument.get("kind") == CCER and holding.get(AVAILABLE):
            found.append((instrument["project"], iid, holding[AVAILABLE]))
    return found


def compute_parts(state: State, account: str, project: str, owed: int) -> list[tuple[str, Ranges]]:
    """The (instrument, ranges) an enforcement takes: `project`'s instruments first, then other CCER, lowest first."""
    held = sorted(get_ccer_available(state, account), key=lambda item: (item[0] != project, item[1]))
    parts = []
    for _, iid, ranges in held:
        take = min(owed, serials.count(ranges))
        if take == 0:
            break
        parts.append((iid, serials.take_lowest(ranges, take)[0]))
        owed -= take
    return parts


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Cancel what is owed (or all the owner holds), write the certificate, close the order as enforced."""
    order = check_open_order(state, tx.body["project"])
    owed = compute_owed(order)
    parts = compute_parts(state, order["owner"], order["project"], owed)
    for iid, ranges in parts:
        apply_move(state, iid, order["owner"], CANCELLED_ACCOUNT, ranges, "fraud_cancellation", purpose=FRAUD_REMEDY,
                   order_ref=order["ref"])
    cancelled = sum(serials.count(ranges) for _, ranges in parts)
    if parts:
        apply_certificate_parts(state, tx, ctx, order["owner"], parts, FRAUD_REMEDY,
                                get_participant_name(state, order["owner"]), describe(order))
    enforcement = {"tx": tx.id_hex, "height": ctx.height, "time": ctx.time, "amount": cancelled, "owed": owed - cancelled}
    state.put(keys.fraud_order(order["project"]), {**order, "status": ENFORCED, "enforcement": enforcement})
    state.emit({"op": "fraud_order", "project": order["project"], "ref": order["ref"], "status": ENFORCED,
                "cancelled": order["cancelled"], "amount": order["amount"], "height": ctx.height, **enforcement})


def describe(order: dict[str, Any]) -> str:
    """The certificate's reason: the order it enforces (at most 512 characters)."""
    return f"enforcement of fraud order {order['ref']} (S8 Art.43): {order['reason']}"[:512]
