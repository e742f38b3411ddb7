"""The explorer's trust page: it says plainly when the checks use the node's own trust root, shows the genesis
hash, compares the trust root in use with what the node serves, and lets a user load a trust file obtained
elsewhere (kept in localStorage) and a max age; the Verify buttons then use them.

These tests run on a node of their own (its own address, so its own localStorage).
"""
from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
from helpers import bilateral_genesis_doc, seed
from pages import READY, open_page
from served_node import ServedNode, market_served

from ledger.crypto import public_key
from node.trust import trust_from_genesis

RESULT_DONE = "(r => r && r.dataset.code && r.textContent)(document.getElementById('{id}'))"
WITNESS = {"name": "witness-1", "pubkey": public_key(seed("witness-1")).hex()}


@pytest.fixture(scope="module")
def mine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedNode]:
    """A node of this module only, with the market of served_node.py."""
    with market_served(tmp_path_factory.mktemp("trust") / "home") as node:
        yield node


def node_trust() -> dict:
    return trust_from_genesis(bilateral_genesis_doc()).to_json()


def fresh(page, served: ServedNode, route: str) -> None:
    """Open `route` on a clean localStorage (English terms), the document reloaded so the app starts on it."""
    page.goto("about:blank")
    open_page(page, served, route)
    page.evaluate("localStorage.clear(); localStorage.setItem('tanledger.lang', 'en'); window.beforeReload = true; "
                  "location.reload()")
    page.wait_for("!window.beforeReload && document.body?.dataset.state === 'ready'")


def load_trust(page, text: str) -> None:
    """Paste `text` in the trust page's form and use it; wait for the page shown again (or the refusal)."""
    page.evaluate(f"document.getElementById('trust-text').dataset.old = 'yes';"
                  f"document.getElementById('trust-text').value = {json.dumps(text)};"
                  "document.getElementById('trust-use').click()")
    page.wait_for("(t => (t && !t.dataset.old) || document.getElementById('trust-result')?.dataset.code)"
                  f"(document.getElementById('trust-text')) && {READY}")


def compare_rows(page) -> dict[str, bool]:
    return page.evaluate("Object.fromEntries([...document.querySelectorAll('#trust-compare tbody tr')].map((r) => "
                         "[r.cells[0].textContent, r.cells[1].firstChild.dataset.ok === 'true']))")


def verify_tx(page, served: ServedNode) -> tuple[str, str]:
    """Open the `cancel` transaction, click Verify; (result code, result text)."""
    open_page(page, served, f"#/tx/{served.txs['cancel']}")
    page.evaluate("document.getElementById('verify-button').click()")
    text = page.wait_for(RESULT_DONE.format(id="verify-result"))
    return page.evaluate("document.getElementById('verify-result').dataset.code"), text


def test_the_node_s_own_trust_root_is_named_with_its_genesis_hash(page, mine) -> None:
    genesis_hash = httpx.get(f"{mine.url}/v1/status").json()["genesis_hash"]
    fresh(page, mine, "#/trust")
    assert page.evaluate("document.querySelector('.trust-source').dataset.source") == "node"
    assert page.evaluate("document.querySelector('.trust-source').textContent").startswith(
        "Checks use this node's own trust root (its /v1/trust): a node that lies could lie about its keys too.")
    assert page.evaluate("document.getElementById('trust-genesis').textContent") == genesis_hash
    assert compare_rows(page) == {"genesis": True, "origin": True, "validators from 0": True, "witnesses": True}
    open_page(page, mine, "#/")
    assert page.evaluate("document.getElementById('home-trust').dataset.source") == "node"
    assert genesis_hash[:16] in page.evaluate("document.getElementById('home-trust').textContent")
    code, _ = verify_tx(page, mine)
    assert code == "valid" and page.evaluate("document.querySelector('#proof .trust-source').dataset.source") == "node"
    assert page.console_errors() == []


def test_a_loaded_trust_file_is_kept_and_used_until_forgotten(page, mine) -> None:
    fresh(page, mine, "#/trust")
    load_trust(page, json.dumps({**node_trust(), "witnesses": [WITNESS], "witness_quorum": 1}))
    assert page.evaluate("document.querySelector('.trust-source').dataset.source") == "file"
    assert page.evaluate("document.getElementById('trust-witnesses').textContent") == \
        f"1 of witness-1 ({WITNESS['pubkey'][:8]}…)"
    assert compare_rows(page) == {"genesis": True, "origin": True, "validators from 0": True, "witnesses": False}
    page.evaluate("window.beforeReload = true; location.reload()")
    page.wait_for("!window.beforeReload && document.body?.dataset.state === 'ready'")
    code, text = verify_tx(page, mine)  # the node's checkpoints carry no witness cosignature
    assert code == "no_witness_quorum", text
    assert "cosigned by 0 of the 1 trusted witnesses, the trust file's policy needs 1: the node may not have" in text
    open_page(page, mine, "#/trust")
    page.evaluate("document.getElementById('trust-forget').click()")
    page.wait_for("document.querySelector('.trust-source')?.dataset.source === 'node'")
    assert verify_tx(page, mine)[0] == "valid"


def test_a_trust_file_of_another_genesis_is_refused_by_the_checks(page, mine) -> None:
    other = trust_from_genesis({**bilateral_genesis_doc(), "genesis_time": "2024-01-02T08:00:00+08:00"}).to_json()
    fresh(page, mine, "#/trust")
    load_trust(page, json.dumps(other))
    assert compare_rows(page)["genesis"] is False
    code, text = verify_tx(page, mine)
    assert code == "wrong_genesis", text
    assert f"the trust file you loaded names genesis {other['genesis_hash']}: this node serves another chain" in text


@pytest.mark.parametrize("text, why", [
    ("{", "the trust file is not JSON"),
    (json.dumps({**node_trust(), "witnesses": [WITNESS], "witness_quorum": 2}), "witness_quorum 2 is not between 0"),
    (json.dumps({**node_trust(), "validator_sets": []}), "validator sets must be one or more"),
])
def test_a_malformed_trust_file_is_refused_and_not_kept(page, mine, text: str, why: str) -> None:
    fresh(page, mine, "#/trust")
    load_trust(page, text)
    shown = page.evaluate("document.getElementById('trust-result').textContent")
    assert shown.startswith("trust file refused — ") and why in shown, shown
    assert page.evaluate("localStorage.getItem('tanledger/trust-file/v1')") is None


def test_a_max_age_refuses_an_undated_checkpoint(page, mine) -> None:
    fresh(page, mine, "#/trust")
    page.evaluate("document.getElementById('max-age').value = '60'; document.getElementById('max-age-save').click()")
    page.wait_for(f"document.getElementById('max-age')?.value === '60' && {READY}")
    code, text = verify_tx(page, mine)
    assert code == "stale_checkpoint", text
    assert "the checkpoint has no witness cosignature, so nothing tells its age" in text
    open_page(page, mine, "#/trust")
    page.evaluate("document.getElementById('max-age').value = 'soon'; document.getElementById('max-age-save').click()")
    assert "is not a whole number of seconds" in page.wait_for("document.getElementById('max-age-result').textContent")
    page.evaluate("document.getElementById('max-age').value = ''; document.getElementById('max-age-save').click()")
    page.wait_for(f"document.getElementById('max-age')?.value === '' && {READY}")
    assert verify_tx(page, mine)[0] == "valid"
