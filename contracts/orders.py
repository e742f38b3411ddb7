"""Orders: the references of court orders, province decisions and requests an institution executed.

Each order is recorded under `order/<issuer>/<kind>/<ref>` (ledger/keys.py): the institution that
executed it, the kind of order, and the reference the order carries. An order is executed once;
two issuers, or two kinds of one issuer, never share a namespace.
"""
from __future__ import annotations

from typing import Any

from ledger import keys
from ledger.chain import BlockContext
from ledger.errors import AlreadyExists
from ledger.state import State
from ledger.tx import Transaction

COURT = "court"  # a judicial order the registry executes (court_order)
KEY_REQUEST = "key_request"  # a holder's request for a lost-key recovery (request_key_recovery)
FORCED_SURRENDER = "forced_surrender"  # a province's forced-compliance order (forced_surrender)
SHORTFALL = "shortfall"  # a province's decision on an unpaid shortfall (enforce_shortfall)


def get_order(state: State, issuer: str, kind: str, ref: str) -> dict[str, Any] | None:
    """The record of order `ref` of `kind` executed by `issuer`, or None."""
    record: dict[str, Any] | None = state.get(keys.order(issuer, kind, ref))
    return record


def check_new_order(state: State, issuer: str, kind: str, ref: str) -> None:
    """Raise AlreadyExists if `issuer` already executed order `ref` of `kind`."""
    recorded = get_order(state, issuer, kind, ref)
    # Verify the order has not been executed
    if recorded is not None:
        raise AlreadyExists(f"{kind} order {ref} of {issuer} was already executed ({recorded['action']} "
                            f"at height {recorded['height']})")


def apply_order(state: State, issuer: str, kind: str, ref: str, action: str, tx: Transaction, ctx: BlockContext,
                **details: Any) -> None:
    """Record order `ref` of `kind` as executed by `issuer` with transaction `tx`."""
    state.put(keys.order(issuer, kind, ref), {"ref": ref, "issuer": issuer, "kind": kind, "action": action,
                                              "tx": tx.id_hex, "height": ctx.height, **details})
