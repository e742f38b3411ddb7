"""Record exemption: the entity's provincial authority exempts it from a year's compliance, with a reason.

The province of the entity signs, for a year whose cycle the MEE has set, up to the deadline
(judged on block time), once. The entity's status for the year becomes "X". What it had already
surrendered for the year comes back to it (contracts/refund.py, reason "surrender_refund"); a CCER
offset is final, so an entity that offset cannot be exempted (offset_not_refundable).
Transaction type `record_exemption`. Sources: S2 Art.8, 11 (who is covered).
Records: contracts/records.py (adds `exempt_reason`, `exempt_at`, the height).
Feature: tests/features/record_exemption.feature.
"""
from __future__ import annotations

from typing import Any

from ledger.chain import BlockContext
from ledger.errors import AlreadyExists, DeadlinePassed
from ledger.state import State
from ledger.tx import Transaction

from . import fields
from .records import get_cycle, get_obligation, update_obligation
from .refund import apply_refund, check_refund
from .roles import check_entity_signed_by_province, get_participant


def check_shape(body: dict[str, Any]) -> None:
    """Account, year, and a reason."""
    fields.check_keys(body, {"account", "year", "reason"})
    fields.get_id(body, "account")
    fields.get_year(body)
    fields.get_str(body, "reason", 256)


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """The entity's province signed; the cycle exists; the deadline has not passed; not exempt yet; refundable."""
    body = tx.body
    # Verify the account is an entity and its own province signed
    entity, _ = check_entity_signed_by_province(state, tx, body["account"])
    # Verify the year's compliance cycle exists
    cycle = get_cycle(state, body["year"])
    # Verify the deadline has not passed
    if ctx.time > cycle["deadline"]:
        raise DeadlinePassed(f"block time {fields.format_time(ctx.time)} is after the {body['year']} deadline "
                             f"{fields.format_time(cycle['deadline'])}: the status is fixed, no exemption")
    record = get_obligation(state, body["year"], body["account"], entity["province"])
    # Verify the entity is not exempt yet
    if record["exempt"]:
        raise AlreadyExists(f"{body['account']} is already exempt for {body['year']}: {record.get('exempt_reason')}")
    check_refund(state, record, 0, f"exemption of {body['account']} for {body['year']}")


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Mark the obligation exempt with its reason; refund what was handed in; emit."""
    body = tx.body
    province = get_participant(state, body["account"])["province"]
    refund = apply_refund(state, get_obligation(state, body["year"], body["account"], province), 0)
    update_obligation(state, body["year"], body["account"], province, exempt=True, exempt_reason=body["reason"],
                      exempt_at=ctx.height, **refund)
    state.emit({"op": "exemption", "account": body["account"], "year": body["year"], "reason": body["reason"]})
