"""The explorer's compliance list in headless Chromium, on a node with the 14 entities of compliance_market.py:
the chart by province, filters, sortable headers, pages, and the CSV link with the same filters."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import httpx
import pytest

from compliance_market import expected_status, province_of
from helpers import uscc
from pages import READY, open_page
from served_compliance import serve_compliance_market
from served_node import ServedNode

ROWS = "[...document.querySelectorAll('#compliance-table tbody tr')].map(r => [...r.cells].map(c => c.innerText))"


@pytest.fixture(scope="module")
def listed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedNode]:
    """A served node with compliance_market.py's entities, past the deadline, shortfalls of 2 and 6 enforced."""
    served = serve_compliance_market(tmp_path_factory.mktemp("compliance") / "home", enforced=True)
    yield served
    served.stop()


def accounts(page) -> list[str]:
    return [row[0].split("\n")[0] for row in page.evaluate(ROWS)]


def reload_after(page, script: str) -> None:
    """Run `script` (a click or a submit that changes the hash) and wait for the page it routes to."""
    page.evaluate(f"document.body.dataset.state = 'loading'; {script}; true")
    page.wait_for(READY)


def test_chart_shows_each_province_with_its_status_counts(page, listed) -> None:
    open_page(page, listed, "#/compliance/2024")
    bars = page.evaluate("[...document.querySelectorAll('#province-chart a.province-bar')].map(a => [a.dataset.province, "
                         "[...a.querySelectorAll('rect')].map(r => r.dataset.code).join('')])")
    codes = {code: "".join(c for c in "ABCX" if any(province_of(n) == code and expected_status(n) == c
                                                    for n in range(1, 15))) for code in ("11", "31", "44")}
    assert bars == [[code, codes[code]] for code in ("11", "31", "44")]
    totals = page.evaluate("[...document.querySelectorAll('#province-table tbody tr')]"
                           ".map(r => [...r.cells].map(c => c.textContent))")
    assert totals[1][0] == "上海" and totals[1][-2:] == ["600", "¥292,470.00"]
    assert page.console_errors() == []


def test_filter_by_province_puts_it_in_the_hash(page, listed) -> None:
    open_page(page, listed, "#/compliance/2024")
    reload_after(page, "document.getElementById('filter-province').value = '31'; "
                       "document.getElementById('compliance-filters').requestSubmit()")
    assert "province=31" in page.evaluate("location.hash")
    rows = page.evaluate(ROWS)
    assert accounts(page) == sorted(uscc(n) for n in range(1, 15) if province_of(n) == "31")
    assert {row[9] for row in rows} == {"上海"}
    open_page(page, listed, "#/compliance/2024?province=31&status=B")
    assert accounts(page) == [uscc(6)] and page.evaluate(ROWS)[0][8] == "¥292,470.00"


def test_sortable_headers_sort_and_reverse(page, listed) -> None:
    open_page(page, listed, "#/compliance/2024")
    reload_after(page, "document.querySelector('a.sort[data-sort=verified]').click()")
    assert "sort=verified" in page.evaluate("location.hash")
    verified = [int(r[2].replace(",", "")) for r in page.evaluate(ROWS) if r[2] != "—"]
    assert verified == sorted(verified) and len(verified) >= 5
    reload_after(page, "document.querySelector('a.sort[data-sort=verified]').click()")
    assert "order=desc" in page.evaluate("location.hash")
    assert [int(r[2].replace(",", "")) for r in page.evaluate(ROWS) if r[2] != "—"] == sorted(verified, reverse=True)


def test_paging_walks_through_the_whole_list(page, listed) -> None:
    whole = httpx.get(f"{listed.url}/v1/compliance/2024?sort=name&limit=1000").json()["statuses"]
    open_page(page, listed, "#/compliance/2024?sort=name&limit=5")
    seen, ranges = accounts(page), [page.evaluate("document.getElementById('compliance-range').innerText")]
    while page.evaluate("!!document.getElementById('next-page')"):
        reload_after(page, "document.getElementById('next-page').click()")
        seen += accounts(page)
        ranges.append(page.evaluate("document.getElementById('compliance-range').innerText"))
    assert seen == [row["account"] for row in whole]
    assert ranges == ["1–5 / 14", "6–10 / 14", "11–14 / 14"]
    reload_after(page, "document.getElementById('first-page').click()")
    assert accounts(page) == seen[:5]


def test_csv_link_answers_the_filtered_list_as_text_csv(page, listed) -> None:
    open_page(page, listed, "#/compliance/2024?sector=cement&sort=fine&order=desc")
    href = page.evaluate("document.getElementById('download-csv').href")
    assert "sector=cement" in href and "format=csv" in href
    response = httpx.get(href)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["account"] for row in rows] == accounts(page) and {row["sector"] for row in rows} == {"cement"}
    assert "format=xlsx" in page.evaluate("document.getElementById('download-xlsx').href")


def test_phone_width_has_no_sideways_scroll(page, listed, shots) -> None:
    open_page(page, listed, "#/compliance/2024?province=11")
    page.screenshot(shots / "compliance-list-1280.png")
    page.set_viewport(390, 844, mobile=True)
    open_page(page, listed, "#/compliance/2024")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(shots / "compliance-list-phone.png")
    assert page.console_errors() == []


def test_filters_and_statuses_follow_the_language_switch(page, listed) -> None:
    options = ("[...document.querySelectorAll('#filter-status option, #filter-province option')]"
               ".map(o => o.textContent).filter(t => /^(A|32) /.test(t))")
    open_page(page, listed, "#/compliance/2024")
    try:
        assert sorted(page.evaluate(options)) == ["32 江苏", "A 已足额清缴"]
        reload_after(page, "document.querySelector('#lang button[value=en]').click()")
        assert sorted(page.evaluate(options)) == ["32 Jiangsu", "A Compliant"]
        statuses = [row[1] for row in page.evaluate(ROWS)]
        assert statuses and all(s.split(" ", 1)[1] in {"Compliant", "Short", "Not entered", "Exempt"} for s in statuses)
    finally:
        page.evaluate("localStorage.removeItem('tanledger.lang')")
