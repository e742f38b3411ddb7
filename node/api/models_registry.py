"""Response models of the registry's routes: accounts, holdings, instruments, serials, compliance, prices.

Tonnes are integers; fines and prices are in fen (`*_fen`); heights at which a record was written end in `_at`.
"""
from __future__ import annotations

from typing import Any

from pydantic import Field

from .models import KEY, TX, Record, record

ENTITY = "91110000000000002L"
PROOF = "/v1/proof/state/"
HOLDING = {"instrument": "CEA-2024", "total": 100, "sub_states": {"available": {"amount": 100, "ranges": [[1301, 1400]]}}}
STATUS = {"account": ENTITY, "year": 2024, "province": "11", "status": "B", "on_time": False, "verified": 800,
          "allocated": 700, "surrendered": 700, "offset": 0, "late_surrendered": 0, "shortfall": 100,
          "fine_fen": 4874500, "refunded": 0, "corrected": 0, "covered": 700, "outstanding": 100,
          "fixed": {"status": "B", "fixed_at": 18}, "changed_since_deadline": False,
          "proof": f"{PROOF}obligation/2024/{ENTITY}?height=19"}


class Account(Record):
    """A participant's record and its last nonce."""

    model_config = record({"id": "91110000000000001H", "name": "重点排放单位 1", "opened_at": 1, "province": "11",
                           "pubkeys": [KEY], "roles": ["entity"], "sector": "power", "status": "active",
                           "threshold": 1, "nonce": 2})
    id: str = Field(description="account id (an entity's unified social credit code)")
    name: str = Field(description="the participant's name")
    roles: list[str] = Field(description="entity, province, registry, mee, exchange, vvb, project_owner …")
    pubkeys: list[str] = Field(description="Ed25519 public keys, hex")
    nonce: int = Field(description="the last nonce the account's transactions used (0: none yet)")


class Holding(Record):
    """One instrument an account holds."""

    model_config = record(HOLDING)
    instrument: str = Field(description="instrument id")
    total: int = Field(description="tonnes held, all sub-states")
    sub_states: dict[str, Any] = Field(description="per sub-state `{amount, ranges}` (tonnes, serial ranges)")


class Holdings(Record):
    """Every instrument an account holds."""

    model_config = record({"account": ENTITY, "holdings": [HOLDING]})
    account: str = Field(description="account id")
    holdings: list[Holding] = Field(description="one entry per instrument held")


class Instrument(Record):
    """An instrument's record and where its tonnes are."""

    model_config = record({"id": "CEA-2024", "kind": "CEA", "name": "CEA-2024", "vintage": 2024, "issued": 2100,
                           "next_serial": 2101, "created_at": 1,
                           "supply": {"issued": 2100, "held": 750, "held_by_sub_state": {"available": 750},
                                      "surrendered": 1300, "surrendered_by_year": {"2024": 1300}, "cancelled": 50,
                                      "withdrawn": 0, "holders": 2, "balanced": True},
                           "proof": f"{PROOF}instrument/CEA-2024"})
    id: str = Field(description="instrument id")
    kind: str = Field(description="CEA or CCER")
    issued: int = Field(description="tonnes issued")
    supply: dict[str, Any] = Field(description="tonnes issued, held (by sub-state), surrendered (by year), cancelled, "
                                               "withdrawn; `balanced` checks they add up")
    proof: str = Field(description="URL of the record's state proof")


class SerialProvenance(Record):
    """One tonne's provenance."""

    model_config = record({"instrument": "CEA-2024", "serial": 1, "holder": "SURRENDERED-2024",
                           "sub_state": "available", "terminal": True,
                           "events": [{"height": 3, "index": 3, "time": "2024-01-02T09:00:00.003+08:00",
                                       "time_ms": 1704157200003, "tx_id": TX, "op": "issue", "range": [1, 700],
                                       "from": None, "to": "91110000000000001H", "to_sub": "available",
                                       "reason": "pre_allocation", "proof": f"/v1/proof/inclusion/{TX}",
                                       "provenance": None}]})
    instrument: str = Field(description="instrument id")
    serial: int = Field(description="serial number of the tonne")
    holder: str | None = Field(description="the account holding it now (SURRENDERED-<year>, CANCELLED … once final)")
    sub_state: str | None = Field(description="its sub-state at the holder")
    terminal: bool = Field(description="true once surrendered, cancelled or withdrawn: it never moves again")
    events: list[dict[str, Any]] = Field(description="every event that touched it, oldest first")


class ComplianceStatus(Record):
    """One entity's compliance status for a year."""

    model_config = record(STATUS)
    account: str = Field(description="account id")
    year: int = Field(description="compliance year")
    status: str | None = Field(description="A: surrendered and offset tonnes cover the verified emissions; B: they "
                                           "fall short; C: verified emissions not entered; X: exempt")
    proof: str | None = Field(description="URL of the state proof of its obligation, null if none is recorded")


class ComplianceNotice(Record):
    """The compliance notice (履约通知) of an entity and year."""

    model_config = record({"account": ENTITY, "name": "重点排放单位 2", "province": "11", "year": 2024,
                           "obligation_t": 800, "deadline": 1767196799000, "deadline_text": "2025-12-31T23:59:59+08:00",
                           "eligible_vintages": ["CEA-2024"], "offset_cap_bp": 500, "offset_cap_t": 40,
                           "allocation": {"pre_allocated": 700, "allocated": 700}, "covered": 700, "outstanding": 100,
                           "status": "B", "exempt": False, "height": 19})
    account: str = Field(description="account id")
    year: int = Field(description="compliance year")
    height: int = Field(description="the block height this notice reads")


class Prices(Record):
    """The exchange's monthly average prices of an instrument."""

    model_config = record({"instrument": "CEA-2024", "prices": [
        {"instrument": "CEA-2024", "month": "2025-12", "avg_price_fen": 9749, "published_at": 18, "tx": TX,
         "proof": f"{PROOF}price/CEA-2024/2025-12"}]})
    instrument: str = Field(description="instrument id")
    prices: list[dict[str, Any]] = Field(description="per month `avg_price_fen` (fen per tonne), oldest first")
