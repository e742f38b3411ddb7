"""The explorer's CCER pages in headless Chromium: projects, a project's record, methodologies, VVBs, certificates, search.

A node of its own (the market of served_node.py plus the CCER records of tests/node/ccer_records.py written into
its store; the market's cancellation gets a recorded certificate) so the shared node's log sizes stay as they are.
"""
from __future__ import annotations

import json
from typing import Iterator

import httpx
import pytest

from ccer_lifecycle import V1, V2, run_lifecycle
from ccer_records import seed_ccer
from node_helpers import Signer
from pages import READY, open_page
from served_node import ServedNode, build_market, commit, serve


@pytest.fixture(scope="module")
def ccer_served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedNode]:
    node = serve(tmp_path_factory.mktemp("explorer-ccer") / "home")
    try:
        build_market(node)
        seed_ccer(node.node, node.txs["cancel"])
        yield node
    finally:
        node.stop()


def main_text(page) -> str:
    return page.evaluate("document.getElementById('main').innerText")


def table_rows(page, table_id: str) -> list[list[str]]:
    return page.evaluate(f"[...document.querySelectorAll('#{table_id} tbody tr')].map(r => [...r.cells].map(c => c.innerText))")


@pytest.mark.parametrize("route", ["#/projects", "#/projects/wind", "#/project/WIND-001", "#/project/WIND-002",
                                   "#/methodologies", "#/vvbs", "#/cancellations", "#/certificate/{cancel}"])
def test_ccer_page_loads_without_console_errors(page, ccer_served, route) -> None:
    open_page(page, ccer_served, route.format(cancel=ccer_served.txs["cancel"]))
    assert page.evaluate("document.querySelectorAll('#main .notice.error').length") == 0, main_text(page)
    assert page.console_errors() == []


def test_project_page_shows_windows_commitments_reports_issuances(page, ccer_served, shots) -> None:
    open_page(page, ccer_served, "#/project/WIND-001")
    text = main_text(page)
    for expected in ("已登记 Registered", "2023-03-01 10:00:00 +08:00", "late 逾期", "Rudong offshore wind"):
        assert expected in text, expected
    assert [r[0] for r in table_rows(page, "commitments")] == ["validation", "application"]
    assert table_rows(page, "documents")[0][0] == "design_document"
    assert [r[0] for r in table_rows(page, "issuances")] == ["CCER-WIND-001-2022", "CCER-WIND-001-2023"]
    assert table_rows(page, "reports")[0][1] == "2022-07-01 … 2023-06-30"
    page.screenshot(shots / "project-1280.png")


def test_submitted_project_shows_open_window_and_missing_commitments(page, ccer_served) -> None:
    open_page(page, ccer_served, "#/project/WIND-002")
    assert "open 公示中" in main_text(page)
    assert [r[1] for r in table_rows(page, "commitments")] == ["missing 缺失", "missing 缺失"]


def test_unknown_project_says_not_found(page, ccer_served) -> None:
    open_page(page, ccer_served, "#/project/NOPE-1")
    assert "Not found 未找到" in main_text(page) and "NOPE-1" in main_text(page)


def test_lists_link_to_their_records(page, ccer_served) -> None:
    open_page(page, ccer_served, "#/projects")
    assert [r[0] for r in table_rows(page, "projects")] == ["FOREST-01", "WIND-001", "WIND-002"]
    open_page(page, ccer_served, "#/cancellations")
    rows = table_rows(page, "cancellations")
    assert [r[2] for r in rows] == ["WIND-001", "—"] and "大型活动碳中和" in rows[0][4]
    open_page(page, ccer_served, "#/vvbs")
    assert [r[3] for r in table_rows(page, "vvbs")] == ["active", "suspended"]


def test_certificate_from_its_record(page, ccer_served) -> None:
    open_page(page, ccer_served, f"#/certificate/{ccer_served.txs['cancel']}")
    text = main_text(page)
    assert "公益 Public interest" in text and "公众" in text


@pytest.mark.parametrize("query, route", [("WIND-001", "#/project/WIND-001"), ("project WIND-002", "#/project/WIND-002"),
                                          ("如东", "#/project/WIND-001"), ("offshore wind", "#/projects/offshore%20wind")])
def test_search_finds_projects_by_id_or_name(page, ccer_served, query, route) -> None:
    open_page(page, ccer_served, "#/")
    page.evaluate(f"document.getElementById('q').value = {json.dumps(query)}; document.querySelector('#search button').click()")
    page.wait_for(f"location.hash === {json.dumps(route)}")
    page.wait_for(READY)
    assert page.evaluate("document.querySelectorAll('#main .notice.error').length") == 0, main_text(page)


def test_tonne_page_shows_where_a_ccer_comes_from(page, ccer_served) -> None:
    with httpx.Client(base_url=ccer_served.url) as http:
        signer = Signer()
        signer.nonces = {a: http.get(f"/v1/accounts/{a}").json()["nonce"] for a in ("REGISTRY", "MEE")}
        txs = run_lifecycle(ccer_served.node, lambda batch: commit(ccer_served, http, batch), signer)
    open_page(page, ccer_served, "#/serial/CCER-WIND-9-2021/50")
    origin = page.evaluate("document.getElementById('origin').innerText")
    for expected in ("WIND-9", "CCER-01-002-V01", "2021-01-01 … 2021-12-31", V1, V2, txs["verify"][:12]):
        assert expected in origin, expected
    assert page.evaluate("!!document.querySelector('#hops a[href^=\"#/certificate/\"]')") and page.console_errors() == []
    open_page(page, ccer_served, "#/instrument/CCER-WIND-9-2021")
    assert page.evaluate("!!document.querySelector('#main a[href=\"#/project/WIND-9\"]')")
