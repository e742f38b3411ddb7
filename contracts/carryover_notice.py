"""Carry-over notice: the MEE opens the carry-over (结转) of the 2019–2024 vintages into CEA-2025.

The notice names the old vintages, the target instrument, the net-sales window (whole calendar
years, China time: flows are counted per year), the snapshot time of old-vintage holdings, the
application deadline, the base (10,000 t), the net-sales multiplier (1.5× = 15,000 bp) and the
years an applicant must have complied on time. One notice per chain. At the first block after
the snapshot time, `apply_snapshot_if_due` (a begin-block hook of execute_block) records every
entity's old-vintage holdings in every sub-state: frozen units count too, since the annex caps the
entitlement at all old-vintage holdings at 2025-12-31 23:59. Source: S3 annex 5. Feature: tests/features/carryover_notice.feature.
"""
from __future__ import annotations

from typing import Any

from ledger import keys, serials
from ledger.chain import BlockContext
from ledger.errors import AlreadyExists, InvalidField, NotFound
from ledger.holdings import get_holding, get_instrument
from ledger.state import State
from ledger.tx import Transaction

from . import fields
from .roles import ENTITY, MEE, check_signed_by_role, has_role
from .transfer import calendar_year

REQUIRED = {"old_vintages", "target_instrument"}
DEFAULTS: dict[str, Any] = {
    "window_start": "2024-01-01T00:00:00+08:00", "window_end": "2025-12-31T23:59:59+08:00",
    "snapshot_time": "2025-12-31T23:59:00+08:00", "application_deadline": "2026-06-10T23:59:59+08:00",
    "base_t": 10_000, "sales_multiplier_bp": 15_000, "required_on_time_years": [2023, 2024],
}
TIMES = ("window_start", "window_end", "snapshot_time", "application_deadline")


def with_defaults(body: dict[str, Any]) -> dict[str, Any]:
    """The body with every optional field filled from DEFAULTS."""
    return {**DEFAULTS, **body}


def check_shape(body: dict[str, Any]) -> None:
    """Instrument lists, times in order over whole years, non-negative integers."""
    fields.check_keys(body, REQUIRED, set(DEFAULTS))
    full = with_defaults(body)
    check_instrument_list(full)
    start, end, snapshot, deadline = (fields.get_time(full, name) for name in TIMES)
    # Verify the window covers whole calendar years (China time) and the snapshot precedes the deadline
    if not is_whole_years(start, end):
        raise InvalidField(f"window {full['window_start']} .. {full['window_end']} must span whole calendar years")
    if snapshot > deadline:
        raise InvalidField(f"snapshot_time {full['snapshot_time']} is after application_deadline {full['application_deadline']}")
    fields.get_int(full, "base_t")
    fields.get_int(full, "sales_multiplier_bp", 0, 100_000)
    check_years(full["required_on_time_years"])


def is_whole_years(start: int, end: int) -> bool:
    """True when [start, end] begins a calendar year and ends in its last second (China time)."""
    starts_a_year = calendar_year(start - 1) < calendar_year(start)
    ends_a_year = calendar_year(end + 1000) > calendar_year(end)
    return start < end and starts_a_year and ends_a_year


def check_years(years: Any) -> None:
    """required_on_time_years: a list of distinct compliance years."""
    # Verify the required years are distinct years
    valid = isinstance(years, list) and all(isinstance(y, int) and not isinstance(y, bool) and 2013 <= y <= 2100 for y in years)
    if not valid or len(set(years)) != len(years):
        raise InvalidField(f"required_on_time_years must be a list of distinct years 2013..2100, got {years!r}")


def check_instrument_list(body: dict[str, Any]) -> None:
    """old_vintages: distinct instrument ids, not including target_instrument."""
    old = body["old_vintages"]
    # Verify the old vintages are a non-empty list of distinct instrument ids
    valid = isinstance(old, list) and old and all(isinstance(i, str) and fields.is_instrument_id(i) for i in old)
    if not valid or len(set(old)) != len(old):
        raise InvalidField(f"old_vintages must be a non-empty list of distinct instrument ids, got {old!r}")
    target = fields.get_instrument_id(body, "target_instrument")
    # Verify the target is not one of the old vintages
    if target in old:
        raise InvalidField(f"target_instrument {target} is also among old_vintages")


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """MEE signature, one notice, instruments exist, snapshot time still ahead."""
    body = with_defaults(tx.body)
    # Verify the MEE signed
    check_signed_by_role(state, tx, MEE)
    # Verify there is no notice yet
    if state.get(keys.carryover()) is not None:
        raise AlreadyExists("the carry-over notice was already issued")
    # Verify every instrument exists
    for iid in (*body["old_vintages"], body["target_instrument"]):
        get_instrument(state, iid)
    # Verify the snapshot time is still ahead
    snapshot = fields.get_time(body, "snapshot_time")
    if snapshot <= ctx.time:
        raise InvalidField(f"snapshot_time {fields.format_time(snapshot)} is not after block time {fields.format_time(ctx.time)}")


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Store the notice, times in milliseconds, with the calendar years of its window."""
    body = with_defaults(tx.body)
    times = {name: fields.get_time(body, name) for name in TIMES}
    years = tuple(range(calendar_year(times["window_start"]), calendar_year(times["window_end"]) + 1))
    state.put(keys.carryover(), {
        "old_vintages": tuple(body["old_vintages"]), "target_instrument": body["target_instrument"], **times,
        "window_years": years, "base_t": body["base_t"], "sales_multiplier_bp": body["sales_multiplier_bp"],
        "required_on_time_years": tuple(body["required_on_time_years"]), "snapshot_taken": False,
        "issued_at": ctx.height,
    })


def get_notice(state: State) -> dict[str, Any]:
    """The carry-over notice; raise NotFound before the MEE issued it."""
    notice: dict[str, Any] | None = state.get(keys.carryover())
    if notice is None:
        raise NotFound("the MEE has not issued the carry-over notice")
    return notice


def count_held(state: State, account: str, iid: str) -> int:
    """Tonnes of `iid` that `account` holds in every sub-state: available, frozen and pending."""
    return sum(serials.count(ranges) for ranges in get_holding(state, account, iid).values())


def compute_old_holdings(state: State, account: str, notice: dict[str, Any]) -> dict[str, Any]:
    """The old-vintage tonnes of `account` in every sub-state (frozen included): per instrument and in total."""
    per = {iid: count_held(state, account, iid) for iid in notice["old_vintages"]}
    per = {iid: amount for iid, amount in per.items() if amount}
    return {"holdings": per, "total": sum(per.values())}


def apply_snapshot_if_due(state: State, ctx: BlockContext) -> None:
    """Begin-block hook: once the snapshot time has passed, record every entity's old-vintage holdings, frozen included."""
    notice = state.get(keys.carryover())
    if notice is None or notice["snapshot_taken"] or ctx.time <= notice["snapshot_time"]:
        return
    entities = [record["id"] for _, record in state.scan(keys.participant("")) if has_role(record, ENTITY)]
    for pid in entities:
        snapshot = compute_old_holdings(state, pid, notice)
        if snapshot["total"]:
            state.put(keys.carryover_snapshot(pid), {**snapshot, "height": ctx.height})
    state.put(keys.carryover(), {**notice, "snapshot_taken": True, "snapshot_height": ctx.height})


def get_snapshot_total(state: State, account: str, notice: dict[str, Any]) -> int:
    """Old-vintage tonnes of `account` at the snapshot. Requires block time after the snapshot time.

    Before the hook has run (a dry run between the snapshot time and the next block) the current
    holdings are the snapshot, since no block came in between.
    """
    total: int
    if not notice["snapshot_taken"]:
        total = compute_old_holdings(state, account, notice)["total"]
    else:
        total = (state.get(keys.carryover_snapshot(account)) or {}).get("total", 0)
    return total
