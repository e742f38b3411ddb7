"""Record verified emissions: the entity's provincial authority enters the year's verified tonnes.

The verified emissions are the entity's compliance obligation for the year (surrender at least
as many allowances) and the base of the 80 % shortfall floor at true-up. The province may
correct (overwrite) a recorded figure only before the cycle's deadline; a first figure may come
later (the entity then has not complied on time). A downward correction below what the entity
already handed in returns the excess (contracts/refund.py: new serials of the surrendered vintages,
reason "surrender_refund"); one below the CCER offset is refused (offset_not_refundable).
Sources: S2 (the province verifies the emission report); S3 §五(三), §六.
Records: contracts/records.py (adds `report_ref` and `verified_at`, the height).
Feature: tests/features/record_emissions.feature.
"""
from __future__ import annotations

from typing import Any

from ledger.chain import BlockContext
from ledger.errors import DeadlinePassed
from ledger.state import State
from ledger.tx import Transaction

from . import fields
from .allocate import apply_floor
from .roles import check_entity_signed_by_province
from .records import get_cycle, get_obligation, update_obligation
from .refund import apply_refund, check_refund
from .roles import get_participant


def check_shape(body: dict[str, Any]) -> None:
    """Account, year, whole tonnes ≥ 0, an optional report reference."""
    fields.check_keys(body, {"account", "year", "verified_t"}, {"report_ref"})
    fields.get_id(body, "account")
    fields.get_year(body, "year")
    fields.get_int(body, "verified_t", 0)
    if "report_ref" in body:
        fields.get_str(body, "report_ref", 128)


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """The entity's province signed; the cycle exists; a correction comes before the deadline."""
    body = tx.body
    # Verify the account is an entity and its own province signed
    entity, _ = check_entity_signed_by_province(state, tx, body["account"])
    # Verify the year's compliance cycle exists
    cycle = get_cycle(state, body["year"])
    # Verify a correction comes before the deadline
    record = get_obligation(state, body["year"], body["account"], entity["province"])
    recorded = record["verified"]
    if recorded is not None and ctx.time >= cycle["deadline"]:
        raise DeadlinePassed(f"verified emissions of {body['account']} for {body['year']} ({recorded} t) can no longer "
                             f"be corrected: block time {fields.format_time(ctx.time)} "
                             f"≥ deadline {fields.format_time(cycle['deadline'])}")
    check_refund(state, record, body["verified_t"], f"verified emissions corrected from {recorded} t to {body['verified_t']} t")


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Write the verified tonnes into the obligation record; refund what was handed in beyond them."""
    body = tx.body
    province = get_participant(state, body["account"])["province"]
    refund = apply_refund(state, get_obligation(state, body["year"], body["account"], province), body["verified_t"])
    update_obligation(state, body["year"], body["account"], province, verified=body["verified_t"],
                      report_ref=body.get("report_ref"), verified_at=ctx.height, **refund)
    apply_floor(state, body["year"], body["account"])
