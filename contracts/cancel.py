"""Cancel: a holder voluntarily and publicly cancels allowances, for good.

The holder signs; the units (lowest serials first, or the ranges named) move to the terminal
account CANCELLED with the beneficiary and the reason in the event, and never move again.
Frozen units cannot be cancelled; a restricted or closed account cannot cancel (it may not send).
Source: DOMAIN "Life of an allowance" (voluntary cancellation); S8 Art.28 for the purposes.
Feature: tests/features/cancel.feature.
"""
from __future__ import annotations

from ledger.chain import BlockContext
from ledger.constants import CANCELLED_ACCOUNT
from ledger.holdings import apply_move, get_instrument, select
from ledger.state import State
from ledger.tx import Transaction

from . import fields
from .roles import check_can_send, check_signed_by

REQUIRED = {"account", "instrument", "beneficiary", "reason"}
OPTIONAL = {"amount", "ranges"}


def check_shape(body: dict) -> None:
    """Account, instrument, amount or ranges, beneficiary and reason."""
    fields.check_keys(body, REQUIRED, OPTIONAL)
    fields.get_id(body, "account")
    fields.get_instrument_id(body)
    fields.get_amount_or_ranges(body)
    fields.get_str(body, "beneficiary", 200)
    fields.get_str(body, "reason", 256)


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Signature, account status and holding."""
    body = tx.body
    # Verify the holder signed its own cancellation
    check_signed_by(state, tx, body["account"])
    # Verify the account may send units
    check_can_send(state, body["account"])
    # Verify the instrument exists and the holder holds the units, available
    get_instrument(state, body["instrument"])
    amount, ranges = fields.get_amount_or_ranges(body)
    select(state, body["account"], body["instrument"], amount, ranges)


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Move the units to CANCELLED with beneficiary and reason."""
    body = tx.body
    amount, ranges = fields.get_amount_or_ranges(body)
    chosen = select(state, body["account"], body["instrument"], amount, ranges)
    apply_move(state, body["instrument"], body["account"], CANCELLED_ACCOUNT, chosen, "cancellation",
               beneficiary=body["beneficiary"], cancellation_reason=body["reason"])
