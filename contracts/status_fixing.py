"""Status fixing: the public compliance status of a year is fixed at its deadline, once, and never replaced.

At the first block whose time is after a cycle's deadline, `apply_status_fixing_if_due` (a
begin-block hook of execute_block, before the block's transactions) records the status of every
entity as of the deadline: every account with an obligation record of the year and every key
emitting entity (C without verified emissions, X when exempt), under `compliance_fixed/<year>/<account>`,
and the year's totals under `compliance_fixed/<year>`. Later changes (late surrenders in the
correction period, enforcement) change only the current status, which is shown beside the fixed one
(`compute_public_status`). Source: the EU registry's compliance status codes (docs/RULES.md).
Feature: tests/features/status_fixing.feature.
"""
from __future__ import annotations

from typing import Any

from ledger import keys
from ledger.chain import BlockContext
from ledger.state import State

from .compliance_status import compute_status, list_accounts, list_statuses, summarize


def list_due_years(state: State, ctx: BlockContext) -> list[int]:
    """The years whose deadline lies before block time and whose status is not fixed yet."""
    return [cycle["year"] for _, cycle in state.scan(keys.cycle_prefix())
            if cycle["deadline"] < ctx.time and state.get(keys.fixed_summary(cycle["year"])) is None]


def apply_status_fixing_if_due(state: State, ctx: BlockContext) -> None:
    """Begin-block hook: fix the status of every entity of each year whose deadline has just passed."""
    for year in list_due_years(state, ctx):
        statuses = list_statuses(state, year)
        for status in statuses:
            state.put(keys.fixed_status(year, status["account"]), {**status, "fixed_at": ctx.height})
        state.put(keys.fixed_summary(year), {**summarize(statuses, year), "fixed_at": ctx.height,
                                             "fixed_time": ctx.time,
                                             "deadline": state.get(keys.cycle(year))["deadline"]})


def get_fixed_summary(state: State, year: int) -> dict[str, Any] | None:
    """The year's totals as fixed at the deadline, or None before it was fixed."""
    record: dict[str, Any] | None = state.get(keys.fixed_summary(year))
    return record


def compute_public_status(state: State, year: int, account: str) -> dict[str, Any]:
    """The current status of `account` with, beside it, the status fixed at the deadline (None before it).

    `changed_since_deadline` is True when the current code or covered tonnes differ from the fixed ones.
    """
    current = compute_status(state, year, account)
    fixed = state.get(keys.fixed_status(year, account))
    if fixed is None and get_fixed_summary(state, year) is not None:
        fixed = {"status": None}  # not an entity of the year when it was fixed
    changed = fixed is not None and (fixed["status"], fixed.get("covered")) != (current["status"], current["covered"])
    return {**current, "fixed": fixed, "changed_since_deadline": changed}


def list_public_statuses(state: State, year: int) -> list[dict[str, Any]]:
    """Every entity's public status of `year`: those fixed at the deadline and any recorded since, by account."""
    fixed = get_fixed_summary(state, year)
    opened_by = fixed["fixed_at"] if fixed else None
    return [compute_public_status(state, year, account) for account in list_accounts(state, year, opened_by)]
