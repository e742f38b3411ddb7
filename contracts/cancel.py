"""Cancel (注销): a holder voluntarily and publicly cancels allowances or CCER, for good, for a stated purpose.

The holder signs; the units (lowest serials first, or the ranges named) move to the terminal
account CANCELLED with the purpose, beneficiary and reason in the event, and never move again; each
cancellation writes its public certificate (ccer.apply_certificate). The purpose is one of ccer.PURPOSES
except national_ets_offset, which only a surrender's offset uses; fraud_remedy is the owner's answer to
a fraud order and counts toward it (contracts/fraud.py). Units of a project under an open fraud order
cannot be cancelled otherwise. Frozen units cannot be cancelled; a restricted or closed account cannot
cancel (it may not send). Reason at most 512 characters.
Source: DOMAIN "Life of an allowance" (voluntary cancellation); S8 Art.28, 43; S9 Art.15.
Feature: tests/features/cancel.feature.
"""
from __future__ import annotations

from typing import Any

from ledger.ccer_errors import PurposeReserved
from ledger.chain import BlockContext
from ledger.constants import CANCELLED_ACCOUNT
from ledger.errors import InvalidField
from ledger.holdings import apply_move, get_instrument, select
from ledger.serials import count
from ledger.state import State
from ledger.tx import Transaction

from . import fields
from .ccer import PURPOSES, apply_certificate
from .fraud import FRAUD_REMEDY, apply_remedy, check_cancellation_allowed, get_remedied_order
from .roles import check_can_send, check_signed_by

REQUIRED = {"account", "instrument", "purpose", "beneficiary", "reason"}
OPTIONAL = {"amount", "ranges"}
OFFSET_PURPOSE = "national_ets_offset"  # a surrender's offset only (contracts/surrender.py)
REASON_MAX = 512


def check_shape(body: dict[str, Any]) -> None:
    """Account, instrument, amount or ranges, a purpose open to cancellations, beneficiary and reason."""
    fields.check_keys(body, REQUIRED, OPTIONAL)
    fields.get_id(body, "account")
    fields.get_instrument_id(body)
    fields.get_amount_or_ranges(body)
    fields.get_str(body, "beneficiary", 200)
    fields.get_str(body, "reason", REASON_MAX)
    check_purpose(body.get("purpose"))


def check_purpose(purpose: object) -> None:
    """Raise unless `purpose` is a cancellation purpose a holder may name."""
    # Verify the purpose is a known one
    if purpose not in PURPOSES:
        raise InvalidField(f"purpose must be one of {', '.join(PURPOSES)}, got {purpose!r}")
    # Verify the purpose is not the surrender's offset
    if purpose == OFFSET_PURPOSE:
        raise PurposeReserved(f"purpose {OFFSET_PURPOSE} is reserved for CCER an entity offsets in its surrender "
                              f"(freeze_offset, then surrender): name another purpose")


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Signature, account status, holding, and the project's fraud order."""
    body = tx.body
    # Verify the holder signed its own cancellation
    check_signed_by(state, tx, body["account"])
    # Verify the account may send units
    check_can_send(state, body["account"])
    # Verify the instrument exists and the holder holds the units, available
    instrument = get_instrument(state, body["instrument"])
    amount, ranges = fields.get_amount_or_ranges(body)
    chosen = select(state, body["account"], body["instrument"], amount, ranges)
    # Verify the units may move (no fraud order), or answer the holder's own fraud order
    check_cancellation_allowed(state, body["account"], instrument, body["purpose"], count(chosen))


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Move the units to CANCELLED, write the certificate, count a fraud remedy toward its order."""
    body = tx.body
    amount, ranges = fields.get_amount_or_ranges(body)
    chosen = select(state, body["account"], body["instrument"], amount, ranges)
    order = None
    if body["purpose"] == FRAUD_REMEDY:
        order = get_remedied_order(state, body["account"], get_instrument(state, body["instrument"]))
    apply_move(state, body["instrument"], body["account"], CANCELLED_ACCOUNT, chosen, "cancellation",
               purpose=body["purpose"], beneficiary=body["beneficiary"], cancellation_reason=body["reason"])
    apply_certificate(state, tx, ctx, body["account"], body["instrument"], chosen, body["purpose"], body["beneficiary"],
                      body["reason"])
    if order is not None:
        apply_remedy(state, order, count(chosen), ctx, tx=tx.id_hex)
