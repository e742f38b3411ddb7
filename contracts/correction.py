"""Correction period (责令限期改正): a late surrender against an enforced shortfall, and the deduction it cancels.

After the cycle's deadline the entity may still surrender, but only once its province's enforcement
order (enforce_shortfall) has fixed the shortfall, the fine and a correction deadline, and only until
that correction deadline: before the order a late surrender is refused (correction_not_open: it waits
for the province's order), after the correction deadline too (correction_period_over). Tonnes
surrendered in the period count as `late_surrendered` and `corrected` and cancel as much of next year's
deduction; the fine stays (S1 Art.24). Where next year's allocation already applied that deduction, the
restored tonnes are issued in next year's CEA vintage where next year's allocation went (the entity's
own account, or its province's account, earmarked, under forced compliance; reason "deduction_restored"),
and next year's record counts them: deduction and deduction_applied fall,
allocated rises. Source: S1 Art.24. Feature: tests/features/surrender.feature.
"""
from __future__ import annotations

from typing import Any

from ledger import keys
from ledger.chain import BlockContext
from ledger.errors import NotFound
from ledger.account_errors import CorrectionNotOpen, CorrectionPeriodOver
from ledger.constants import AVAILABLE, EARMARKED
from ledger.holdings import apply_issue
from ledger.state import State

from . import fields
from .records import get_obligation, update_obligation
from .refund import tally_changes


def check_correction_open(record: dict[str, Any] | None, deadline: int, ctx: BlockContext) -> None:
    """Raise unless block time lies in the correction period of `record`. Requires block time after `deadline`."""
    who = f"{record['account']} for {record['year']}" if record else "this entity"
    # Verify the province's enforcement order has opened the correction period
    if record is None or record.get("correction_deadline") is None:
        raise CorrectionNotOpen(f"block time {fields.format_time(ctx.time)} is after the deadline "
                                f"{fields.format_time(deadline)}: a late surrender of {who} waits for the province's "
                                "enforcement order (责令限期改正), which sets the correction period")
    # Verify the correction period has not ended
    if ctx.time > record["correction_deadline"]:
        raise CorrectionPeriodOver(f"block time {fields.format_time(ctx.time)} is after the correction deadline "
                                   f"{fields.format_time(record['correction_deadline'])} of {who}")


def compute_restore(following: dict[str, Any], amount: int) -> tuple[int, int]:
    """(next year's deduction after cancelling `amount` t, tonnes of its applied deduction to restore)."""
    deduction = max(0, following["deduction"] - amount)
    return deduction, max(0, following["deduction_applied"] - deduction)


def get_vintage(state: State, year: int) -> str:
    """The CEA instrument of vintage `year` (the lowest id if several); raise NotFound."""
    found: list[str] = [record["id"] for _, record in state.scan(keys.instrument(""))
                        if record.get("kind") == "CEA" and record.get("vintage") == year]
    if not found:
        raise NotFound(f"no CEA vintage {year} exists to restore a deduction in")
    return min(found)


def check_restore(state: State, record: dict[str, Any], amount: int) -> None:
    """Raise NotFound when a restore is due and next year's vintage does not exist."""
    following = get_obligation(state, record["year"] + 1, record["account"], record["province"])
    # Verify next year's vintage exists when part of its allocation is restored
    if compute_restore(following, amount)[1]:
        get_vintage(state, record["year"] + 1)


def apply_correction(state: State, record: dict[str, Any], iid: str, amount: int, ctx: BlockContext) -> None:
    """Count `amount` t of `iid` as a late correction and cancel as much of next year's deduction."""
    year, account = record["year"], record["account"]
    update_obligation(state, year, account, late_surrendered=record["late_surrendered"] + amount,
                      corrected=record.get("corrected", 0) + amount, **tally_changes(record, iid, amount))
    following = get_obligation(state, year + 1, account, record["province"])
    deduction, restored = compute_restore(following, amount)
    holder = following.get("allocation_holder") or account
    if restored:
        vintage = get_vintage(state, year + 1)
        # to where next year's allocation goes: the province's account, earmarked, for a forced entity
        apply_issue(state, vintage, holder, restored, "deduction_restored", EARMARKED if holder != account else AVAILABLE)
        state.emit({"op": "deduction_restored", "account": account, "year": year + 1, "instrument": vintage,
                    "holder": holder, "amount": restored})
    if following["deduction"]:
        update_obligation(state, year + 1, account, deduction=deduction,
                          deduction_applied=following["deduction_applied"] - restored,
                          allocated=following["allocated"] + restored,
                          to_province=following["to_province"] + (restored if holder != account else 0))
    state.emit({"op": "correction", "account": account, "year": year, "amount": amount,
                "deduction_year": year + 1, "deduction_cancelled": following["deduction"] - deduction})
