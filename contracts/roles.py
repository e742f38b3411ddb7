"""Participant roles and the authorization checks every handler uses."""
from __future__ import annotations

from typing import Any

from ledger import keys
from ledger.errors import AccountClosed, AccountRestricted, NotEligible, NotFound, Unauthorized
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
    record = state.get(keys.participant(pid))
    if record is None:
        raise NotFound(f"account {pid} does not exist")
    return record


def signer_ids(state: State, tx: Transaction) -> list[str]:
    """The participant id of each signer, in order; raise Unauthorized for an unknown key."""
    out = []
    for pubkey in tx.signers:
        pid = state.get(keys.signer(pubkey.hex()))
        if pid is None:
            raise Unauthorized(f"key {pubkey.hex()[:16]}… belongs to no participant")
        out.append(pid)
    return out


def has_role(record: dict[str, Any], role: str) -> bool:
    return role in record["roles"]


def check_signed_by_role(state: State, tx: Transaction, role: str, province: str | None = None) -> str:
    """Return the id of the signer holding `role` (in `province` if given); raise Unauthorized."""
    for pid in signer_ids(state, tx):
        record = get_participant(state, pid)
        if has_role(record, role) and (province is None or record.get("province") == province):
            return pid
    where = f" of province {province}" if province else ""
    raise Unauthorized(f"this transaction needs the signature of a {role}{where}")


def check_signed_by(state: State, tx: Transaction, pid: str) -> None:
    """Raise Unauthorized unless participant `pid` is among the signers."""
    if pid not in signer_ids(state, tx):
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
