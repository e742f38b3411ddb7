"""Designate forced compliance: the province marks a risky or defaulting entity for a year.

From then on the entity's allocation of that year is issued to the province's account,
earmarked for it (see allocate), from which the registry surrenders on the province's order and
releases the rest. The designation must come before any of the year's allowances reached the
entity itself. Besides those the province designates, an entity that did not cover its previous
year's verified emissions by that cycle's deadline is designated automatically by its next
allocation (`compute_automatic_reason`). Source: S3 §五(四). Records: contracts/records.py (sets
`forced`; adds `forced_reason`, `forced_at`, the height, and `forced_automatically`).
Feature: tests/features/designate_forced_compliance.feature.
"""
from __future__ import annotations

from typing import Any

from ledger import keys
from ledger.chain import BlockContext
from ledger.errors import AlreadyExists, InvalidState
from ledger.state import State
from ledger.tx import Transaction

from . import fields
from .compliance_status import is_on_time
from .roles import check_entity_signed_by_province
from .records import get_obligation, update_obligation
from .roles import get_participant


def check_shape(body: dict[str, Any]) -> None:
    """Account, year and the province's reason."""
    fields.check_keys(body, {"account", "year", "reason"})
    fields.get_id(body, "account")
    fields.get_year(body, "year")
    fields.get_str(body, "reason", 256)


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """The entity's province signed; not yet designated; nothing of the year issued to the entity."""
    body = tx.body
    # Verify the account is an entity and its own province signed
    entity, _ = check_entity_signed_by_province(state, tx, body["account"])
    obligation = get_obligation(state, body["year"], body["account"], entity["province"])
    # Verify the entity is not designated already
    if obligation["forced"]:
        raise AlreadyExists(f"{body['account']} is already designated for forced compliance in {body['year']}")
    # Verify none of the year's allocation was issued to the entity itself
    own = obligation["allocated"] - obligation["to_province"]
    if own > 0:
        raise InvalidState(f"{body['account']} already received {own} t of its {body['year']} allocation > 0 t: "
                           "designate before allocating")


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Mark the obligation record as forced."""
    body = tx.body
    province = get_participant(state, body["account"])["province"]
    update_obligation(state, body["year"], body["account"], province, forced=True,
                      forced_reason=body["reason"], forced_at=ctx.height)


def compute_automatic_reason(state: State, year: int, account: str, time: int) -> str | None:
    """Why `account` is due for forced compliance in `year` by rule, or None.

    Due when the previous year's cycle deadline has passed at block `time` and the entity's verified
    emissions of that year (recorded, not exempt) were not covered on time (S3 §五(四)).
    """
    cycle = state.get(keys.cycle(year - 1))
    previous: dict[str, Any] | None = state.get(keys.obligation(year - 1, account))
    if cycle is None or time <= cycle["deadline"] or previous is None:
        return None
    if previous["verified"] is None or previous["exempt"] or is_on_time(previous):
        return None
    handed_in = previous["surrendered"] + previous["offset"]
    return (f"automatic: {year - 1} verified emissions {previous['verified']} t not covered by the deadline "
            f"{fields.format_time(cycle['deadline'])} (handed in {handed_in} t); S3 §五(四)")


def apply_automatic(state: State, obligation: dict[str, Any], reason: str, height: int) -> dict[str, Any]:
    """Mark `obligation` forced by rule with `reason`; emit the designation; return the new record."""
    state.emit({"op": "forced_compliance", "account": obligation["account"], "year": obligation["year"],
                "reason": reason, "automatic": True})
    return update_obligation(state, obligation["year"], obligation["account"], obligation["province"], forced=True,
                             forced_reason=reason, forced_at=height, forced_automatically=True)
