"""Offset release: a freeze the surrender did not consume by the deadline is released.

At each block whose time is after a cycle's deadline, `apply_offset_release_if_due` (a begin-block
hook of execute_block, beside status fixing) returns every unit still pending offset for that year to
its holder's AVAILABLE sub-state (move reason "offset_released"), deletes the pending offset record
and emits an "offset_released" event naming the account, the year and the units. A hook never
raises: it moves only what the record lists and the holding still has pending.
Sources: S2 Art.29 (the offset belongs to one year's surrender). Feature: tests/features/offset_release.feature.
"""
from __future__ import annotations

from ledger import keys, serials
from ledger.chain import BlockContext
from ledger.constants import AVAILABLE, PENDING_OFFSET
from ledger.holdings import apply_move
from ledger.state import State

from .pending_offset import get_pending, put_pending


def list_due(state: State, ctx: BlockContext) -> list[tuple[int, str]]:
    """(year, account) of every pending offset record whose cycle's deadline lies before block time."""
    due = []
    for _, cycle in state.scan(keys.cycle_prefix()):
        if cycle["deadline"] < ctx.time:
            prefix = keys.pending_offset_prefix(cycle["year"])
            due += [(cycle["year"], key[len(prefix):]) for key, _ in state.scan(prefix)]
    return due


def apply_release(state: State, year: int, account: str) -> None:
    """Return `account`'s pending offset of `year` to available and delete the record."""
    pending = get_pending(state, year, account)
    for iid, ranges in pending.items():
        apply_move(state, iid, account, account, ranges, "offset_released", PENDING_OFFSET, AVAILABLE, year=year)
    put_pending(state, year, account, {})
    state.emit({"op": "offset_released", "account": account, "year": year,
                "units": {iid: serials.to_json(ranges) for iid, ranges in pending.items()},
                "amount": sum(serials.count(ranges) for ranges in pending.values())})


def apply_offset_release_if_due(state: State, ctx: BlockContext) -> None:
    """Begin-block hook: release every pending offset of each year whose deadline has passed."""
    for year, account in list_due(state, ctx):
        apply_release(state, year, account)
