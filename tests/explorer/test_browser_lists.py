"""The explorer's list pages in headless Chromium: a block of more than 100 transactions paged by 100, an account's
history paged through Prev/Next, an instrument's holders with collapsed serial ranges, the transaction page's
labelled body and signers, the serial page's terminal state in words and its card at phone width.

A block of 150 transfers needs more than build_market gives: `crowded` is this module's own served node.
"""
from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from helpers import uscc
from node_helpers import Signer, market_setup, transfer
from pages import open_page
from served_node import ServedNode, commit, serve

TRANSFERS = 150  # one-tonne transfers from entity 1 to 2, odd serials 1, 3, 5, …, all in one block
PAGE_READY = "document.getElementById('{id}').dataset.state === 'ready'"


@pytest.fixture(scope="module")
def crowded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedNode]:
    """A served node: entities 1 and 2 with CEA-2024, then one block of TRANSFERS transfers 1 → 2 (one serial each)."""
    node = serve(tmp_path_factory.mktemp("crowded") / "home")
    try:
        signer = Signer()
        with httpx.Client(base_url=node.url, timeout=60) as http:
            for stage in market_setup(signer, [1, 2]):
                commit(node, http, stage)
            moves = [transfer(signer, 1, 2, ranges=[[2 * k + 1, 2 * k + 1]]) for k in range(TRANSFERS)]
            commit(node, http, moves)
            node.txs["height"] = str(http.get(f"/v1/tx/{moves[0].id_hex}").json()["height"])
        yield node
    finally:
        node.stop()


def rows(page, table_id: str) -> list[list[str]]:
    return page.evaluate(f"[...document.querySelectorAll('#{table_id} tbody tr')].map(r => [...r.cells].map(c => c.innerText))")


def links(page, table_id: str, column: int) -> list[str]:
    return page.evaluate(f"[...document.querySelectorAll('#{table_id} tbody tr')]"
                         f".map(r => r.cells[{column}].querySelector('a').hash.split('/').pop())")


def click(page, box: str, button: str) -> None:
    """Click Prev or Next of the paged list `box` and wait until its page is shown."""
    page.evaluate(f"document.querySelector('#{box} .{button}').click()")
    page.wait_for(PAGE_READY.format(id=box))


def range_text(page, box: str) -> str:
    return page.evaluate(f"document.querySelector('#{box} .range').innerText")


def test_block_of_150_transactions_is_paged_by_100(page, crowded) -> None:
    height = crowded.txs["height"]
    tx_ids = httpx.get(f"{crowded.url}/v1/blocks/{height}").json()["tx_ids"]
    open_page(page, crowded, f"#/block/{height}")
    first = links(page, "block-txs-table", 2)
    assert len(first) == 100 and range_text(page, "block-txs") == "1–100 / 150"
    assert page.evaluate("document.querySelector('#block-txs .prev').disabled") is True
    click(page, "block-txs", "next")
    second = rows(page, "block-txs-table")
    assert range_text(page, "block-txs") == "101–150 / 150" and second[0][0] == "100"
    assert first + links(page, "block-txs-table", 2) == tx_ids
    assert page.evaluate("document.querySelector('#block-txs .next').disabled") is True
    assert second[0][4] == uscc(1)  # signed by entity 1, shown as its account
    click(page, "block-txs", "prev")
    assert links(page, "block-txs-table", 2) == first
    assert page.console_errors() == []


def test_account_history_pages_through_every_transaction(page, crowded) -> None:
    whole = httpx.get(f"{crowded.url}/v1/accounts/{uscc(1)}/txs", params={"limit": 1000}).json()
    open_page(page, crowded, f"#/account/{uscc(1)}")
    seen = links(page, "account-txs-table", 5)
    while not page.evaluate("document.querySelector('#account-txs .next').disabled"):
        click(page, "account-txs", "next")
        seen += links(page, "account-txs-table", 5)
    assert seen == [t["tx_id"] for t in whole["txs"]] and len(seen) == TRANSFERS + 3
    assert range_text(page, "account-txs") == f"141–{TRANSFERS + 3} / {TRANSFERS + 3}"
    assert rows(page, "account-txs-table")[-1][1:3] == ["登记参与方 Register participant", "涉及 Named"]
    assert page.console_errors() == []


def test_holders_show_ranges_collapsed_with_a_count(page, crowded) -> None:
    open_page(page, crowded, "#/instrument/CEA-2024")
    table = rows(page, "holders-table")
    # entity 2 holds 700 + 150 t: its own #701–1,400 and the odd serials 1–299, one range each
    assert [(r[0], r[2]) for r in table] == [(uscc(2), f"{700 + TRANSFERS}"), (uscc(1), f"{700 - TRANSFERS}")]
    assert table[0][3].startswith("#1 (1 t), #3 (1 t), #5 (1 t)") and f"+{TRANSFERS + 1 - 3} 更多区间 more ranges" in table[0][3]
    assert page.evaluate("document.querySelector('#holders-table details').open") is False
    assert page.console_errors() == []


def test_transaction_body_labelled_and_signers_named(page, served) -> None:
    open_page(page, served, f"#/tx/{served.txs['transfer']}")
    assert page.evaluate("[...document.querySelectorAll('#tx-signers a')].map(a => a.innerText)") == [uscc(1)]
    assert "重点排放单位 1" in page.evaluate("document.getElementById('tx-signers').innerText")
    body = page.evaluate("[...document.querySelectorAll('#tx-body dt')].map((dt) => [dt.innerText, dt.nextSibling.innerText])")
    assert ["数量 (吨) Amount (t)", "100 t"] in body and ["转出 From", uscc(1)] in body and ["转入 To", uscc(2)] in body
    page.wait_for("!!document.querySelector('#proof pre.note')")
    note = page.evaluate("(n => [getComputedStyle(n).whiteSpace, n.scrollWidth <= n.clientWidth])(document.querySelector('#proof pre.note'))")
    assert note == ["pre-wrap", True]
    assert page.console_errors() == []


@pytest.mark.parametrize("serial, words", [(101, "已清缴用于履约，不再流转 Surrendered for compliance; it never moves again · 2024"),
                                           (1420, "已注销：自愿注销，不再流转 Cancelled (retired for good): it never moves again"),
                                           (1500, "否：可流转 No: it can still move")])
def test_serial_says_its_terminal_state_in_words_and_fits_at_phone_width(page, served, serial: int, words: str) -> None:
    page.set_viewport(420, 900, mobile=True)
    open_page(page, served, f"#/serial/CEA-2024/{serial}")
    assert page.evaluate("document.getElementById('terminal-state').innerText") == words
    assert page.evaluate("(c => c.scrollWidth <= c.clientWidth)(document.querySelector('.serial-card'))") is True
    assert page.evaluate("document.documentElement.scrollWidth") <= 420
    assert page.console_errors() == []


def test_account_compliance_by_year(page, served) -> None:
    open_page(page, served, f"#/account/{uscc(2)}")
    table = {r[0]: r for r in rows(page, "account-compliance")}
    assert set(table) == {"2023", "2024"}
    assert table["2024"][1].startswith("B") and table["2024"][2] == "900" and table["2024"][4] == "—"  # no fine before the shortfall is enforced
    assert page.console_errors() == []
