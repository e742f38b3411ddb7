"""Response models of the CCER registry's routes: projects, methodologies, VVBs, cancellation certificates."""
from __future__ import annotations

from typing import Any

from pydantic import Field

from .models import TX, Record, record

OWNER = "91110000000000041M"
PROJECT = {"id": "WIND-9", "name": "如东海上风电九期", "owner": OWNER, "methodology": "CCER-01-002-V01", "field": "01",
           "province": "32", "status": "registered", "validating_vvb": "91110000000000042Q", "reductions": 1,
           "registered": "2024-02-14T09:00:00.000+08:00", "late": False, "url": "/v1/projects/WIND-9"}
CERTIFICATE = {"recorded": True, "tx": TX, "height": 15, "time": "2024-03-30T09:00:00.000+08:00",
               "time_ms": 1711760400000, "account": OWNER, "instrument": "CCER-WIND-9-2021", "project": "WIND-9",
               "ranges": [[1, 100]], "amount": 100, "purpose": "company_offset", "beneficiary": "某公司 2024 年碳中和",
               "reason": "voluntary", "url": f"/v1/tx/{TX}", "proof": f"/v1/proof/inclusion/{TX}",
               "state_proof": f"/v1/proof/state/ccer/certificate/{TX}"}


class ProjectsPage(Record):
    """A page of CCER projects."""

    model_config = record({"projects": [PROJECT], "count": 3, "next": "WIND-9"})
    projects: list[dict[str, Any]] = Field(description="one line per project, by id")
    count: int = Field(description="how many projects match the filters in all")
    next: str | None = Field(description="cursor of the next page (pass it as `cursor`), null on the last")


class Project(Record):
    """One project's public record."""

    model_config = record({**PROJECT, "registered_time": 1707872400000, "publicity_closes": 1706630400000,
                           "windows": {"publicity": {"opens": "2024-01-02T09:00:00.007+08:00",
                                                     "closes": "2024-01-31T00:00:00.000+08:00", "open": False},
                                       "decision_due": "2024-03-08T00:00:00.000+08:00"},
                           "documents": [{"kind": "design_document", "hash": "ab" * 32, "tx": TX,
                                          "time": "2024-01-02T09:00:00.007+08:00"}],
                           "commitments": {"validation": None, "application": None}, "reports": [],
                           "issuances": [], "late": {"registration": False, "issuances": []},
                           "proof": "/v1/proof/state/ccer/project/WIND-9"})
    id: str = Field(description="project id")
    name: str = Field(description="project name")
    status: str = Field(description="submitted, validated, applied, registered, rejected, cancelled …")
    windows: dict[str, Any] = Field(description="the publicity window (opens, closes, open) and the decision's due date")
    documents: list[dict[str, Any]] = Field(description="every document filed, by content hash, with its transaction")
    commitments: dict[str, Any] = Field(description="the dual commitment (双承诺) with who signed each")
    reports: list[dict[str, Any]] = Field(description="reduction reports with verification, application, decision")
    issuances: list[dict[str, Any]] = Field(description="per instrument and report the serial ranges issued (tonnes)")
    late: dict[str, Any] = Field(description="which registry decisions came after their due date")
    proof: str = Field(description="URL of the record's state proof")


class Methodologies(Record):
    """The methodologies the MEE published."""

    model_config = record({"methodologies": [{"code": "CCER-01-002-V01", "name": "offshore wind", "field": "01",
                                              "max_crediting_years": 10, "version": "V01", "status": "active",
                                              "set_at": 6}]})
    methodologies: list[dict[str, Any]] = Field(description="code, name, sector field, crediting period, status")


class Vvbs(Record):
    """The validation/verification bodies."""

    model_config = record({"vvbs": [{"vvb": "91110000000000042Q", "name": "vvb 042Q", "status": "active",
                                     "fields": ["01"], "history": [{"status": "active", "fields": ["01"],
                                                                    "time": "2024-01-02T09:00:00.006+08:00",
                                                                    "time_ms": 1704157200006, "height": 6}],
                                     "proof": "/v1/proof/state/ccer/vvb/91110000000000042Q"}]})
    vvbs: list[dict[str, Any]] = Field(description="accredited fields, status and every change dated")


class Certificate(Record):
    """A cancellation certificate."""

    model_config = record(CERTIFICATE)
    tx: str = Field(description="id of the cancelling transaction")
    height: int = Field(description="block height of the cancellation")
    time: str = Field(description="block time, RFC 3339")
    account: str = Field(description="the account that cancelled")
    instrument: str = Field(description="instrument id")
    amount: int = Field(description="tonnes cancelled")
    ranges: list[list[int]] = Field(description="the serial ranges cancelled")
    recorded: bool = Field(description="false for a cancellation from before certificates were recorded")


class CancellationsPage(Record):
    """A page of cancellation certificates, newest first."""

    model_config = record({"cancellations": [CERTIFICATE], "count": 2, "amount": 150, "next": TX})
    cancellations: list[Certificate] = Field(description="the page of certificates")
    count: int = Field(description="how many certificates match the filters in all")
    amount: int = Field(description="tonnes cancelled by all matching certificates")
    next: str | None = Field(description="cursor of the next page (pass it as `cursor`), null on the last")
