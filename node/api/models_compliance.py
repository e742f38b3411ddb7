"""Response model of GET /v1/compliance/{year}: one page of the year's public compliance list and its totals."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

ROW_EXAMPLE = {
    "account": "91110000000000001X", "name": "重点排放单位 1", "year": 2024, "province": "11", "sector": "power",
    "status": "B", "on_time": False, "verified": 800, "allocated": 700, "surrendered": 700, "offset": 0,
    "late_surrendered": 0, "shortfall": 100, "fine_fen": 4874500, "refunded": 0, "corrected": 0, "covered": 700,
    "outstanding": 100, "deduction": 0, "fixed": None, "changed_since_deadline": False,
    "proof": "/v1/proof/state/obligation/2024/91110000000000001X?height=12", "fixed_proof": None,
}
PROVINCE_EXAMPLE = {"province": "11", "entities": 3, "A": 1, "B": 1, "C": 1, "X": 0, "shortfall": 100,
                    "fine_fen": 4874500}


class ComplianceRow(BaseModel):
    """One key emitting entity's status of the year, current and as fixed at the deadline."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [ROW_EXAMPLE]})
    account: str = Field(description="the entity's account id (unified social credit code)")
    name: str | None = Field(description="the entity's registered name")
    province: str | None = Field(description="GB/T 2260 two-digit province code")
    sector: str | None = Field(description="the entity's sector: power, steel, cement or aluminium")
    status: str = Field(description="A surrendered ≥ verified, B short, C verified emissions not entered, X exempt")
    verified: int | None = Field(description="verified emissions, tonnes (None while not entered)")
    allocated: int = Field(description="allowances allocated for the year, tonnes")
    surrendered: int = Field(description="CEA surrendered by the deadline, tonnes")
    offset: int = Field(description="CCER offset, tonnes")
    shortfall: int | None = Field(description="the shortfall enforced after the deadline, tonnes")
    fine_fen: int | None = Field(description="the fine imposed for the shortfall, fen")
    deduction: int = Field(description="tonnes cut from this year's allocation for an earlier year's shortfall")
    proof: str = Field(description="URL of the state proof of the entity's obligation record")


class ProvinceTotals(BaseModel):
    """The statuses of one province's entities over the whole year (not the filter)."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [PROVINCE_EXAMPLE]})
    province: str = Field(description="GB/T 2260 two-digit province code")
    entities: int = Field(description="key emitting entities of the province in the year's list")
    A: int = Field(description="entities with status A (compliant)")
    B: int = Field(description="entities with status B (short)")
    C: int = Field(description="entities with status C (verified emissions not entered)")
    X: int = Field(description="entities with status X (exempt)")
    shortfall: int = Field(description="enforced shortfall of the province's entities, tonnes")
    fine_fen: int = Field(description="fines of the province's entities, fen")


class ComplianceList(BaseModel):
    """One page of a year's public compliance list (filtered, sorted) with the summaries of the whole year."""

    # no null in the example: the OpenAPI document drops null values from examples
    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "year": 2024, "cycle": {"year": 2024, "deadline": 1767196799000, "eligible_vintages": ["CEA-2024"]},
        "summary": {"entities": 3, "by_status": {"A": 1, "B": 1, "C": 1, "X": 0}},
        "fixed_summary": {"entities": 3, "by_status": {"A": 1, "B": 1, "C": 1, "X": 0}, "fixed_at": 18},
        "height": 12, "statuses": [ROW_EXAMPLE], "count": 3, "next": "91110000000000001X",
        "provinces": [PROVINCE_EXAMPLE]}]})
    year: int = Field(description="the compliance year")
    cycle: dict[str, Any] | None = Field(description="the year's compliance cycle as the MEE set it (None if not set)")
    summary: dict[str, Any] = Field(description="totals and completion rates over every entity of the year")
    fixed_summary: dict[str, Any] | None = Field(description="the summary fixed at the deadline (None before it)")
    height: int = Field(description="the block height the list was read at")
    statuses: list[ComplianceRow] = Field(description="this page of the entities that match the filters")
    count: int = Field(description="how many entities match the filters in all")
    next: str | None = Field(description="the cursor of the next page (pass it as `cursor`), None on the last page")
    provinces: list[ProvinceTotals] = Field(description="per province code, the statuses over the whole year")
