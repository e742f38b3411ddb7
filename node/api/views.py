"""JSON views of registry data: holdings by sub-state, an instrument's supply, a serial's holder."""
from __future__ import annotations

from typing import Any

from ledger import serials
from ledger.constants import CANCELLED_ACCOUNT, SUB_STATES, SURRENDERED_PREFIX, WITHDRAWN_ACCOUNT

from ..clock import format_time
from ..proofs import inclusion_url
from ..storage import StoredTx

GENESIS_URL = "/v1/genesis"


def holding_view(instrument: str, holding: dict[str, Any]) -> dict[str, Any]:
    """One account's holding of one instrument: per sub-state its ranges and amount, and the total."""
    subs = {sub: {"amount": serials.count(ranges), "ranges": serials.to_json(ranges)}
            for sub, ranges in sorted(holding.items())}
    return {"instrument": instrument, "total": sum(s["amount"] for s in subs.values()), "sub_states": subs}


def compute_supply(record: dict[str, Any], holders: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Where every issued tonne is: held (by sub-state), surrendered (by year), cancelled, withdrawn.

    `balanced` is the conservation check: issued = held + surrendered + cancelled + withdrawn.
    """
    held = dict.fromkeys(SUB_STATES, 0)
    surrendered: dict[str, int] = {}
    cancelled = withdrawn = 0
    for account, holding in holders.items():
        amount = sum(serials.count(r) for r in holding.values())
        if account == CANCELLED_ACCOUNT:
            cancelled += amount
        elif account == WITHDRAWN_ACCOUNT:
            withdrawn += amount
        elif account.startswith(SURRENDERED_PREFIX):
            year = account[len(SURRENDERED_PREFIX):]
            surrendered[year] = surrendered.get(year, 0) + amount
        else:
            for sub, ranges in holding.items():
                held[sub] = held.get(sub, 0) + serials.count(ranges)
    total_held, total_surrendered = sum(held.values()), sum(surrendered.values())
    return {
        "issued": record["issued"], "held": total_held, "held_by_sub_state": held,
        "surrendered": total_surrendered, "surrendered_by_year": surrendered, "cancelled": cancelled,
        "withdrawn": withdrawn, "holders": sum(1 for a in holders if not _is_terminal(a)),
        "balanced": record["issued"] == total_held + total_surrendered + cancelled + withdrawn,
    }


def _is_terminal(account: str) -> bool:
    return account in (CANCELLED_ACCOUNT, WITHDRAWN_ACCOUNT) or account.startswith(SURRENDERED_PREFIX)


def find_sub_state(holding: dict[str, Any] | None, serial: int) -> str | None:
    """The sub-state of `holding` whose ranges contain `serial`, or None."""
    for sub, ranges in (holding or {}).items():
        if serials.contains(ranges, serial):
            return sub
    return None


def event_view(event: dict[str, Any], genesis_time: int) -> dict[str, Any]:
    """A provenance entry with its block time in RFC 3339 and the URL of its transaction's inclusion proof; an
    opening balance (height 0) has the genesis time and points to the genesis document, which it comes from."""
    if event["height"] == 0:
        return {**event, "time": format_time(genesis_time), "time_ms": genesis_time, "proof": GENESIS_URL}
    return {**event, "time": format_time(event["time"]), "time_ms": event["time"],
            "proof": inclusion_url(event["tx_id"])}


def tx_view(stored: StoredTx, signer_accounts: list[str]) -> dict[str, Any]:
    """A committed transaction as GET /v1/tx/{id} answers it: status, place in the chain, receipt, payload, proofs;
    `signer_accounts` are the accounts whose keys signed it."""
    return {
        "id": stored.tx.id_hex, "status": "committed" if stored.receipt["code"] == "ok" else "failed",
        "type": stored.tx.type, "height": stored.height, "index": stored.index, "block_hash": stored.block_hash.hex(),
        "time": format_time(stored.time), "time_ms": stored.time, "log_index": stored.log_index,
        "receipt": stored.receipt, "payload": stored.tx.payload(), "signer_accounts": signer_accounts,
        "proof": {"inclusion": inclusion_url(stored.tx.id_hex),
                  "bundle": f"{inclusion_url(stored.tx.id_hex)}?format=tlog-proof"},
    }
