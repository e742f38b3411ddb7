"""API: the compliance list of a year, filtered, sorted, paged, totalled by province, and downloaded as CSV / XLSX."""
from __future__ import annotations

import csv
import io
import re
import zipfile

import pytest

from compliance_market import ENFORCE_DELAY_MS, PRICE_FEN, enforce, expected_status, province_of, sector_of, stages
from helpers import uscc
from node.api.export_compliance import compute_csv
from node_helpers import Signer, commit_via_api

URL = "/v1/compliance/2024"


@pytest.fixture
def listed(client, node) -> Signer:
    """The 14 entities of compliance_market.py, before the deadline."""
    signer = Signer()
    for stage in stages(signer):
        commit_via_api(client, node, stage)
    return signer


@pytest.fixture
def enforced(client, node, listed) -> Signer:
    """The same market after the deadline, with the shortfalls of entities 2 and 6 enforced."""
    node.clock.advance(ENFORCE_DELAY_MS)
    for stage in enforce(listed):
        commit_via_api(client, node, stage)
    return listed


def get_ok(client, **params) -> dict:
    response = client.get(URL, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def every_page(client, **params) -> list[dict]:
    """Every row, following `next` from the first page."""
    rows, cursor = [], None
    while True:
        page = get_ok(client, **params, **({"cursor": cursor} if cursor else {}))
        rows += page["statuses"]
        cursor = page["next"]
        if cursor is None:
            return rows


def test_the_list_has_every_entity_with_its_status_name_and_sector(client, listed) -> None:
    body = get_ok(client)
    assert body["count"] == 14 and body["next"] is None and body["summary"]["entities"] == 14
    rows = {row["account"]: row for row in body["statuses"]}
    assert {n: rows[uscc(n)]["status"] for n in range(1, 15)} == {n: expected_status(n) for n in range(1, 15)}
    assert rows[uscc(5)]["name"] == "北京钢铁 5" and rows[uscc(5)]["sector"] == "steel"
    assert rows[uscc(4)]["province"] == "44" and rows[uscc(6)]["province"] == "31"


@pytest.mark.parametrize("params, wanted", [
    ({"province": "31"}, lambda n: province_of(n) == "31"),
    ({"sector": "steel"}, lambda n: sector_of(n) == "steel"),
    ({"status": "B"}, lambda n: expected_status(n) == "B"),
    ({"q": "钢铁"}, lambda n: sector_of(n) == "steel"),
    ({"q": uscc(12)[-6:].lower()}, lambda n: n == 12),
    ({"province": "11", "status": "A"}, lambda n: province_of(n) == "11" and expected_status(n) == "A"),
])
def test_filters_keep_only_the_matching_entities(client, listed, params, wanted) -> None:
    body = get_ok(client, **params)
    expected = sorted(uscc(n) for n in range(1, 15) if wanted(n))
    assert expected and [row["account"] for row in body["statuses"]] == expected and body["count"] == len(expected)
    assert body["summary"]["entities"] == 14 and sum(p["entities"] for p in body["provinces"]) == 14


@pytest.mark.parametrize("params, named", [
    ({"province": "99"}, "11, 12, 13"), ({"sector": "coal"}, "power, steel, cement, aluminium"),
    ({"status": "D"}, "A, B, C, X"), ({"sort": "size"}, "account, name, province"), ({"order": "up"}, "asc, desc"),
    ({"format": "pdf"}, "json, csv, xlsx"),
])
def test_invalid_filter_values_name_the_valid_ones(client, listed, params, named) -> None:
    response = client.get(URL, params=params)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_request" and named in response.json()["message"]


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 1001}, {"limit": "ten"}, {"cursor": "NOT-AN-ACCOUNT"}])
def test_invalid_limit_or_cursor_is_refused(client, listed, params) -> None:
    response = client.get(URL, params=params)
    assert response.status_code == 422 and response.json()["code"] == "invalid_request"


def test_a_cursor_from_another_list_says_to_pass_the_previous_next(client, listed) -> None:
    message = client.get(URL, params={"cursor": "XYZ"}).json()["message"]
    assert "next" in message and "XYZ" in message


@pytest.mark.parametrize("params", [{}, {"sort": "verified", "order": "desc"}, {"sort": "name"},
                                    {"status": "B", "sort": "province", "order": "desc"}])
def test_paging_through_every_page_gives_the_whole_list(client, listed, params) -> None:
    whole = get_ok(client, **params, limit=1000)
    pages = every_page(client, **params, limit=3)
    assert [row["account"] for row in pages] == [row["account"] for row in whole["statuses"]]
    assert len(pages) == whole["count"] and len({row["account"] for row in pages}) == len(pages)


def test_sort_by_verified_puts_the_largest_first_and_unentered_last(client, listed) -> None:
    rows = get_ok(client, sort="verified", order="desc")["statuses"]
    verified = [row["verified"] for row in rows]
    present = [v for v in verified if v is not None]
    assert present == sorted(present, reverse=True) and verified[len(present):] == [None] * (14 - len(present))
    ascending = [row["verified"] for row in get_ok(client, sort="verified")["statuses"] if row["verified"] is not None]
    assert ascending == sorted(present)


def test_sort_by_name_and_province(client, listed) -> None:
    names = [row["name"] for row in get_ok(client, sort="name")["statuses"]]
    assert names == sorted(names)
    provinces = [row["province"] for row in get_ok(client, sort="province", order="desc")["statuses"]]
    assert provinces == sorted(provinces, reverse=True)


def test_sort_by_fine_after_enforcement(client, enforced) -> None:
    rows = get_ok(client, sort="fine", order="desc")["statuses"]
    assert [row["account"] for row in rows[:2]] == [uscc(6), uscc(2)]
    assert (rows[0]["shortfall"], rows[0]["fine_fen"]) == (600, 600 * 5 * PRICE_FEN)


def test_province_totals_sum_to_the_summary_and_ignore_the_filter(client, enforced) -> None:
    body = get_ok(client)
    provinces, summary = body["provinces"], body["summary"]
    assert [p["province"] for p in provinces] == ["11", "31", "44"]
    assert sum(p["entities"] for p in provinces) == summary["entities"]
    assert {code: sum(p[code] for p in provinces) for code in "ABCX"} == summary["by_status"]
    assert sum(p["shortfall"] for p in provinces) == summary["shortfall"] == 700
    assert sum(p["fine_fen"] for p in provinces) == summary["fine_fen"] == 700 * 5 * PRICE_FEN
    by_code = {p["province"]: p for p in provinces}
    assert by_code["31"]["shortfall"] == 600 and by_code["31"]["entities"] == sum(province_of(n) == "31" for n in range(1, 15))
    assert get_ok(client, province="44", status="C")["provinces"] == provinces


def test_csv_has_a_bom_a_header_and_every_matching_row(client, enforced) -> None:
    response = client.get(URL, params={"format": "csv", "province": "31", "sort": "fine", "order": "desc"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert 'filename="compliance-2024.csv"' in response.headers["content-disposition"]
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    expected = get_ok(client, province="31", sort="fine", order="desc", limit=1000)["statuses"]
    assert [row["account"] for row in rows] == [row["account"] for row in expected]
    first = rows[0]
    assert (first["account"], first["province"], first["province_name"], first["status"]) == (uscc(6), "31", "上海", "B")
    assert (first["verified_t"], first["shortfall_t"], first["fine_yuan"]) == ("600", "600", f"{600 * 5 * PRICE_FEN / 100:.2f}")
    assert first["name"] == "上海水泥 6" and first["sector"] == "cement"


def test_csv_has_no_paging_limit(client, listed) -> None:
    body = client.get(URL, params={"format": "csv", "limit": 2}).content.decode("utf-8-sig")
    assert len(list(csv.DictReader(io.StringIO(body)))) == 14


def test_xlsx_opens_as_a_workbook_with_the_rows(client, enforced) -> None:
    response = client.get(URL, params={"format": "xlsx", "status": "B"})
    assert response.status_code == 200 and "spreadsheetml" in response.headers["content-type"]
    assert 'filename="compliance-2024.xlsx"' in response.headers["content-disposition"]
    book = zipfile.ZipFile(io.BytesIO(response.content))
    sheet = book.read("xl/worksheets/sheet1.xml").decode()
    strings = book.read("xl/sharedStrings.xml").decode()
    short = [n for n in range(1, 15) if expected_status(n) == "B"]
    assert len(re.findall(r"<row ", sheet)) == len(short) + 1
    assert all(uscc(n) in strings for n in short) and uscc(1) not in strings
    assert "fine_yuan" in strings and "上海水泥 6" in strings


def test_empty_filters_match_everyone(client, listed) -> None:
    assert get_ok(client, province="", sector="", status="", q="")["count"] == 14


def test_csv_cells_a_spreadsheet_would_run_are_quoted() -> None:
    row = {"account": "X1", "name": "=HYPERLINK(\"http://x\")", "province": "11", "sector": "power", "status": "B",
           "verified": 10, "allocated": 0, "surrendered": 0, "late_surrendered": 0, "offset": 0, "shortfall": 10,
           "fine_fen": 123456, "deduction": 0}
    parsed = next(csv.DictReader(io.StringIO(compute_csv([row]).decode("utf-8-sig"))))
    assert parsed["name"] == "'=HYPERLINK(\"http://x\")" and parsed["fine_yuan"] == "1234.56"
    assert (parsed["province_name"], parsed["verified_t"], parsed["deduction_t"]) == ("北京", "10", "0")
