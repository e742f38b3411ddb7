"""The explorer's home page, its search box and the zh / en switch, in headless Chromium on a node of their own.

The node (test_browser_ccer's fixture, one instance per module) has the market of served_node.py plus the CCER
records of tests/node/ccer_records.py (names in Chinese and Latin letters; here the market's cancellation certificate
names served_node's beneficiary); the live-update test adds a block to it, so the shared session node stays as it is.
"""
from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
from ccer_records import certificate
from helpers import uscc
from node_helpers import Signer, transfer
from pages import READY, open_page
from served_node import BENEFICIARY, ServedNode, commit
from test_browser_ccer import ccer_served  # noqa: F401 (a module-scoped fixture: this module gets a node of its own)

from ledger import keys
from node.storage.store import _write_state


@pytest.fixture(scope="module")
def home_served(ccer_served: ServedNode) -> ServedNode:  # noqa: F811 (the imported fixture, requested)
    """test_browser_ccer's node (an instance of this module's own), its market's certificate naming its beneficiary."""
    cancel = ccer_served.txs["cancel"]
    record = certificate(cancel, "CEA-2024", [[1401, 1450]], "large_event_neutrality", BENEFICIARY, 4)
    with ccer_served.node.store.engine.begin() as conn:
        _write_state(conn, {keys.certificate(cancel): record})
    return ccer_served


@pytest.fixture
def zh_page(page) -> Iterator:
    """A tab whose language is set back to Chinese (the default) afterwards: the profile's storage is shared."""
    yield page
    page.evaluate("localStorage.removeItem('tanledger.lang')")


def main_text(page) -> str:
    return page.evaluate("document.getElementById('main').innerText")


def rows(page, table_id: str) -> list[list[str]]:
    return page.evaluate(f"[...document.querySelectorAll('#{table_id} tbody tr')].map(r => [...r.cells].map(c => c.innerText))")


def search(page, query: str) -> None:
    page.evaluate(f"document.getElementById('q').value = {json.dumps(query)}; document.querySelector('#search button').click()")


def test_home_shows_supply_blocks_transactions_and_checkpoint(zh_page, home_served) -> None:
    page = zh_page
    open_page(page, home_served, "#/")
    status = httpx.get(f"{home_served.url}/v1/status").json()
    supply = httpx.get(f"{home_served.url}/v1/instruments/CEA-2024").json()["supply"]
    cea = rows(page, "home-instruments")[0]
    assert cea[:5] == ["CEA-2024", f"{supply['issued']:,}", f"{supply['held']:,}", f"{supply['surrendered']:,}",
                       f"{supply['cancelled']:,}"]
    assert page.evaluate("document.querySelectorAll('#home-instruments tbody tr:first-child .minibar .seg').length") == 3
    assert [r[0] for r in rows(page, "home-blocks")][:2] == [f"#{status['height']}", f"#{status['height'] - 1}"]
    assert rows(page, "home-txs")[0][0] == "清缴"  # the last block holds the surrender, in Chinese by default
    checkpoint = httpx.get(f"{home_served.url}/v1/checkpoint").json()
    assert f"#{checkpoint['height']}" in main_text(page) and "v1 (1/1)" in main_text(page)
    assert "本履约周期完成情况 2024" in main_text(page) and "English" not in main_text(page)
    assert page.console_errors() == []


def test_province_chart_draws_one_bar_per_province(zh_page, home_served) -> None:
    page = zh_page
    open_page(page, home_served, "#/")
    provinces = [{"province": "11", "entities": 4, "A": 2, "B": 1, "C": 1, "X": 0, "shortfall": 10, "fine_fen": 0},
                 {"province": "32", "entities": 2, "A": 0, "B": 0, "C": 0, "X": 2, "shortfall": 0, "fine_fen": 0}]
    drawn = page.evaluate(f"import('/explorer/chart_compliance.js').then(m => {{ const box = m.provinceChart("
                          f"{json.dumps(provinces)}, (c) => '#P' + c); return [...box.querySelectorAll('a.province-bar')]"
                          ".map(a => [a.dataset.province, a.getAttribute('href'),"
                          " [...a.querySelectorAll('rect')].map(r => r.dataset.code), a.querySelector('text.total').textContent]); })")
    assert drawn == [["11", "#P11", ["A", "B", "C"], "4"], ["32", "#P32", ["X"], "2"]]


def test_home_follows_a_new_block(zh_page, home_served) -> None:
    page = zh_page
    open_page(page, home_served, "#/")
    before = int(page.evaluate("document.getElementById('home-live').dataset.height"))
    signer = Signer()
    with httpx.Client(base_url=home_served.url) as http:
        signer.nonces = {uscc(1): http.get(f"/v1/accounts/{uscc(1)}").json()["nonce"]}
        moved = transfer(signer, 1, 2, amount=5)
        commit(home_served, http, [moved])
    page.wait_for(f"document.getElementById('home-live').dataset.height === '{before + 1}'")
    assert rows(page, "home-blocks")[0][0] == f"#{before + 1}"
    assert page.evaluate(f"!!document.querySelector('#home-txs a[href=\"#/tx/{moved.id_hex}\"]')")


@pytest.mark.parametrize("query, route", [
    ("重点排放单位 2", f"#/account/{uscc(2)}"),  # a participant's Chinese name
    ("如东", "#/project/WIND-001"),  # a project's Chinese name
    ("rudong", "#/project/WIND-001"),  # its Latin name, any case
    ("organising COMMITTEE", "#/certificate/{cancel}"),  # a beneficiary's Latin name
    ("prov-3", "#/account/PROV-31"),  # a unique id prefix
    ("{cancel8}", "#/tx/{cancel}"),  # a transaction id's first characters, as pages show them
    ("CEA-2024#1420", "#/serial/CEA-2024/1420"),  # a serial
    ("wind-00", "#/search/wind-00"),  # several: the results page
    ("4", "#/search/4"),  # a height and a log index
])
def test_search_goes_to_the_page(zh_page, home_served, query: str, route: str) -> None:
    page = zh_page
    cancel = home_served.txs["cancel"]
    open_page(page, home_served, "#/checkpoints")
    search(page, query.format(cancel8=cancel[:8]))
    page.wait_for(f"location.hash === {json.dumps(route.format(cancel=cancel))}")
    page.wait_for(READY)
    assert page.evaluate("document.querySelectorAll('#main .notice.error').length") == 0, main_text(page)
    assert page.evaluate("document.getElementById('search-message').textContent") == ""


def test_results_page_lists_kinds_and_links(zh_page, home_served) -> None:
    page = zh_page
    open_page(page, home_served, "#/search/4")
    assert [r[0] for r in rows(page, "search-results")][:2] == ["区块", "日志序号"]
    assert page.evaluate("[...document.querySelectorAll('#search-results a')].slice(0, 2).map(a => a.getAttribute('href'))") \
        == ["#/block/4", "#/log/4"]


def test_failed_search_says_so_until_the_next_page(zh_page, home_served) -> None:
    page = zh_page
    open_page(page, home_served, "#/")
    search(page, "no such thing 无此记录")
    message = page.wait_for("document.getElementById('search-message').textContent")
    assert message.startswith("本账本中没有与之匹配的记录") and "no such thing" in message
    assert page.evaluate("location.hash") in ("", "#/")
    page.evaluate("location.hash = '#/checkpoints'")
    page.wait_for(READY)
    assert page.evaluate("document.getElementById('search-message').textContent") == ""
    search(page, "still nothing here")
    page.wait_for("document.getElementById('search-message').textContent")
    page.evaluate("const q = document.getElementById('q'); q.value += 'x'; q.dispatchEvent(new Event('input'))")
    assert page.evaluate("document.getElementById('search-message').textContent") == ""


def test_language_switch_shows_one_language_and_persists(zh_page, home_served) -> None:
    page = zh_page
    open_page(page, home_served, "#/")
    assert page.evaluate("document.querySelector('#main h1').innerText") == "全国碳市场注册登记账本"
    assert page.evaluate("document.querySelector('#search button').innerText") == "搜索"
    page.evaluate("document.querySelector('#lang button[value=en]').click()")
    page.wait_for("document.querySelector('#main h1').innerText === 'National carbon market registry'")
    page.wait_for(READY)
    text = main_text(page)
    assert "Latest blocks" in text and "最新区块" not in text and "Surrender" in text
    open_page(page, home_served, f"#/account/{uscc(1)}")  # a new load: the choice is remembered
    assert page.evaluate("document.documentElement.lang") == "en" and page.evaluate("document.title") == "TanLedger Carbon ledger"
    assert page.evaluate("document.querySelector('#search button').innerText") == "Search"
    assert page.evaluate("document.querySelector('#lang button[value=en]').getAttribute('aria-pressed')") == "true"
    page.evaluate("document.querySelector('#lang button[value=zh]').click()")
    page.wait_for("document.querySelector('#search button').innerText === '搜索'")
    assert page.evaluate("localStorage.getItem('tanledger.lang')") == "zh"
    assert page.console_errors() == []


def test_home_draws_provinces_when_the_node_gives_them(zh_page, home_served) -> None:
    page = zh_page
    year = httpx.get(f"{home_served.url}/v1/status").json()["time"][:4]
    given = httpx.get(f"{home_served.url}/v1/compliance/{year}", params={"limit": 1}).json()["provinces"]
    open_page(page, home_served, "#/")
    assert page.evaluate("[...document.querySelectorAll('#province-chart [data-province]')].map(g => g.dataset.province)") == \
        [p["province"] for p in given]
    assert page.evaluate("[...document.querySelectorAll('#province-chart .legend text')].map(t => t.textContent)") == \
        ["A 已足额清缴", "B 未足额清缴", "C 未录入核查排放量", "X 豁免"]
    # a node whose compliance answer has no `provinces` (an older node): the page says so instead of a chart
    page.evaluate("(() => { const real = window.fetch; window.fetch = async (url, init) => { const r = await real(url, init);"
                  " if (!String(url).startsWith('/v1/compliance/')) return r; const body = await r.json();"
                  " delete body.provinces; return new Response(JSON.stringify(body),"
                  " {status: r.status, headers: {'content-type': 'application/json'}}); };"
                  " document.body.dataset.state = 'loading'; window.dispatchEvent(new HashChangeEvent('hashchange')); })()")
    page.wait_for(READY)
    assert "暂无分省数据" in main_text(page) and not page.evaluate("!!document.querySelector('#province-chart')")
    assert page.console_errors() == []
