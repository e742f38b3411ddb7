"""Designate forced compliance: the province marks a risky or defaulting entity for a year.

From then on the entity's allocation of that year is issued to the province's account
(see allocate), from which the registry surrenders on the province's order and releases
the rest. The designation must come before any of the year's allowances reached the
entity itself. Source: S3 §五(四). Records: contracts/records.py (sets `forced`; adds
`forced_reason` and `forced_at`, the height). Feature: tests/features/designate_forced_compliance.feature.
"""
from __future__ import annotations

from ledger.chain import BlockContext
from ledger.errors import AlreadyExists, InvalidState
from ledger.state import State
from ledger.tx import Transaction

from . import fields
from .roles import check_entity_signed_by_province
from .records import get_obligation, update_obligation
from .roles import get_participant


def check_shape(body: dict) -> None:
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
