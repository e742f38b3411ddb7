"""Accredit a VVB: the MEE accredits a validation/verification body per sector field, suspends or revokes it.

An active VVB files validation and verification reports for projects whose methodology's field it is
accredited for; a suspended one files none until the MEE makes it active again (its fields are kept
unless the body names new ones); a revoked accreditation is final. Each change is appended to the
record's history with its block time and height, so the public record dates every suspension and
revocation. Source: S8 Art.25–26, S11. Feature: tests/features/accredit_vvb.feature.
"""
from __future__ import annotations

import re
from typing import Any

from ledger import keys
from ledger.ccer_errors import AccreditationRevoked
from ledger.chain import BlockContext
from ledger.errors import InvalidField, NotEligible, NotFound
from ledger.state import State
from ledger.tx import Transaction

from . import fields
from .ccer import VVB_ACTIVE, VVB_REVOKED, VVB_SUSPENDED
from .roles import MEE, VVB, check_signed_by_role, get_participant, has_role

REQUIRED = {"vvb", "status"}
OPTIONAL = {"fields"}
STATUSES = (VVB_ACTIVE, VVB_SUSPENDED, VVB_REVOKED)
FIELD_PATTERN = re.compile(r"[0-9]{2}")


def check_shape(body: dict[str, Any]) -> None:
    """The VVB's account, a status, and the 2-digit fields (required to make it active)."""
    fields.check_keys(body, REQUIRED, OPTIONAL)
    fields.get_id(body, "vvb")
    # Verify the status is known
    if body["status"] not in STATUSES:
        raise InvalidField(f"status must be one of {', '.join(STATUSES)}, got {body['status']!r}")
    # Verify an active accreditation names its fields
    if body["status"] == VVB_ACTIVE and "fields" not in body:
        raise InvalidField("an active accreditation needs fields, the 2-digit sector fields such as [\"01\", \"14\"]")
    if "fields" in body:
        get_fields(body)


def get_fields(body: dict[str, Any]) -> tuple[str, ...]:
    """The body's distinct 2-digit sector fields, sorted; raise InvalidField."""
    value = body["fields"]
    # Verify the fields are a non-empty list of distinct 2-digit codes
    if (not isinstance(value, list) or not value or len(value) > 100 or len(set(map(str, value))) != len(value)
            or not all(isinstance(f, str) and FIELD_PATTERN.fullmatch(f) for f in value)):
        raise InvalidField(f"fields must be a non-empty list of distinct 2-digit sector fields such as '01', "
                           f"got {value!r}")
    return tuple(sorted(value))


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """The MEE signed; the account is a VVB; revocation is final; only an accredited body is suspended or revoked."""
    body = tx.body
    # Verify the MEE signed
    check_signed_by_role(state, tx, MEE)
    participant = get_participant(state, body["vvb"])
    # Verify the account holds the role vvb
    if not has_role(participant, VVB):
        raise NotEligible(f"account {body['vvb']} has roles {', '.join(participant['roles'])}, not vvb: "
                          "the registry registers a VVB with role vvb first")
    record = state.get(keys.vvb(body["vvb"]))
    # Verify a revoked accreditation is not changed
    if record is not None and record["status"] == VVB_REVOKED:
        raise AccreditationRevoked(f"{body['vvb']}'s accreditation was revoked at height {record['history'][-1][3]}: "
                                   f"revocation is final, it cannot become {body['status']}")
    # Verify a suspension or revocation concerns an accredited body
    if record is None and body["status"] != VVB_ACTIVE:
        raise NotFound(f"{body['vvb']} has no accreditation to make {body['status']}: the MEE accredits it first")


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Write the accreditation with its new status and fields; append the change to its history; emit it."""
    body = tx.body
    record = state.get(keys.vvb(body["vvb"])) or {"vvb": body["vvb"], "history": ()}
    chosen = get_fields(body) if "fields" in body else record["fields"]
    change = (body["status"], chosen, ctx.time, ctx.height)
    state.put(keys.vvb(body["vvb"]), {**record, "fields": chosen, "status": body["status"],
                                      "history": (*record["history"], change)})
    state.emit({"op": "vvb_accreditation", "vvb": body["vvb"], "status": body["status"], "fields": list(chosen),
                "time": ctx.time, "height": ctx.height})
