"""Set a methodology: the MEE publishes a CCER methodology, or updates or withdraws one it published.

A methodology (方法学) names the sector field a VVB must be accredited for (`field`, the two digits
of its code: CCER-14-001-V01 is field 14, forestry), the longest crediting period a project under it
may claim, and its version. Re-setting a code replaces the record; a withdrawn methodology takes no
new project (submit_project: methodology_withdrawn). The genesis may carry the same bodies
(`params.methodologies`). Source: S8 Art.8–9. Feature: tests/features/set_methodology.feature.
"""
from __future__ import annotations

from typing import Any

from ledger import keys
from ledger.chain import BlockContext
from ledger.errors import InvalidField
from ledger.state import State
from ledger.tx import Transaction

from . import fields
from .roles import MEE, check_signed_by_role

REQUIRED = {"code", "name", "field", "max_crediting_years", "version", "status"}
STATUSES = ("active", "withdrawn")
MAX_CREDITING_YEARS = 60  # the longest crediting period a body may state (forestry methodologies reach 40–60)


def check_shape(body: dict[str, Any]) -> None:
    """Code, name, the field and version the code carries, a crediting maximum of 1 to 60 years, a status."""
    fields.check_keys(body, REQUIRED)
    code = fields.get_methodology_code(body, "code")
    fields.get_str(body, "name", 200)
    fields.get_int(body, "max_crediting_years", 1, MAX_CREDITING_YEARS)
    # Verify the field is the one the code names
    if body["field"] != code[5:7]:
        raise InvalidField(f"field {body['field']!r} differs from the field {code[5:7]} of code {code}")
    # Verify the version is the one the code names
    if body["version"] != code[-3:]:
        raise InvalidField(f"version {body['version']!r} differs from the version {code[-3:]} of code {code}")
    # Verify the status is known
    if body["status"] not in STATUSES:
        raise InvalidField(f"status must be one of {', '.join(STATUSES)}, got {body['status']!r}")


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """The MEE signed."""
    # Verify the MEE signed
    check_signed_by_role(state, tx, MEE)


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Write the methodology over any earlier record of its code; emit it."""
    replaced = state.get(keys.methodology(tx.body["code"])) is not None
    record = apply_methodology(state, tx.body, ctx.height)
    state.emit({"op": "methodology", **record, "replaced": replaced})


def apply_methodology(state: State, body: dict[str, Any], height: int) -> dict[str, Any]:
    """Write `ccer/methodology/<code>` and return it (also used by genesis). Requires check_shape(body)."""
    record = {name: body[name] for name in sorted(REQUIRED)} | {"set_at": height}
    state.put(keys.methodology(body["code"]), record)
    return record


def check_genesis_methodologies(value: Any) -> None:
    """Raise InvalidField unless the genesis `params.methodologies` is a list of set_methodology bodies, one per code."""
    # Verify the methodologies are a list of bodies
    if not isinstance(value, list) or not all(isinstance(body, dict) for body in value):
        raise InvalidField("params.methodologies must be a list of set_methodology bodies (code, name, field, "
                           "max_crediting_years, version, status)")
    for body in value:
        check_shape(body)
    codes = [body["code"] for body in value]
    # Verify each code appears once
    if len(set(codes)) != len(codes):
        raise InvalidField(f"params.methodologies names a code twice: {sorted(codes)}")
