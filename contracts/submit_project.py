"""Submit a project: the owner publishes its project design document and opens the publicity window.

The owner (role project_owner) names the project, its methodology, place, facility, an optional
external reference (a green-certificate or another registry's id), the construction and crediting
dates, the document's hash and the VVB that will validate it. The project is public at once; its
20-working-day publicity window (market rule ccer_publicity_working_days) opens at block time.
A withdrawn methodology takes no new project; the crediting period is at most the methodology's.
Source: S8 Art.10–12. Feature: tests/features/submit_project.feature.
"""
from __future__ import annotations

from typing import Any

from ledger import keys
from ledger.ccer_errors import CreditingTooLong, MethodologyWithdrawn
from ledger.chain import BlockContext
from ledger.errors import AlreadyExists, InvalidField, NotEligible
from ledger.state import State
from ledger.tx import Transaction

from . import fields
from .ccer import SUBMITTED, compute_window_close, get_methodology, put_project
from .project_checks import compute_crediting_end, compute_stamp
from .roles import PROJECT_OWNER, VVB, check_signed_by_role, get_participant, get_signers_with_role, has_role
from .set_methodology import MAX_CREDITING_YEARS

REQUIRED = {"project", "name", "methodology", "province", "location", "facility", "construction_start",
            "crediting_start", "crediting_years", "pdd_hash", "validating_vvb"}
OPTIONAL = {"external_ref"}


def check_shape(body: dict[str, Any]) -> None:
    """Ids, texts, dates (construction not after the crediting start), a crediting period of years, the hash."""
    fields.check_keys(body, REQUIRED, OPTIONAL)
    fields.get_project_id(body)
    fields.get_str(body, "name", 200)
    fields.get_methodology_code(body)
    fields.get_str(body, "location", 200)
    fields.get_id(body, "facility")
    fields.get_id(body, "validating_vvb")
    fields.get_hash(body, "pdd_hash")
    fields.get_int(body, "crediting_years", 1, MAX_CREDITING_YEARS)
    # Verify the province is a 2-digit administrative code
    if not fields.is_province_code(body["province"]):
        raise InvalidField(f"province must be a 2-digit administrative code such as '32', got {body['province']!r}")
    if "external_ref" in body:
        fields.get_ref(body, "external_ref")
    # Verify construction started by the crediting start
    if fields.get_date(body, "construction_start") > fields.get_date(body, "crediting_start"):
        raise InvalidField(f"construction_start {body['construction_start']} is after crediting_start "
                           f"{body['crediting_start']}: a project credits reductions only once built")


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """A project owner signed; the id is new; the methodology is active and allows the period; the VVB is one."""
    body = tx.body
    # Verify a project owner signed
    check_signed_by_role(state, tx, PROJECT_OWNER)
    # Verify the project id is new (a cancelled project keeps its id for good)
    if state.get(keys.project(body["project"])) is not None:
        raise AlreadyExists(f"project {body['project']} already exists: choose another id")
    # Verify the methodology is published
    methodology = get_methodology(state, body["methodology"])
    # Verify the methodology takes new projects
    if methodology["status"] != "active":
        raise MethodologyWithdrawn(f"methodology {body['methodology']} is {methodology['status']}: it takes no new project")
    # Verify the crediting period is within the methodology's maximum
    if body["crediting_years"] > methodology["max_crediting_years"]:
        raise CreditingTooLong(f"crediting_years {body['crediting_years']} > {methodology['max_crediting_years']}, the "
                               f"longest crediting period of methodology {body['methodology']}")
    # Verify the validating VVB has an account
    vvb = get_participant(state, body["validating_vvb"])
    # Verify the validating VVB holds the role vvb
    if not has_role(vvb, VVB):
        raise NotEligible(f"validating_vvb {body['validating_vvb']} has roles {', '.join(vvb['roles'])}, not vvb")
    # Verify the working-day calendar covers the publicity window
    compute_window_close(state, ctx.time)


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Write the project, public at once, with its publicity window; emit it."""
    body = tx.body
    methodology = get_methodology(state, body["methodology"])
    record = {key: body[key] for key in REQUIRED - {"crediting_years", "project"}} | {
        "id": body["project"], "owner": get_signers_with_role(state, tx, PROJECT_OWNER)[0],
        "field": methodology["field"], "external_ref": body.get("external_ref"),
        "crediting_end": compute_crediting_end(body["crediting_start"], body["crediting_years"]),
        "status": SUBMITTED, "submitted": compute_stamp(tx, ctx), "publicity_closes": compute_window_close(state, ctx.time),
        "comments": 0, "validation": None, "application": None, "decision": None, "registered_time": None,
        "cancellation": None, "reductions": 0}
    put_project(state, record)
    state.emit({"op": "project_submitted", "project": record["id"], "owner": record["owner"],
                "publicity_closes": record["publicity_closes"]})
