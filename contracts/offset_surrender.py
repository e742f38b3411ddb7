"""Offset surrender: the surrender of a CCER instrument consumes the units the entity froze for the year.

The second phase of the offset (the first: contracts/freeze_offset.py). The body is the surrender's;
by the cycle's deadline only, it takes units pending offset for that year (the lowest, or the ranges
named; none pending: insufficient_holding), re-checks eligibility, the fraud order, the cap and the
obligation room, and cancels them for good: they move to CANCELLED (move reason "offset"), a public
certificate records purpose national_ets_offset with the entity's name as beneficiary, and the
obligation counts them as `offset` (CCER), apart from `surrendered` (CEA).
Sources: S2 Art.29; S8 Art.28; S9 Art.15. Feature: tests/features/surrender.feature.
"""
from __future__ import annotations

from typing import Any

from ledger import serials
from ledger.chain import BlockContext
from ledger.constants import CANCELLED_ACCOUNT, PENDING_OFFSET
from ledger.errors import InsufficientHolding
from ledger.holdings import apply_move, get_instrument
from ledger.serials import Ranges
from ledger.state import State
from ledger.tx import Transaction

from . import fields
from .ccer import apply_certificate, check_units_movable, get_participant_name
from .pending_offset import (check_by_deadline, check_eligible, check_offset_cap, check_offset_room, compute_pending_t,
                             get_pending, put_pending)
from .records import require_obligation, require_verified, update_obligation

PURPOSE = "national_ets_offset"


def select_pending(state: State, body: dict[str, Any]) -> Ranges:
    """The serials the surrender consumes: the named ranges, else the lowest amount, of those pending for the year."""
    amount, ranges = fields.get_amount_or_ranges(body)
    pending = get_pending(state, body["year"], body["account"]).get(body["instrument"], ())
    if ranges is not None:
        serials.subtract(pending, ranges)  # raises RangeNotHeld for serials not pending for the year
        return ranges
    amount = fields.compute_tonnes(amount, ranges)
    # Verify enough units are pending offset for the year
    if amount > serials.count(pending):
        raise InsufficientHolding(f"{body['account']} has {serials.count(pending)} t of {body['instrument']} pending "
                                  f"offset for {body['year']} < surrender {amount} t: freeze them first (freeze_offset)")
    return serials.take_lowest(pending, amount)[0]


def check(state: State, tx: Transaction, ctx: BlockContext, cycle: dict[str, Any]) -> None:
    """Deadline, verified emissions, units pending, eligibility, fraud order, cap and room. Requires the signature checked."""
    body = tx.body
    check_by_deadline(cycle, ctx, "a CCER surrender")
    record = require_verified(state, body["year"], body["account"])
    amount = serials.count(select_pending(state, body))
    instrument = get_instrument(state, body["instrument"])
    check_eligible(state, cycle, instrument)
    check_units_movable(state, instrument)
    pending_t = compute_pending_t(state, body["year"], body["account"])
    check_offset_cap(record, cycle, pending_t - amount, amount)
    check_offset_room(record, pending_t - amount, amount)


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Cancel the pending units with a national_ets_offset certificate and count them as the year's offset."""
    body = tx.body
    account, year, iid = body["account"], body["year"], body["instrument"]
    chosen = select_pending(state, body)
    apply_move(state, iid, account, CANCELLED_ACCOUNT, chosen, "offset", PENDING_OFFSET, account=account, year=year)
    apply_certificate(state, tx, ctx, account, iid, chosen, PURPOSE, get_participant_name(state, account),
                      f"CCER offset of the {year} compliance obligation (S2 Art.29)")
    pending = get_pending(state, year, account)
    put_pending(state, year, account, pending)
    record = require_obligation(state, year, account)
    update_obligation(state, year, account, offset=record["offset"] + serials.count(chosen))
