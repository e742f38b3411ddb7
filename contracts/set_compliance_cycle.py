"""Set a compliance cycle: the MEE fixes a year's surrender deadline and its parameters.

The cycle names the CEA vintages an entity may surrender for the year (the current and
earlier vintages, never a later one: no borrowing), the CCER offset cap (≤ 5 % of the
obligation), the pre-allocation ratio and the 80 % shortfall floor, all in basis points.
The MEE may change a cycle only before its deadline. Sources: S3 §五, §六, §七; S2 Art.29.
Record schema: contracts/records.py. Feature: tests/features/set_compliance_cycle.feature.
"""
from __future__ import annotations


from ledger import keys
from ledger.chain import BlockContext
from ledger.constants import BP, DEFAULT_SHORTFALL_FLOOR_BP
from ledger.errors import DeadlinePassed, InvalidField, VintageNotEligible
from ledger.holdings import get_instrument
from ledger.state import State
from ledger.tx import Transaction

from . import fields
from .roles import MEE, check_signed_by_role

# Defaults of S2 Art.29 (offset cap 5 %) and S3 §五 (pre-allocation 70 % for 2023–2024, floor 80 %).
DEFAULT_OFFSET_CAP_BP = 500
DEFAULT_PRE_ALLOCATION_BP = 7_000
RATIOS = {
    "offset_cap_bp": DEFAULT_OFFSET_CAP_BP,
    "pre_allocation_bp": DEFAULT_PRE_ALLOCATION_BP,
    "shortfall_floor_bp": DEFAULT_SHORTFALL_FLOOR_BP,
}
MAX_VINTAGES = 16


def check_shape(body: dict) -> None:
    """Year, deadline, a non-empty list of distinct vintages, ratios from 0 to 10,000 bp."""
    fields.check_keys(body, {"year", "deadline", "eligible_vintages"}, set(RATIOS))
    fields.get_year(body, "year")
    fields.get_time(body, "deadline")
    vintages = body["eligible_vintages"]
    # Verify the vintages are a non-empty list of distinct instrument ids
    if not isinstance(vintages, list) or not 1 <= len(vintages) <= MAX_VINTAGES or len(set(vintages)) != len(vintages):
        raise InvalidField(f"eligible_vintages must list 1 to {MAX_VINTAGES} distinct instrument ids")
    for iid in vintages:
        if not isinstance(iid, str) or not fields.is_instrument_id(iid):
            raise InvalidField(f"eligible_vintages: {iid!r} is not an instrument id such as CEA-2024")
    # Verify each ratio lies in 0..10,000 basis points
    for name in RATIOS:
        if name in body:
            fields.get_int(body, name, 0, BP)


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """The MEE signed; the cycle is still open; the deadline is ahead; the vintages are eligible."""
    body = tx.body
    # Verify the MEE signed
    check_signed_by_role(state, tx, MEE)
    # Verify an existing cycle is still before its deadline
    current = state.get(keys.cycle(body["year"]))
    if current is not None and ctx.time >= current["deadline"]:
        raise DeadlinePassed(f"cycle {body['year']}: block time {fields.format_time(ctx.time)} ≥ deadline "
                             f"{fields.format_time(current['deadline'])}; it can no longer change")
    # Verify the new deadline lies ahead of the block time
    deadline = fields.get_time(body, "deadline")
    if deadline <= ctx.time:
        raise InvalidField(f"deadline {fields.format_time(deadline)} is not after block time {fields.format_time(ctx.time)}")
    for iid in body["eligible_vintages"]:
        check_vintage(state, iid, body["year"])


def check_vintage(state: State, iid: str, year: int) -> None:
    """Raise NotFound for an unknown instrument, VintageNotEligible for a non-CEA or later vintage."""
    # Verify the instrument exists
    instrument = get_instrument(state, iid)
    # Verify it is a CEA vintage
    if instrument["kind"] != "CEA":
        raise VintageNotEligible(f"eligible_vintages: {iid} is a {instrument['kind']} instrument, not a CEA vintage")
    # Verify it is not a later vintage (no borrowing)
    if instrument["vintage"] > year:
        raise VintageNotEligible(f"eligible_vintages: {iid} has vintage {instrument['vintage']} > cycle year {year}: "
                                 "no borrowing from later years")


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Write the cycle record (see contracts/records.py), defaults filled in, other fields kept."""
    body = tx.body
    current = state.get(keys.cycle(body["year"])) or {}
    state.put(keys.cycle(body["year"]), {
        **current, "year": body["year"], "deadline": fields.get_time(body, "deadline"),
        "eligible_vintages": tuple(body["eligible_vintages"]),
        **{name: body.get(name, default) for name, default in RATIOS.items()},
        "set_at": ctx.height,
    })
