"""Carry-over execution: the registry withdraws the units one application froze and issues the target vintage.

The registry signs, once per application (the entity's account and the application's number): the
exact ranges that application froze move to the terminal account WITHDRAWN, and an equal amount of
the target instrument (CEA-2025) is issued to the entity, both with reason "carryover". If a court
order has since moved any of those frozen units, the execution fails and the registry must sort it
out first. Source: S3 annex 5. Feature: tests/features/carryover_execute.feature.
"""
from __future__ import annotations

from typing import Any

from ledger import keys, serials
from ledger.chain import BlockContext
from ledger.constants import FROZEN, WITHDRAWN_ACCOUNT
from ledger.errors import AlreadyExists, NotFound
from ledger.holdings import apply_issue, apply_move, select
from ledger.state import State
from ledger.tx import Transaction

from . import fields
from .carryover_notice import get_notice
from .roles import REGISTRY, check_signed_by_role


def check_shape(body: dict[str, Any]) -> None:
    """The applicant's account and the application's number."""
    fields.check_keys(body, {"account", "application"})
    fields.get_id(body, "account")
    fields.get_int(body, "application", 1)


def get_application(state: State, account: str, number: int) -> dict[str, Any]:
    """Carry-over application `number` of `account`; raise NotFound."""
    application: dict[str, Any] | None = state.get(keys.carryover_application(account, number))
    if application is None:
        raise NotFound(f"{account} has no carry-over application {number}")
    return application


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Registry signature, an application not yet executed, its frozen units still there."""
    body = tx.body
    # Verify the registry signed
    check_signed_by_role(state, tx, REGISTRY)
    get_notice(state)
    application = get_application(state, body["account"], body["application"])
    # Verify the application has not been executed
    if application["executed"]:
        raise AlreadyExists(f"carry-over application {body['application']} of {body['account']} was executed "
                            f"at height {application['executed_at']}")
    # Verify the applied units are still frozen in the account
    for part in application["parts"]:
        select(state, body["account"], part["instrument"], None, serials.normalize(part["ranges"]), FROZEN)


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Withdraw the frozen units, issue the same amount of the target, mark the application executed."""
    body = tx.body
    application = get_application(state, body["account"], body["application"])
    details = {"account": body["account"], "application": body["application"]}
    for part in application["parts"]:
        apply_move(state, part["instrument"], body["account"], WITHDRAWN_ACCOUNT, serials.normalize(part["ranges"]),
                   "carryover", src_sub=FROZEN, **details)
    apply_issue(state, get_notice(state)["target_instrument"], body["account"], application["amount"], "carryover")
    state.put(keys.carryover_application(body["account"], body["application"]),
              {**application, "executed": True, "executed_at": ctx.height})
