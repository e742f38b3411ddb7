"""Record an external claim: the registry records that a reference or a facility is claimed elsewhere.

A green certificate (绿证), another registry's credit or a local ETS's allowance management claims the
same reductions or facility: recorded here, it stops a CCER project with that external reference or
facility from registering (decide_project: double_registration; a local_ets facility is under ETS:
project_under_ets, and never offsets). A claim already held (by a project here or recorded before) is not
recorded again. Source: S8 Art.10 (no double claiming). Feature: tests/features/record_external_claim.feature.
"""
from __future__ import annotations

from typing import Any

from ledger import keys
from ledger.ccer_errors import DoubleRegistration
from ledger.chain import BlockContext
from ledger.errors import InvalidField
from ledger.state import State
from ledger.tx import Transaction

from . import fields
from .project_checks import describe_claim
from .roles import REGISTRY, check_signed_by_role, get_signers_with_role

REQUIRED = {"kind", "ref"}
OPTIONAL = {"facility"}
KINDS = ("green_certificate", "other_registry", "local_ets")


def check_shape(body: dict[str, Any]) -> None:
    """The kind of claim, its reference, and the facility when known."""
    fields.check_keys(body, REQUIRED, OPTIONAL)
    # Verify the kind is known
    if body["kind"] not in KINDS:
        raise InvalidField(f"kind must be one of {', '.join(KINDS)}, got {body['kind']!r}")
    fields.get_ref(body, "ref")
    if "facility" in body:
        fields.get_id(body, "facility")


def get_targets(body: dict[str, Any]) -> list[tuple[str, str]]:
    """The (kind, value) claims the body records: its reference, and its facility when given."""
    return [("ref", body["ref"])] + ([("facility", body["facility"])] if "facility" in body else [])


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """The registry signed; neither the reference nor the facility is claimed already."""
    # Verify the registry signed
    check_signed_by_role(state, tx, REGISTRY)
    for kind, value in get_targets(tx.body):
        claim = state.get(keys.project_claim(kind, value))
        # Verify the reference and the facility are not claimed already
        if claim is not None:
            raise DoubleRegistration(f"{kind} {value} is already claimed by {describe_claim(claim)}")


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Write the claim elsewhere on the reference and the facility; emit it."""
    claim = {"elsewhere": tx.body["kind"], "by": get_signers_with_role(state, tx, REGISTRY)[0], "tx": tx.id_hex}
    for kind, value in get_targets(tx.body):
        state.put(keys.project_claim(kind, value), claim)
    state.emit({"op": "external_claim", **tx.body, **claim})
