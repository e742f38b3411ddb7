"""Forced surrender (强制履约): the registry surrenders for an entity on its province's order.

The registry and the entity's provincial authority both sign, with the province's order
reference (executed once). For an entity under forced compliance the units come from the units
earmarked for it in the province's account, at most what was issued there for it and not yet
used or released; otherwise from the entity's own available units (e.g. a court-ordered
compliance after a default). Before the deadline the tonnes count as surrendered, after it as late_surrendered.
Vintage and obligation rules are those of surrender. Source: S3 §五(四); S1 Art.24.
Feature: tests/features/forced_surrender.feature.
"""
from __future__ import annotations

from typing import Any

from ledger.chain import BlockContext
from ledger.constants import AVAILABLE, EARMARKED, surrendered_account
from ledger.errors import InsufficientHolding
from ledger.holdings import apply_move, select
from ledger.state import State
from ledger.tx import Transaction

from . import fields
from .compliance_status import compute_province_balance
from .refund import tally_changes
from .orders import FORCED_SURRENDER, apply_order, check_new_order
from .records import get_cycle, update_obligation
from .roles import PROVINCE, REGISTRY, check_signed_by_roles, get_participant
from .surrender import check_room, check_vintage

REQUIRED = {"account", "year", "instrument", "amount", "order_ref"}


def check_shape(body: dict[str, Any]) -> None:
    """Account, year, instrument, a positive amount and the order reference."""
    fields.check_keys(body, REQUIRED)
    fields.get_id(body, "account")
    fields.get_year(body)
    fields.get_instrument_id(body)
    fields.get_int(body, "amount", 1)
    fields.get_str(body, "order_ref", 64)


def check_signed(state: State, tx: Transaction, account: str) -> str:
    """The id of the signing provincial authority of `account`; raise Unauthorized unless the registry, another
    institution, signed too."""
    entity = get_participant(state, account)
    # Verify the entity's own provincial authority orders it and the registry executes it: two institutions
    return check_signed_by_roles(state, tx, (PROVINCE, entity["province"]), REGISTRY)[0]


def get_source(record: dict[str, Any], province: str) -> str:
    """The account the units come from: the province's for a forced entity, else the entity's own."""
    return province if record["forced"] else record["account"]


def get_source_sub(source: str, province: str) -> str:
    """The sub-state the units come from: earmarked at the province's account, available at the entity's."""
    return EARMARKED if source == province else AVAILABLE


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Signatures, a new order, vintage, obligation, and the source's holding."""
    body = tx.body
    province = check_signed(state, tx, body["account"])
    check_new_order(state, province, FORCED_SURRENDER, body["order_ref"])
    check_vintage(state, get_cycle(state, body["year"]), body["instrument"])
    record = check_room(state, body["year"], body["account"], body["amount"])
    source = get_source(record, province)
    balance = compute_province_balance(record)
    # Verify the province's account still holds enough of this entity's allocation
    if source == province and body["amount"] > balance:
        raise InsufficientHolding(f"{province} holds {balance} t for {body['account']} < forced surrender {body['amount']} t")
    # Verify the source account holds the units: earmarked for the entity at its province, else available
    select(state, source, body["instrument"], body["amount"], None, get_source_sub(source, province))


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Move the units to SURRENDERED-<year>, count them (late after the deadline), record the order."""
    body = tx.body
    province = check_signed(state, tx, body["account"])
    record = check_room(state, body["year"], body["account"], body["amount"])
    source = get_source(record, province)
    sub = get_source_sub(source, province)
    chosen = select(state, source, body["instrument"], body["amount"], None, sub)
    apply_move(state, body["instrument"], source, surrendered_account(body["year"]), chosen, "forced_surrender",
               src_sub=sub, account=body["account"], year=body["year"], order_ref=body["order_ref"])
    late = ctx.time > get_cycle(state, body["year"])["deadline"]
    counter = "late_surrendered" if late else "surrendered"
    changes = {counter: record[counter] + body["amount"], **tally_changes(record, body["instrument"], body["amount"])}
    if source == province:
        changes["province_surrendered"] = record.get("province_surrendered", 0) + body["amount"]
    update_obligation(state, body["year"], body["account"], **changes)
    apply_order(state, province, FORCED_SURRENDER, body["order_ref"], "forced_surrender", tx, ctx,
                account=body["account"], year=body["year"])
