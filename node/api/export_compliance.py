"""The compliance list as a download: CSV (UTF-8 with a BOM, so Excel reads the Chinese names) or XLSX (XlsxWriter).

One row per entity, the same columns in both: tonnes as integers, the fine in yuan.
"""
from __future__ import annotations

import csv
import io
from typing import Any, Callable

import xlsxwriter
from fastapi.responses import Response

from ledger.provinces import province_name

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# (header, value of a row); tonnes end in _t, the fine is in yuan
COLUMNS: tuple[tuple[str, Callable[[dict[str, Any]], Any]], ...] = (
    ("account", lambda r: r["account"]), ("name", lambda r: r.get("name") or ""),
    ("province", lambda r: r.get("province") or ""), ("province_name", lambda r: province_name(r.get("province"))),
    ("sector", lambda r: r.get("sector") or ""), ("status", lambda r: r["status"]),
    ("verified_t", lambda r: r.get("verified")), ("allocated_t", lambda r: r.get("allocated")),
    ("surrendered_t", lambda r: r.get("surrendered")), ("late_surrendered_t", lambda r: r.get("late_surrendered")),
    ("offset_t", lambda r: r.get("offset")), ("shortfall_t", lambda r: r.get("shortfall")),
    ("fine_yuan", lambda r: r.get("fine_fen")), ("deduction_t", lambda r: r.get("deduction")),
)
FINE = "fine_yuan"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def yuan_text(fen: int | None) -> str:
    """Fen as yuan with two decimals and no separator (a CSV cell): 123456 → 1234.56; None → ''."""
    if fen is None:
        return ""
    sign = "-" if fen < 0 else ""
    return f"{sign}{abs(fen) // 100}.{abs(fen) % 100:02d}"


def csv_cell(name: str, value: Any) -> Any:
    """One CSV cell: the fine in yuan, None as empty, and a text that a spreadsheet would run as a formula
    (=, +, -, @ first) quoted with a leading apostrophe."""
    if name == FINE:
        return yuan_text(value)
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def compute_csv(rows: list[dict[str, Any]]) -> bytes:
    """The rows as CSV bytes: a BOM, the header row, one line per entity."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([name for name, _ in COLUMNS])
    for row in rows:
        writer.writerow([csv_cell(name, value(row)) for name, value in COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def compute_xlsx(rows: list[dict[str, Any]], year: int) -> bytes:
    """The rows as an XLSX workbook: one sheet, a frozen header row with filters, numbers as numbers."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet(f"compliance {year}")
    bold, tonnes, yuan = (book.add_format(f) for f in ({"bold": True}, {"num_format": "#,##0"},
                                                        {"num_format": "#,##0.00"}))
    sheet.write_row(0, 0, [name for name, _ in COLUMNS], bold)
    for y, row in enumerate(rows, start=1):
        for x, (name, value) in enumerate(COLUMNS):
            cell = value(row)
            if cell is None:
                continue
            if name == FINE:
                sheet.write_number(y, x, cell / 100, yuan)
            elif isinstance(cell, int):
                sheet.write_number(y, x, cell, tonnes)
            else:
                sheet.write_string(y, x, cell)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), len(COLUMNS) - 1)
    sheet.set_column(0, 1, 24)
    book.close()
    return out.getvalue()


def download(rows: list[dict[str, Any]], year: int, fmt: str) -> Response:
    """A CSV or XLSX attachment of the rows, named after the year."""
    if fmt == "csv":
        body, media = compute_csv(rows), "text/csv; charset=utf-8"
    else:
        body, media = compute_xlsx(rows, year), XLSX_TYPE
    disposition = f'attachment; filename="compliance-{year}.{fmt}"'
    return Response(content=body, media_type=media, headers={"content-disposition": disposition})
