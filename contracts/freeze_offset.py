"""Freeze offset: a key emitting entity freezes CCER as "pending offset" for one compliance year.

The first of the offset's two phases, as the registries run it: the entity signs; by the cycle's
deadline, once its verified emissions are recorded, it freezes available units of an eligible CCER
(a project not under ETS allowance management, registered after the cycle's ccer_registered_after,
not suspended by a fraud order) within the cap: offset + pending + new ≤ verified × offset_cap_bp,
rounded down, and covered + pending + new ≤ verified. The units move from AVAILABLE to PENDING_OFFSET
and are listed in ccer/pending_offset/<year>/<account>; the surrender consumes them (contracts/
offset_surrender.py), the deadline releases the rest (contracts/offset_release.py).
Sources: S2 Art.29; S4 §五(二). Feature: tests/features/freeze_offset.feature.
"""
from __future__ import annotations

from typing import Any

from ledger import serials
from ledger.chain import BlockContext
from ledger.constants import AVAILABLE, PENDING_OFFSET
from ledger.holdings import apply_move, get_instrument, select
from ledger.state import State
from ledger.tx import Transaction

from . import fields, surrender
from .ccer import check_units_movable
from .pending_offset import (check_by_deadline, check_eligible, check_offset_cap, check_offset_room, compute_pending_t,
                             get_pending, put_pending)
from .records import require_verified
from .surrender import check_own_account


def check_shape(body: dict[str, Any]) -> None:
    """The surrender's body: account, year, instrument, and exactly one of amount or ranges."""
    surrender.check_shape(body)


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Signature, account, deadline, verified emissions, eligibility, fraud order, cap, room and holding."""
    body = tx.body
    amount, ranges = fields.get_amount_or_ranges(body)
    cycle = check_own_account(state, tx)
    check_by_deadline(cycle, ctx, "a CCER offset")
    record = require_verified(state, body["year"], body["account"])
    instrument = get_instrument(state, body["instrument"])
    check_eligible(state, cycle, instrument)
    check_units_movable(state, instrument)
    tonnes = fields.compute_tonnes(amount, ranges)
    pending_t = compute_pending_t(state, body["year"], body["account"])
    check_offset_cap(record, cycle, pending_t, tonnes)
    check_offset_room(record, pending_t, tonnes)
    # Verify the entity holds the units, available
    select(state, body["account"], body["instrument"], amount, ranges)


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Move the units to PENDING_OFFSET and add them to the year's pending offset record."""
    body = tx.body
    account, year, iid = body["account"], body["year"], body["instrument"]
    chosen = select(state, account, iid, *fields.get_amount_or_ranges(body))
    apply_move(state, iid, account, account, chosen, "offset_frozen", AVAILABLE, PENDING_OFFSET, year=year)
    pending = get_pending(state, year, account)
    put_pending(state, year, account, {**pending, iid: serials.union(pending.get(iid, ()), chosen)})
