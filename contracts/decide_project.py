"""Decide a project: the registry registers it, or refuses it with a reason, within 15 working days.

Registering checks what the law requires of a project: construction started after 2012-11-08 (market
rule ccer_construction_after); the facility is not under ETS allowance management (an entity's
account, or a local ETS claim); no project here and no claim recorded elsewhere holds its facility or
its external reference (no double registration, no double claiming). Registering writes the project's
claims. A decision after the due is allowed and flagged `late` in the public record.
Source: S8 Art.10, 15. Feature: tests/features/decide_project.feature.
"""
from __future__ import annotations

from typing import Any

from ledger import keys
from ledger.ccer_errors import ConstructionTooEarly, DoubleRegistration, ProjectUnderEts
from ledger.chain import BlockContext
from ledger.errors import InvalidField
from ledger.state import State
from ledger.tx import Transaction

from . import fields
from .ccer import APPLIED, REFUSED, REGISTERED, put_project
from .market_rules import get_rule
from .project_checks import (apply_project_claims, check_status, compute_stamp, describe_claim, describe_ets, get_claims,
                             get_open_project)
from .roles import REGISTRY, check_signed_by_role

REQUIRED = {"project", "outcome"}
OPTIONAL = {"reason"}
OUTCOMES = {"register": REGISTERED, "refuse": REFUSED}


def check_shape(body: dict[str, Any]) -> None:
    """The project, the outcome, and a reason (required to refuse)."""
    fields.check_keys(body, REQUIRED, OPTIONAL)
    fields.get_project_id(body)
    # Verify the outcome is register or refuse
    if body["outcome"] not in OUTCOMES:
        raise InvalidField(f"outcome must be one of {', '.join(OUTCOMES)}, got {body['outcome']!r}")
    # Verify a refusal gives its reason
    if body["outcome"] == "refuse" and "reason" not in body:
        raise InvalidField("a refusal needs reason: why the registry refuses the project")
    if "reason" in body:
        fields.get_str(body, "reason", 512)


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """The registry signed; the project applied; to register, the project meets the law's conditions."""
    # Verify the registry signed
    check_signed_by_role(state, tx, REGISTRY)
    project = get_open_project(state, tx.body["project"])
    # Verify the owner applied and the registry has not decided yet
    check_status(project, (APPLIED,), "a decision")
    if tx.body["outcome"] == "register":
        check_registrable(state, project)


def check_registrable(state: State, project: dict[str, Any]) -> None:
    """Raise unless the project may be registered: built late enough, not under ETS, claiming nothing claimed."""
    after = get_rule(state, "ccer_construction_after")
    # Verify construction started after the market rule's date
    if project["construction_start"] <= after:
        raise ConstructionTooEarly(f"construction_start {project['construction_start']} is not after {after} "
                                   "(market rule ccer_construction_after, S8 Art.10)")
    under = describe_ets(state, project["facility"])
    # Verify the facility is not under national or local ETS allowance management
    if under is not None:
        raise ProjectUnderEts(f"{under}: its reductions cannot become CCER (S8 Art.10)")
    for kind, value in get_claims(project):
        claim = state.get(keys.project_claim(kind, value))
        # Verify no project and no claim elsewhere holds the facility or the external reference
        if claim is not None:
            raise DoubleRegistration(f"{kind} {value} of project {project['id']} is already claimed by "
                                     f"{describe_claim(claim)}: no double registration")


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Record the decision (late when after its due); on registration, write the project's claims; emit it."""
    body = tx.body
    project = get_open_project(state, body["project"])
    status = OUTCOMES[body["outcome"]]
    decision = {**compute_stamp(tx, ctx), "outcome": status, "reason": body.get("reason"),
                "late": ctx.time >= project["application"]["decision_due"]}
    project = put_project(state, project, status=status, decision=decision,
                          registered_time=ctx.time if status == REGISTERED else None)
    if status == REGISTERED:
        apply_project_claims(state, project)
    state.emit({"op": "project_decided", "project": project["id"], **decision})
