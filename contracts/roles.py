"""Participant roles and the authorization checks every handler uses."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ledger import keys
from ledger.errors import AccountClosed, AccountRestricted, NotEligible, NotFound, Unauthorized
from ledger.account_errors import SameInstitution, ThresholdNotMet
from ledger.state import State
from ledger.tx import Transaction

MEE = "mee"  # 生态环境部, the national authority
PROVINCE = "province"  # 省级生态环境主管部门
REGISTRY = "registry"  # 注册登记机构, the registry operator
EXCHANGE = "exchange"  # 交易机构
ENTITY = "entity"  # 重点排放单位, a key emitting entity
HOLDER = "holder"  # another institution holding units
PROJECT_OWNER = "project_owner"
VVB = "vvb"  # 审定与核查机构
ROLES = (MEE, PROVINCE, REGISTRY, EXCHANGE, ENTITY, HOLDER, PROJECT_OWNER, VVB)
AUTHORITY_ROLES = (MEE, PROVINCE, REGISTRY, EXCHANGE)

ACTIVE = "active"
RESTRICTED = "restricted"  # may receive, may not send
CLOSED = "closed"


def get_participant(state: State, pid: str) -> dict[str, Any]:
    """The participant record; raise NotFound."""
    record: dict[str, Any] | None = state.get(keys.participant(pid))
    if record is None:
        raise NotFound(f"account {pid} does not exist")
    return record


def get_threshold(record: dict[str, Any]) -> int:
    """How many of the account's keys must sign for it: k of its signing policy k of n (1 when not set)."""
    threshold: int = record.get("threshold", 1)
    return threshold


def count_signatures(state: State, tx: Transaction) -> dict[str, int]:
    """How many keys of each participant signed, in the order of its first signature; raise Unauthorized for an unknown key."""
    counts: dict[str, int] = {}
    for pubkey in tx.signers:
        pid = state.get(keys.signer(pubkey.hex()))
        if pid is None:
            raise Unauthorized(f"key {pubkey.hex()[:16]}… belongs to no participant")
        counts[pid] = counts.get(pid, 0) + 1
    return counts


def describe_unmet_policy(state: State, pid: str, signed: int) -> str:
    """'account X signed with 1 key < its threshold of 2 (2 of 3 keys)': what an unmet policy lacks."""
    record = get_participant(state, pid)
    return (f"account {pid} signed with {signed} key{'s' if signed != 1 else ''} < its threshold of "
            f"{get_threshold(record)} ({get_threshold(record)} of {len(record['pubkeys'])} keys): add its other keys' signatures")


def signer_ids(state: State, tx: Transaction) -> list[str]:
    """Each participant whose signing policy the signatures meet, once, in the order of its first signature.

    The participant of the first signature (whose nonce the transaction carries) must meet its policy: raise
    ThresholdNotMet otherwise; another participant with too few signatures is left out (it signed nothing)."""
    counts = count_signatures(state, tx)
    met = [pid for pid, n in counts.items() if n >= get_threshold(get_participant(state, pid))]
    first = next(iter(counts))
    # Verify the primary signer's policy is met
    if first not in met:
        raise ThresholdNotMet(describe_unmet_policy(state, first, counts[first]))
    return met


def check_no_partial_signature(state: State, tx: Transaction, wanted: Callable[[dict[str, Any]], bool]) -> None:
    """Raise ThresholdNotMet if a participant matching `wanted` signed with too few keys (a clearer error than 'unauthorized')."""
    for pid, n in count_signatures(state, tx).items():
        record = get_participant(state, pid)
        if wanted(record) and n < get_threshold(record):
            raise ThresholdNotMet(describe_unmet_policy(state, pid, n))


def has_role(record: dict[str, Any], role: str) -> bool:
    return role in record["roles"]


def get_signers_with_role(state: State, tx: Transaction, role: str, province: str | None = None) -> list[str]:
    """The signers (policy met) holding `role`, in `province` if given, in signing order."""
    return [pid for pid in signer_ids(state, tx) if is_in_role(get_participant(state, pid), role, province)]


def is_in_role(record: dict[str, Any], role: str, province: str | None) -> bool:
    """True when the participant holds `role`, in `province` if one is given."""
    return has_role(record, role) and (province is None or record.get("province") == province)


def check_signed_by_role(state: State, tx: Transaction, role: str, province: str | None = None) -> str:
    """Return the id of the signer holding `role` (in `province` if given); raise Unauthorized."""
    found = get_signers_with_role(state, tx, role, province)
    if found:
        return found[0]
    check_no_partial_signature(state, tx, lambda record: is_in_role(record, role, province))
    where = f" of province {province}" if province else ""
    raise Unauthorized(f"this transaction needs the signature of a {role}{where}")


def check_signed_by_roles(state: State, tx: Transaction, *wanted: str | tuple[str, str]) -> tuple[str, ...]:
    """One distinct signer per wanted role (a role, or (role, province)), in order; raise Unauthorized, or
    SameInstitution when one account would stand for two of them. E.g. `(PROVINCE, "37"), REGISTRY`."""
    chosen: list[str] = []
    for item in wanted:
        role, province = (item, None) if isinstance(item, str) else item
        found = get_signers_with_role(state, tx, role, province)
        if not found:
            check_signed_by_role(state, tx, role, province)  # raises: no signer holds the role
        free = [pid for pid in found if pid not in chosen]
        # Verify each role is signed by another institution than the roles before it
        if not free:
            raise SameInstitution(f"{found[0]} already signs as another institution of this transaction and cannot "
                                  f"sign as {role} too: it needs two different institutions")
        chosen.append(free[0])
    return tuple(chosen)


def check_signed_by(state: State, tx: Transaction, pid: str) -> None:
    """Raise Unauthorized unless participant `pid` is among the signers (with its signing policy met)."""
    if pid not in signer_ids(state, tx):
        check_no_partial_signature(state, tx, lambda record: record["id"] == pid)
        raise Unauthorized(f"this transaction needs the signature of account {pid}")


def check_can_send(state: State, pid: str) -> dict[str, Any]:
    """The participant record of an account that may send units; raise if restricted or closed."""
    record = get_participant(state, pid)
    if record["status"] == CLOSED:
        raise AccountClosed(f"account {pid} is closed")
    if record["status"] == RESTRICTED:
        raise AccountRestricted(f"account {pid} is restricted: it may receive but not send")
    return record


def check_can_receive(state: State, pid: str) -> dict[str, Any]:
    """The participant record of an account that may receive units; raise if closed."""
    record = get_participant(state, pid)
    if record["status"] == CLOSED:
        raise AccountClosed(f"account {pid} is closed")
    return record


def check_entity_signed_by_province(state: State, tx: Transaction, account: str) -> tuple[dict[str, Any], str]:
    """The entity's record and the id of its signing province; raise NotEligible or Unauthorized."""
    record = get_participant(state, account)
    # Verify the account is a key emitting entity
    if not has_role(record, ENTITY):
        raise NotEligible(f"account {account} has roles {', '.join(record['roles'])}, not entity")
    # Verify the entity's own province signed
    return record, check_signed_by_role(state, tx, PROVINCE, record["province"])
