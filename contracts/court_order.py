"""Court order: the registry executes a recorded judicial order on an account.

Actions: `freeze` moves units from available to frozen in the same account (frozen units
cannot be transferred, surrendered or cancelled); `unfreeze` moves them back; `deduct` moves
units to the account `to`, frozen ones first, then available; `succession` (承继, on a merger
or split) moves every holding of every instrument, sub-state kept, to `to`, carries the source's
open compliance obligations to it (then it must be a key emitting entity: contracts/succession.py),
and with `close_source` closes the source account. The registry signs; each order_ref is executed
once per registry. Orders are recorded under `order/<registry>/court/<ref>` (contracts/orders.py).
Source: S1 Art.30; S2 Art.21–23; DOMAIN "registry operator". Feature: tests/features/court_order.feature.
"""
from __future__ import annotations

from typing import Any

from ledger import keys, serials
from ledger.chain import BlockContext
from ledger.constants import AVAILABLE, FROZEN, is_terminal_account
from ledger.errors import InsufficientHolding, InvalidField
from ledger.holdings import apply_move, get_holding, get_instrument, iter_holdings, select
from ledger.serials import Ranges
from ledger.state import State
from ledger.tx import Transaction

from . import fields
from .orders import COURT, apply_order, check_new_order
from .succession import apply_obligations, apply_pending_offsets, check_successor
from .roles import CLOSED, REGISTRY, check_can_receive, check_signed_by_role, get_participant

REQUIRED = {"order_ref", "action", "account", "court"}
OPTIONAL = {"instrument", "amount", "ranges", "to", "close_source"}
UNIT_ACTIONS = ("freeze", "unfreeze", "deduct")
ACTIONS = (*UNIT_ACTIONS, "succession")


def check_shape(body: dict[str, Any]) -> None:
    """Order, court, action, and the fields the action needs and no others."""
    fields.check_keys(body, REQUIRED, OPTIONAL)
    fields.get_str(body, "order_ref", 64)
    fields.get_str(body, "court", 200)
    fields.get_id(body, "account")
    # Verify the action is known
    if body["action"] not in ACTIONS:
        raise InvalidField(f"action must be one of {', '.join(ACTIONS)}, got {body['action']!r}")
    needs_to = body["action"] in ("deduct", "succession")
    # Verify a receiving account is named exactly when the action moves units away
    if ("to" in body) != needs_to:
        raise InvalidField(f"action {body['action']} {'needs' if needs_to else 'takes no'} field to")
    if needs_to:
        check_to_shape(body)
    if body["action"] == "succession":
        check_succession_shape(body)
    else:
        check_units_shape(body)


def check_to_shape(body: dict[str, Any]) -> None:
    """`to` is another, non-terminal account."""
    fields.get_id(body, "to")
    # Verify the units go to another account, not a terminal one
    if body["to"] == body["account"] or is_terminal_account(body["to"]):
        raise InvalidField(f"to {body['to']} must be another, non-terminal account than {body['account']}")


def check_units_shape(body: dict[str, Any]) -> None:
    """freeze, unfreeze and deduct name an instrument and an amount or ranges."""
    # Verify close_source belongs to a succession only
    if "close_source" in body:
        raise InvalidField(f"close_source applies to succession, not {body['action']}")
    if "instrument" not in body:
        raise InvalidField(f"action {body['action']} needs field instrument")
    fields.get_instrument_id(body)
    fields.get_amount_or_ranges(body)


def check_succession_shape(body: dict[str, Any]) -> None:
    """A succession moves everything: no instrument, amount or ranges; close_source a boolean."""
    named = sorted({"instrument", "amount", "ranges"} & body.keys())
    # Verify a succession names no units: it takes every holding
    if named:
        raise InvalidField(f"succession moves every holding and takes no {', '.join(named)}")
    if not isinstance(body.get("close_source", False), bool):
        raise InvalidField(f"close_source must be true or false, got {body['close_source']!r}")


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Registry signature, a new order, the accounts, and the units the action takes."""
    body = tx.body
    # Verify the registry executes the order
    registry = check_signed_by_role(state, tx, REGISTRY)
    check_new_order(state, registry, COURT, body["order_ref"])
    get_participant(state, body["account"])
    # Verify the receiving account is open
    if "to" in body:
        check_can_receive(state, body["to"])
    if body["action"] == "succession":
        check_successor(state, body["account"], body["to"], ctx)
    else:
        get_instrument(state, body["instrument"])
        # Verify the account holds the units in the sub-state the action takes them from
        select_units(state, body)


def intersect(a: Ranges, b: Ranges) -> Ranges:
    """The serials in both `a` and `b`."""
    return serials.normalize((max(af, bf), min(al, bl)) for af, al in a for bf, bl in b if max(af, bf) <= min(al, bl))


def select_deduction(state: State, account: str, iid: str, amount: int | None,
                     ranges: Ranges | None) -> list[tuple[str, Ranges]]:
    """The (sub-state, ranges) a deduction takes: frozen units first, then available. Raises if not held."""
    holding = get_holding(state, account, iid)
    frozen, available = holding.get(FROZEN, ()), holding.get(AVAILABLE, ())
    if ranges is not None:
        from_frozen = intersect(ranges, frozen)
        rest = serials.subtract(ranges, from_frozen)
        serials.subtract(available, rest)
        return [(FROZEN, from_frozen), (AVAILABLE, rest)]
    amount = fields.compute_tonnes(amount, ranges)
    total = serials.count(frozen) + serials.count(available)
    if amount > total:
        raise InsufficientHolding(f"{account} holds {total} t of {iid} (frozen and available) < deduction {amount} t")
    from_frozen = serials.take_lowest(frozen, min(amount, serials.count(frozen)))[0]
    return [(FROZEN, from_frozen), (AVAILABLE, serials.take_lowest(available, amount - serials.count(from_frozen))[0])]


def select_units(state: State, body: dict[str, Any]) -> list[tuple[str, Ranges]]:
    """The (sub-state, ranges) that freeze, unfreeze or deduct takes from the account."""
    amount, ranges = fields.get_amount_or_ranges(body)
    account, iid = body["account"], body["instrument"]
    if body["action"] == "deduct":
        return select_deduction(state, account, iid, amount, ranges)
    sub = AVAILABLE if body["action"] == "freeze" else FROZEN
    return [(sub, select(state, account, iid, amount, ranges, sub))]


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Carry out the action and record the order."""
    body = tx.body
    details = {"order_ref": body["order_ref"], "court": body["court"]}
    if body["action"] == "succession":
        apply_succession(state, body, ctx, details)
    else:
        for sub, ranges in select_units(state, body):
            if ranges:
                apply_units(state, body, sub, ranges, details)
    registry = check_signed_by_role(state, tx, REGISTRY)
    apply_order(state, registry, COURT, body["order_ref"], "court_" + body["action"], tx, ctx,
                account=body["account"], court=body["court"])


def apply_units(state: State, body: dict[str, Any], sub: str, ranges: Ranges, details: dict[str, Any]) -> None:
    """Move `ranges` for a freeze (to frozen), an unfreeze (to available) or a deduction (to `to`)."""
    action, account = body["action"], body["account"]
    dst = body["to"] if action == "deduct" else account
    dst_sub = FROZEN if action == "freeze" else AVAILABLE
    apply_move(state, body["instrument"], account, dst, ranges, "court_" + action, src_sub=sub, dst_sub=dst_sub, **details)


def apply_succession(state: State, body: dict[str, Any], ctx: BlockContext, details: dict[str, Any]) -> None:
    """Move every holding (sub-state kept) and open obligation of the account to the successor; close the source if asked."""
    for iid, holding in list(iter_holdings(state, body["account"])):
        for sub, ranges in holding.items():
            apply_move(state, iid, body["account"], body["to"], ranges, "succession", src_sub=sub, dst_sub=sub, **details)
    apply_obligations(state, body["account"], body["to"], ctx, **details)
    apply_pending_offsets(state, body["account"], body["to"], **details)
    if body.get("close_source", False):
        record = get_participant(state, body["account"])
        state.put(keys.participant(body["account"]), {**record, "status": CLOSED, "status_at": ctx.height,
                                                      "status_reason": f"succession to {body['to']} ({body['order_ref']})"})
