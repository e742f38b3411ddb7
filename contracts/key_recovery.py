"""Lost-key recovery: who must ask for it, and its record, shared by its three transaction kinds.

An account that lost its keys gets new ones only when the registry and the account's supervising
authority ask together (request_key_recovery), and only after a waiting period of working days (market
rule `recovery_wait_working_days`, default 7, like the EU registry's delay for trusted accounts) during
which the account's current signing policy can veto it (veto_key_recovery); afterwards one of the
institutions that asked completes it (complete_key_recovery), replacing the keys and the threshold. No
institution alone can change another's keys. Who asks, besides the registry:

| account | institutions that ask together |
| --- | --- |
| key emitting entity | the registry and the entity's provincial authority |
| other market participant (holder, project owner, VVB: no province) | the registry and the MEE |
| a province, the exchange | the registry and the MEE |
| the registry | the MEE and the exchange (the registry cannot vouch for itself) |
| the MEE | the registry, the exchange and a provincial authority: three institutions |

`recovery/<account>` keeps the latest request: request_ref, issuer (whose order book records the ref:
the first institution), institutions, pubkeys, threshold, requested_at (height), due (ms), status
(pending, vetoed, completed). Source: S9 account rules. Feature: tests/features/key_recovery.feature.
"""
from __future__ import annotations

from typing import Any

from ledger import keys
from ledger.errors import NotFound
from ledger.state import State

from .roles import ENTITY, EXCHANGE, MEE, PROVINCE, REGISTRY, has_role

PENDING = "pending"
VETOED = "vetoed"
COMPLETED = "completed"


def get_recovery_institutions(record: dict[str, Any]) -> tuple[str | tuple[str, str], ...]:
    """The roles (a role, or (role, province)) whose distinct institutions ask for the recovery of `record`'s account."""
    if has_role(record, MEE):
        return REGISTRY, EXCHANGE, PROVINCE
    if has_role(record, REGISTRY):
        return MEE, EXCHANGE
    if has_role(record, ENTITY):
        return REGISTRY, (PROVINCE, record["province"])
    return REGISTRY, MEE


def get_recovery(state: State, account: str, ref: str) -> dict[str, Any]:
    """The recovery of `account` asked for under `ref`; raise NotFound."""
    recovery: dict[str, Any] | None = state.get(keys.recovery(account))
    if recovery is None or recovery["request_ref"] != ref:
        raise NotFound(f"account {account} has no key recovery {ref}")
    return recovery
