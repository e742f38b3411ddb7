"""Rows of the public compliance list of a year: filters, sort order and per-province totals, as the EUTL tables do.

Pure functions of the rows the route reads (routes_compliance.py); the row of one entity is its public status
(contracts/status_fixing.py) with its name, sector and allocation deduction.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from contracts.compliance_status import STATUS_COMPLIANT, STATUS_EXEMPT, STATUS_NOT_ENTERED, STATUS_SHORT
from contracts.register_participant import SECTORS
from ledger.provinces import CODES

from ..errors import InvalidRequest

STATUSES = (STATUS_COMPLIANT, STATUS_SHORT, STATUS_NOT_ENTERED, STATUS_EXEMPT)
# sort name → field of the row
SORTS = {"account": "account", "name": "name", "province": "province", "sector": "sector", "status": "status",
         "verified": "verified", "shortfall": "shortfall", "fine": "fine_fen"}
ORDERS = ("asc", "desc")
FORMATS = ("json", "csv", "xlsx")


@dataclass(frozen=True)
class Filters:
    """What a reader asked for: each None matches every row; `q` is part of the name or account id."""

    province: str | None = None
    sector: str | None = None
    status: str | None = None
    q: str | None = None


def _check_one_of(name: str, value: str | None, valid: tuple[str, ...]) -> None:
    # Verify the value is one this list knows
    if value is not None and value not in valid:
        raise InvalidRequest(f"{name} {value!r} is not one of: {', '.join(valid)}")


def check_query(filters: Filters, sort: str, order: str, fmt: str) -> None:
    """Raise InvalidRequest naming the valid values of the first filter, sort, order or format not among them."""
    _check_one_of("province", filters.province, CODES)
    _check_one_of("sector", filters.sector, SECTORS)
    _check_one_of("status", filters.status, STATUSES)
    _check_one_of("sort", sort, tuple(SORTS))
    _check_one_of("order", order, ORDERS)
    _check_one_of("format", fmt, FORMATS)


def is_match(row: dict[str, Any], filters: Filters) -> bool:
    """True when the row passes every filter (q: case-insensitive part of the name or the account id)."""
    wanted = {"province": filters.province, "sector": filters.sector, "status": filters.status}
    if any(value is not None and row.get(name) != value for name, value in wanted.items()):
        return False
    needle = (filters.q or "").strip().lower()
    return not needle or needle in row["account"].lower() or needle in (row.get("name") or "").lower()


def sort_rows(rows: list[dict[str, Any]], sort: str, order: str) -> list[dict[str, Any]]:
    """The rows ordered by `sort` (then account), ascending or descending; rows without the value come last."""
    field = SORTS[sort]
    present = [row for row in rows if row.get(field) is not None]
    absent = [row for row in rows if row.get(field) is None]
    present.sort(key=lambda row: (row[field], row["account"]), reverse=order == "desc")
    return present + sorted(absent, key=lambda row: row["account"])


def compute_province_totals(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per province code (sorted): entities, how many of each status, the shortfall (t) and the fines (fen)."""
    totals: dict[str, dict[str, Any]] = {}
    for row in rows:
        code = row.get("province") or ""
        entry = totals.setdefault(code, {"province": code, "entities": 0, **{s: 0 for s in STATUSES},
                                         "shortfall": 0, "fine_fen": 0})
        entry["entities"] += 1
        entry[row["status"]] += 1
        entry["shortfall"] += row.get("shortfall") or 0
        entry["fine_fen"] += row.get("fine_fen") or 0
    return [totals[code] for code in sorted(totals)]
