"""Release allocation: after forced compliance, the registry releases the rest of an entity's allowances.

For an entity designated for forced compliance the allocation was issued to its province's
account, earmarked for the entity. Once its verified emissions are covered, the registry and the
province sign to move what remains of it (issued there for the entity, less what was
force-surrendered or already released) from the earmark to the entity's own available units. Source: S3 §五(四).
Feature: tests/features/release_allocation.feature.
"""
from __future__ import annotations

from typing import Any

from ledger.chain import BlockContext
from ledger.constants import EARMARKED
from ledger.errors import InsufficientHolding, InvalidState
from ledger.holdings import apply_move, get_instrument, select
from ledger.state import State
from ledger.tx import Transaction

from . import fields
from .compliance_status import compute_covered, compute_province_balance
from .forced_surrender import check_signed
from .records import require_obligation, update_obligation
from .roles import check_can_receive

REQUIRED = {"account", "year", "instrument", "amount"}


def check_shape(body: dict[str, Any]) -> None:
    """Account, year, instrument and a positive amount."""
    fields.check_keys(body, REQUIRED)
    fields.get_id(body, "account")
    fields.get_year(body)
    fields.get_instrument_id(body)
    fields.get_int(body, "amount", 1)


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Signatures, forced compliance complete, the entity's balance and the province's holding."""
    body = tx.body
    province = check_signed(state, tx, body["account"])
    record = require_obligation(state, body["year"], body["account"])
    # Verify the entity is under forced compliance
    if not record["forced"]:
        raise InvalidState(f"{body['account']} is not under forced compliance for {body['year']}: nothing is held for it")
    # Verify its verified emissions are recorded and covered
    covered = compute_covered(record)
    if record["verified"] is None or covered < record["verified"]:
        raise InvalidState(f"forced compliance of {body['account']} for {body['year']} is not complete: "
                           f"handed in {covered} t < verified {record['verified']} t")
    balance = compute_province_balance(record)
    # Verify the release stays within what the province holds for the entity
    if body["amount"] > balance:
        raise InsufficientHolding(f"{province} holds {balance} t for {body['account']} < release {body['amount']} t")
    # Verify the entity's account is open and the province's holds the units, earmarked
    check_can_receive(state, body["account"])
    get_instrument(state, body["instrument"])
    select(state, province, body["instrument"], body["amount"], None, EARMARKED)


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Move the units from the province's account to the entity's and count them released."""
    body = tx.body
    province = check_signed(state, tx, body["account"])
    chosen = select(state, province, body["instrument"], body["amount"], None, EARMARKED)
    apply_move(state, body["instrument"], province, body["account"], chosen, "release", src_sub=EARMARKED,
               account=body["account"], year=body["year"])
    record = require_obligation(state, body["year"], body["account"])
    update_obligation(state, body["year"], body["account"],
                      province_released=record.get("province_released", 0) + body["amount"])
