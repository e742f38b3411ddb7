"""Compliance notice (履约通知): what one entity must hand in for a year, by when, and what it may use.

A pure query (no transaction), public: the obligation (verified emissions, None until recorded),
the deadline, the eligible vintages, the CCER offset cap in tonnes (the cycle's offset_cap_bp ×
the obligation, rounded down: S2 Art.29, ≤ 5 % of the obligation), the allocation to date
(pre-allocated, allocated net, of it issued to the province's account, next-year deduction applied)
and the current status. Records: contracts/records.py. Feature: tests/features/compliance_notice.feature.
"""
from __future__ import annotations

from typing import Any

from ledger.constants import BP
from ledger.errors import NotEligible
from ledger.state import State

from . import fields
from .compliance_status import compute_code, compute_covered, compute_outstanding
from .records import get_cycle, get_obligation
from .roles import ENTITY, get_participant, has_role


def compute_offset_cap(obligation_t: int | None, offset_cap_bp: int) -> int | None:
    """The CCER offset cap in tonnes: obligation × cap rounded down; None without an obligation."""
    return None if obligation_t is None else obligation_t * offset_cap_bp // BP


def compute_notice(state: State, year: int, account: str) -> dict[str, Any]:
    """The compliance notice of `account` for `year`; raise NotFound (no account or cycle) or NotEligible."""
    participant = get_participant(state, account)
    # Verify the account is a key emitting entity
    if not has_role(participant, ENTITY):
        raise NotEligible(f"account {account} has roles {', '.join(participant['roles'])}, not entity: it has no "
                          "compliance notice")
    cycle = get_cycle(state, year)
    record = get_obligation(state, year, account, participant.get("province"))
    verified = record["verified"]
    return {
        "account": account, "name": participant.get("name"), "province": record["province"], "year": year,
        "obligation_t": verified, "deadline": cycle["deadline"], "deadline_text": fields.format_time(cycle["deadline"]),
        "eligible_vintages": list(cycle["eligible_vintages"]), "offset_cap_bp": cycle["offset_cap_bp"],
        "offset_cap_t": compute_offset_cap(verified, cycle["offset_cap_bp"]),
        "allocation": {"pre_allocated": record["pre_allocated"], "allocated": record["allocated"],
                       "to_province": record["to_province"], "forced": record["forced"],
                       "deduction": record["deduction"], "deduction_applied": record["deduction_applied"]},
        "covered": compute_covered(record), "outstanding": None if verified is None else compute_outstanding(record),
        "status": compute_code(record), "exempt": record["exempt"],
    }
