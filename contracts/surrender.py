"""Surrender (清缴): a key emitting entity hands in CEA for the verified emissions of a compliance year.

The entity signs. By the cycle's deadline (judged on block time) it surrenders allowances of an
eligible vintage no later than the compliance year (no borrowing), at most its verified
emissions less what it already surrendered or offset; the units move to the terminal account
SURRENDERED-<year>. A restricted account may still surrender (restriction stops trading, not
compliance); a closed one may not. Frozen units are not available and cannot be surrendered.
After the deadline the entity surrenders only within the correction period of its province's
enforcement order, against the outstanding shortfall (contracts/correction.py). A CCER instrument's
surrender is the offset: it consumes units frozen as pending offset (contracts/offset_surrender.py),
and the pending offset counts against the room left under verified emissions.
Sources: S1 Art.24; S2 Art.27; S3 §六, §七. Feature: tests/features/surrender.feature.
"""
from __future__ import annotations

from typing import Any

from ledger import keys
from ledger.chain import BlockContext
from ledger.constants import surrendered_account
from ledger.errors import AccountClosed, ExceedsObligation, VintageNotEligible
from ledger.holdings import apply_move, get_instrument, select
from ledger.serials import count
from ledger.state import State
from ledger.tx import Transaction

from . import fields, offset_surrender
from .ccer import CCER
from .compliance_status import compute_covered
from .correction import apply_correction, check_correction_open, check_restore
from .pending_offset import compute_pending_t
from .records import get_cycle, require_obligation, require_verified, update_obligation
from .refund import tally_changes
from .roles import CLOSED, check_signed_by, get_participant

REQUIRED = {"account", "year", "instrument"}
OPTIONAL = {"amount", "ranges"}


def check_shape(body: dict[str, Any]) -> None:
    """Account, year, instrument, and exactly one of amount or ranges."""
    fields.check_keys(body, REQUIRED, OPTIONAL)
    fields.get_id(body, "account")
    fields.get_year(body)
    fields.get_instrument_id(body)
    fields.get_amount_or_ranges(body)


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Signature, account, deadline or correction period, vintage, obligation and holding (a CCER: the offset's)."""
    body = tx.body
    amount, ranges = fields.get_amount_or_ranges(body)
    cycle = check_own_account(state, tx)
    if is_ccer(state, body["instrument"]):
        offset_surrender.check(state, tx, ctx, cycle)
        return
    late = ctx.time > cycle["deadline"]
    # Verify a surrender after the deadline falls in the correction period of the province's order
    if late:
        check_correction_open(state.get(keys.obligation(body["year"], body["account"])), cycle["deadline"], ctx)
    check_vintage(state, cycle, body["instrument"])
    tonnes = fields.compute_tonnes(amount, ranges)
    record = check_room(state, body["year"], body["account"], tonnes)
    # Verify the account holds the units, available (not frozen)
    select(state, body["account"], body["instrument"], amount, ranges)
    if late:
        check_restore(state, record, tonnes)


def check_own_account(state: State, tx: Transaction) -> dict[str, Any]:
    """Raise unless the body's account signed and is not closed; return the cycle of the body's year (NotFound)."""
    # Verify the account signed for itself and is not closed
    check_signed_by(state, tx, tx.body["account"])
    check_not_closed(state, tx.body["account"])
    return get_cycle(state, tx.body["year"])


def is_ccer(state: State, iid: str) -> bool:
    """True when `iid` is a CCER instrument: its surrender is an offset (contracts/offset_surrender.py)."""
    return (state.get(keys.instrument(iid)) or {}).get("kind") == CCER


def check_not_closed(state: State, account: str) -> None:
    """Raise NotFound or AccountClosed unless `account` exists and is open (restricted is open)."""
    if get_participant(state, account)["status"] == CLOSED:
        raise AccountClosed(f"account {account} is closed")


def check_vintage(state: State, cycle: dict[str, Any], iid: str) -> None:
    """Raise VintageNotEligible unless `iid` is eligible for the cycle and not a later vintage."""
    # Verify the instrument is one of the cycle's eligible vintages
    if iid not in cycle["eligible_vintages"]:
        raise VintageNotEligible(f"instrument {iid} is not among the eligible vintages "
                                 f"{', '.join(cycle['eligible_vintages'])} of {cycle['year']}")
    # Verify its vintage is not later than the compliance year (no borrowing)
    vintage = get_instrument(state, iid)["vintage"]
    if vintage > cycle["year"]:
        raise VintageNotEligible(f"vintage {vintage} of {iid} is later than compliance year {cycle['year']}")


def check_room(state: State, year: int, account: str, amount: int) -> dict[str, Any]:
    """The obligation record; raise NoObligation or ExceedsObligation if `amount` t more (and the pending offset)
    exceed verified."""
    record = require_verified(state, year, account)
    covered, pending = compute_covered(record), compute_pending_t(state, year, account)
    # Verify what is handed in, with the CCER pending offset, stays within verified emissions
    if covered + pending + amount > record["verified"]:
        also = f" + pending offset {pending} t" if pending else ""
        raise ExceedsObligation(f"already handed in {covered} t{also} + surrender {amount} t = {covered + pending + amount} t "
                                f"> verified emissions {record['verified']} t of {account} for {year}")
    return record


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Move the units to SURRENDERED-<year>; count them as surrendered, or after the deadline as a correction (a CCER:
    cancel the pending offset)."""
    body = tx.body
    if is_ccer(state, body["instrument"]):
        offset_surrender.apply(state, tx, ctx)
        return
    amount, ranges = fields.get_amount_or_ranges(body)
    chosen = select(state, body["account"], body["instrument"], amount, ranges)
    apply_move(state, body["instrument"], body["account"], surrendered_account(body["year"]), chosen, "surrender",
               account=body["account"], year=body["year"])
    record = require_obligation(state, body["year"], body["account"])
    if ctx.time > get_cycle(state, body["year"])["deadline"]:
        apply_correction(state, record, body["instrument"], count(chosen), ctx)
        return
    update_obligation(state, body["year"], body["account"], surrendered=record["surrendered"] + count(chosen),
                      **tally_changes(record, body["instrument"], count(chosen)))
