"""Order fraud cancellation: the registry orders a project's owner to cancel CCER for a fraud, and suspends its units.

When a project obtained CCER by fraud, the registry (on the MEE's finding) suspends the project's units
from moving and orders the owner to cancel an equal amount by a due time (S8 Art.43). The order is written
to `ccer/fraud/<project>` with status open; transfers and cancellations of the project's units are refused
(units_suspended) until the owner's fraud_remedy cancellations reach the amount (fulfilled) or the registry
enforces it after the due time (contracts/enforce_fraud_cancellation.py). One open order per project; each
reference is executed once. Source: S8 Art.43. Feature: tests/features/order_fraud_cancellation.feature.
"""
from __future__ import annotations

from typing import Any

from ledger import keys
from ledger.ccer_errors import ProjectNotRegistered
from ledger.chain import BlockContext
from ledger.errors import AlreadyExists, InvalidField
from ledger.state import State
from ledger.tx import Transaction

from . import fields
from .ccer import CANCELLED, REGISTERED, get_project
from .fraud import OPEN, ORDER_KIND, get_open_order
from .orders import apply_order, check_new_order
from .roles import REGISTRY, check_signed_by_role

REQUIRED = {"project", "ref", "amount", "due", "reason"}


def check_shape(body: dict[str, Any]) -> None:
    """Project, the order's reference, amount (t), due (RFC 3339) and reason."""
    fields.check_keys(body, REQUIRED)
    fields.get_project_id(body)
    fields.get_str(body, "ref", 64)
    fields.get_int(body, "amount", 1)
    fields.get_time(body, "due")
    fields.get_str(body, "reason", 512)


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Registry signature, a new reference, a project that was registered and has no open order, a due time ahead."""
    body = tx.body
    # Verify the registry orders it
    registry = check_signed_by_role(state, tx, REGISTRY)
    check_new_order(state, registry, ORDER_KIND, body["ref"])
    project = get_project(state, body["project"])
    # Verify the project was registered (its units exist)
    if project["status"] not in (REGISTERED, CANCELLED):
        raise ProjectNotRegistered(f"project {body['project']} is {project['status']}: only a registered project has units")
    order = get_open_order(state, body["project"])
    # Verify the project is under no open order
    if order is not None:
        raise AlreadyExists(f"project {body['project']} is already under fraud order {order['ref']} "
                            f"({order['cancelled']} t of {order['amount']} t cancelled)")
    due = fields.get_time(body, "due")
    # Verify the due time lies after the block time
    if due <= ctx.time:
        raise InvalidField(f"due {fields.format_time(due)} is not after block time {fields.format_time(ctx.time)}")


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Write the open order (a closed earlier one goes to `previous`), record the reference, emit the event."""
    body = tx.body
    project = get_project(state, body["project"])
    earlier = state.get(keys.fraud_order(body["project"]))
    previous = () if earlier is None else (*earlier.get("previous", ()), {k: v for k, v in earlier.items() if k != "previous"})
    order = {"project": body["project"], "owner": project["owner"], "ref": body["ref"], "amount": body["amount"],
             "due": fields.get_time(body, "due"), "reason": body["reason"], "cancelled": 0, "status": OPEN,
             "tx": tx.id_hex, "height": ctx.height, "time": ctx.time, "enforcement": None, "previous": previous}
    state.put(keys.fraud_order(body["project"]), order)
    registry = check_signed_by_role(state, tx, REGISTRY)
    apply_order(state, registry, ORDER_KIND, body["ref"], "fraud_cancellation", tx, ctx, project=body["project"])
    state.emit({"op": "fraud_order", **{k: v for k, v in order.items() if k != "previous"}})
