"""Succession (承继) of compliance obligations: the successor takes over the predecessor's open years.

A court order of action `succession` (contracts/court_order.py) moves every holding to the successor
and, with this module, every obligation record of the predecessor (`obligation/<year>/<account>`,
contracts/records.py) for a year whose compliance is still open. A year is open until its deadline
(block time at or before it, or no cycle set yet); after the deadline it stays open while verified
emissions are not entered or not covered (an outstanding shortfall to correct, enforce or deduct).
A year that is exempt, or covered by the deadline's end, is closed and stays with the predecessor as
history. An open record is merged into the successor's record of that year (tonnes and amounts
added, `forced` kept if either was, `exempt` only if both were) and removed from the predecessor.
CCER move like any holding (frozen ones stay frozen). CCER pending offset (sub-state PENDING_OFFSET)
move with their record `ccer/pending_offset/<year>/<account>`, merged into the successor's record of
that year, so that the successor's surrender consumes them or the deadline releases them.
Source: S2 Art.21–23 (transfer by succession); S1 Art.24. Feature: tests/features/court_order.feature.
"""
from __future__ import annotations

from typing import Any

from ledger import keys, serials
from ledger.chain import BlockContext
from ledger.errors import NotEligible
from ledger.state import State

from .compliance_status import compute_outstanding
from .records import get_obligation, put_obligation
from .roles import ENTITY, get_participant, has_role

SUMMED = ("verified", "pre_allocated", "allocated", "to_province", "surrendered", "offset", "late_surrendered",
          "shortfall", "fine_fen", "deduction", "deduction_applied", "province_surrendered", "province_released")
"""The obligation fields that add up when two records merge (None counts as nothing, and stays None if both are)."""


def is_open(state: State, record: dict[str, Any], time_ms: int) -> bool:
    """True while the record's year is not closed at `time_ms`: before its deadline, or still owing tonnes after it."""
    cycle = state.get(keys.cycle(record["year"]))
    if cycle is None or time_ms <= cycle["deadline"]:
        return True
    if record["exempt"]:
        return False
    return record["verified"] is None or compute_outstanding(record) > 0


def get_open_obligations(state: State, account: str, time_ms: int) -> list[dict[str, Any]]:
    """The obligation records of `account`, oldest year first, whose compliance is open at `time_ms`."""
    suffix = f"/{account}"
    records = [record for key, record in state.scan("obligation/") if key.endswith(suffix)]
    return [record for record in sorted(records, key=lambda r: r["year"]) if is_open(state, record, time_ms)]


def check_successor(state: State, predecessor: str, successor: str, ctx: BlockContext) -> None:
    """Raise NotEligible when the predecessor has open obligations and the successor is not a key emitting entity."""
    open_years = [record["year"] for record in get_open_obligations(state, predecessor, ctx.time)]
    record = get_participant(state, successor)
    # Verify an open obligation passes only to a key emitting entity
    if open_years and not has_role(record, ENTITY):
        raise NotEligible(f"{predecessor} has open compliance obligations for {', '.join(map(str, open_years))}, "
                          f"but successor {successor} has roles {', '.join(record['roles'])}, not entity")


def add(a: int | None, b: int | None) -> int | None:
    """The sum of two optional amounts: None only when both are None."""
    return None if a is None and b is None else (a or 0) + (b or 0)


def compute_merged(successor: dict[str, Any], predecessor: dict[str, Any], existed: bool) -> dict[str, Any]:
    """The successor's record of a year with the predecessor's record of that year merged in."""
    merged = {**predecessor, **successor, **{name: add(successor.get(name), predecessor.get(name)) for name in SUMMED}}
    merged["forced"] = bool(successor["forced"] or predecessor["forced"])
    merged["exempt"] = bool(predecessor["exempt"] and (successor["exempt"] or not existed))
    merged["succeeded_from"] = (*successor.get("succeeded_from", ()), predecessor["account"],
                                *predecessor.get("succeeded_from", ()))
    return merged


def apply_obligations(state: State, predecessor: str, successor: str, ctx: BlockContext, **details: Any) -> None:
    """Merge each open obligation record of `predecessor` into `successor`'s and remove it; emit one event each."""
    for record in get_open_obligations(state, predecessor, ctx.time):
        existed = state.get(keys.obligation(record["year"], successor)) is not None
        merged = compute_merged(get_obligation(state, record["year"], successor), record, existed)
        put_obligation(state, merged)
        state.put(keys.obligation(record["year"], predecessor), None)
        state.emit({"op": "obligation_succession", "year": record["year"], "from": predecessor, "to": successor,
                    "carried": {name: record[name] for name in (*SUMMED, "forced", "exempt")}, **details})


def apply_pending_offsets(state: State, predecessor: str, successor: str, **details: Any) -> None:
    """Merge each pending offset record of `predecessor` into `successor`'s of the same year and remove it; emit one
    event each. Requires the units already moved (sub-state kept)."""
    suffix = f"/{predecessor}"
    for key, record in list(state.scan(keys.pending_offset_all_prefix())):
        if not key.endswith(suffix):
            continue
        year = int(key.split("/")[-2])
        merged = dict(state.get(keys.pending_offset(year, successor)) or {})
        for iid, ranges in record.items():
            merged[iid] = serials.to_json(serials.union(serials.normalize(merged.get(iid, ())), serials.normalize(ranges)))
        state.put(keys.pending_offset(year, successor), dict(sorted(merged.items())))
        state.put(key, None)
        state.emit({"op": "pending_offset_succession", "year": year, "from": predecessor, "to": successor,
                    "pending": record, **details})
