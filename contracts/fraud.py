"""Fraud orders (S8 Art.43): the records and steps that order_fraud_cancellation, cancel and enforce_fraud_cancellation share.

The registry's order on a project (`ccer/fraud/<project>`, contracts/ccer.py) suspends the project's units
(ccer.check_units_movable) while it is open. The project owner remedies by cancelling CCER with purpose
fraud_remedy: the units of the ordered project, or its other CCER while that project is under no open order.
Each such cancellation adds to `cancelled`; once cancelled ≥ amount the order is fulfilled and the units move
again. After `due` the registry enforces the rest (contracts/enforce_fraud_cancellation.py).
Features: tests/features/order_fraud_cancellation.feature, cancel.feature, enforce_fraud_cancellation.feature.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ledger import keys
from ledger.ccer_errors import FraudOrderClosed, PurposeReserved
from ledger.chain import BlockContext
from ledger.errors import ExceedsObligation, NotFound
from ledger.state import State

from . import fields
from .ccer import CCER, check_units_movable

FRAUD_REMEDY = "fraud_remedy"
OPEN, FULFILLED, ENFORCED = "open", "fulfilled", "enforced"
ORDER_KIND = "ccer_fraud"  # the registry's fraud orders in order/<registry>/ccer_fraud/<ref> (contracts/orders.py)


def get_open_order(state: State, project: str) -> dict[str, Any] | None:
    """The project's fraud order while it is open, else None."""
    order = state.get(keys.fraud_order(project))
    return order if order is not None and order["status"] == OPEN else None


def check_open_order(state: State, project: str) -> dict[str, Any]:
    """The project's open fraud order; raise NotFound when there is none, FraudOrderClosed when it is closed."""
    order: dict[str, Any] | None = state.get(keys.fraud_order(project))
    # Verify the registry ordered a cancellation for the project
    if order is None:
        raise NotFound(f"project {project} has no fraud order")
    # Verify the order is still open
    if order["status"] != OPEN:
        raise FraudOrderClosed(f"the fraud order {order['ref']} on project {project} is {order['status']} "
                               f"({order['cancelled']} t of {order['amount']} t cancelled by the owner)")
    return order


def iter_open_orders(state: State) -> Iterator[dict[str, Any]]:
    """Every open fraud order, by project id."""
    for _, order in state.scan(keys.fraud_order_prefix()):
        if order["status"] == OPEN:
            yield order


def get_remedied_order(state: State, account: str, instrument: dict[str, Any]) -> dict[str, Any] | None:
    """The open order a fraud_remedy cancellation of `instrument` by `account` counts toward, else None.

    The order on the instrument's own project when `account` owns it; when that project is under no open order,
    the first open order (by project id) on a project `account` owns."""
    if instrument.get("kind") != CCER:
        return None
    order = get_open_order(state, instrument["project"])
    if order is not None:
        return order if order["owner"] == account else None
    return next((order for order in iter_open_orders(state) if order["owner"] == account), None)


def compute_owed(order: dict[str, Any]) -> int:
    """Tonnes the order still asks the owner to cancel."""
    amount: int = order["amount"]
    cancelled: int = order["cancelled"]
    return max(amount - cancelled, 0)


def check_cancellation_allowed(state: State, account: str, instrument: dict[str, Any], purpose: str, amount: int) -> None:
    """Raise unless `account` may cancel `amount` t of `instrument` for `purpose` while fraud orders stand."""
    if purpose != FRAUD_REMEDY:
        check_units_movable(state, instrument)
        return
    order = get_remedied_order(state, account, instrument)
    if order is None:
        check_units_movable(state, instrument)  # another holder's suspended units: units_suspended comes first
        # Verify a fraud_remedy cancellation answers an open fraud order on a project the holder owns
        raise PurposeReserved(f"purpose {FRAUD_REMEDY} is for the owner of a project under an open fraud order "
                                  f"(S8 Art.43), and {account} cancelling {instrument['id']} answers none: "
                                  f"choose another purpose")
    owed = compute_owed(order)
    # Verify the cancellation does not exceed what the order still asks for
    if amount > owed:
        raise ExceedsObligation(f"cancelling {amount} t exceeds the {owed} t that fraud order {order['ref']} on project "
                                f"{order['project']} still asks for ({order['cancelled']} t of {order['amount']} t done)")


def apply_remedy(state: State, order: dict[str, Any], amount: int, ctx: BlockContext, **details: Any) -> dict[str, Any]:
    """Count `amount` t cancelled toward `order`; it becomes fulfilled once cancelled ≥ amount. Return the new record."""
    cancelled = order["cancelled"] + amount
    status = FULFILLED if cancelled >= order["amount"] else OPEN
    new = {**order, "cancelled": cancelled, "status": status}
    state.put(keys.fraud_order(order["project"]), new)
    state.emit({"op": "fraud_order", "project": order["project"], "ref": order["ref"], "status": status,
                "cancelled": cancelled, "amount": order["amount"], "height": ctx.height, **details})
    return new


def format_due(order: dict[str, Any]) -> str:
    """The order's due time, RFC 3339 in China time (for messages)."""
    return fields.format_time(order["due"])
