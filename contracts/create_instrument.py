"""Create an instrument: a CEA vintage (CEA19-20, CEA21 … CEA25) or, later, a CCER batch.

Each allocation year is its own instrument, fungible only within its vintage; the national
authority (MEE) creates it before anything of it is issued. Ids read `CEA-<year>` (and
`CEA-2019-2020` for the combined first period). Source: S3 annex 5.
Feature: tests/features/create_instrument.feature.
"""
from __future__ import annotations

import re
from typing import Any

from ledger import keys
from ledger.chain import BlockContext
from ledger.errors import AlreadyExists, InvalidField
from ledger.state import State
from ledger.tx import Transaction

from . import fields
from .roles import MEE, check_signed_by_role

CEA_PATTERN = re.compile(r"CEA-([0-9]{4})(?:-([0-9]{4}))?")


def check_shape(body: dict[str, Any]) -> None:
    """A CEA id whose vintage year matches."""
    fields.check_keys(body, {"id", "vintage"}, {"name"})
    iid = fields.get_instrument_id(body, "id")
    vintage = fields.get_year(body, "vintage")
    match = CEA_PATTERN.fullmatch(iid)
    # Verify the id names a CEA vintage and matches the vintage year (the last year of a combined period)
    if not match:
        raise InvalidField(f"id must read CEA-<year> or CEA-<year>-<year>, got {iid}")
    last_year = int(match.group(2) or match.group(1))
    if last_year != vintage:
        raise InvalidField(f"id {iid} does not match vintage {vintage}")
    if "name" in body:
        fields.get_str(body, "name", 100)


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    # Verify the MEE signed
    check_signed_by_role(state, tx, MEE)
    # Verify the instrument is new
    if state.get(keys.instrument(tx.body["id"])) is not None:
        raise AlreadyExists(f"instrument {tx.body['id']} already exists")


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    body = tx.body
    state.put(keys.instrument(body["id"]), {
        "id": body["id"], "kind": "CEA", "vintage": body["vintage"], "name": body.get("name", body["id"]),
        "issued": 0, "next_serial": 1, "created_at": ctx.height,
    })
