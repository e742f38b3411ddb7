"""The explorer in headless Chromium, on a real node: pages load clean, Verify says valid, tampering is named.

The node (served_node.py) runs uvicorn on 127.0.0.1 with a small market; Chromium is driven over
the DevTools protocol (cdp.py). Screenshots go to /tmp/tanledger-explorer/ to be looked at.
"""
from __future__ import annotations

import base64
import hashlib
import json
import struct
from pathlib import Path

import httpx
import pytest

from pages import READY, open_page
from helpers import seed, uscc
from ledger.checkpoint import format_checkpoint, make_note, sign_note
from served_node import BENEFICIARY

RESULT_DONE = "(r => r && r.dataset.code && r.textContent)(document.getElementById('{id}'))"
KEY_NAME = "tanledger.devnet/tanledger-test/v1"
ORIGIN = "tanledger.devnet/tanledger-test"


def routes(served) -> dict[str, str]:
    return {"home": "#/", "transaction": f"#/tx/{served.txs['cancel']}", "block": "#/block/4",
            "account": f"#/account/{uscc(2)}", "terminal account": "#/account/CANCELLED",
            "instrument": "#/instrument/CEA-2024", "provenance": "#/serial/CEA-2024/1420",
            "certificate": f"#/certificate/{served.txs['cancel']}", "compliance": "#/compliance/2024",
            "checkpoints": "#/checkpoints", "verify": "#/verify"}


def main_text(page) -> str:
    return page.evaluate("document.getElementById('main').innerText")


def table_rows(page, table_id: str) -> list[list[str]]:
    """The text of every body cell of the table with this id, row by row."""
    return page.evaluate(f"[...document.querySelectorAll('#{table_id} tbody tr')]"
                         ".map(r => [...r.cells].map(c => c.innerText))")


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("name", ["home", "transaction", "block", "account", "terminal account", "instrument",
                                  "provenance", "certificate", "compliance", "checkpoints", "verify"])
def test_page_loads_without_console_errors(page, served, name: str) -> None:
    open_page(page, served, routes(served)[name])
    assert page.evaluate("document.querySelectorAll('#main .notice.error').length") == 0, main_text(page)
    assert page.evaluate("document.getElementById('main').children.length") > 0
    assert page.console_errors() == []


def test_verify_button_says_valid_and_screenshot(page, served, shots) -> None:
    tx_id = served.txs["cancel"]
    open_page(page, served, f"#/tx/{tx_id}")
    page.evaluate("document.getElementById('verify-button').click()")
    text = page.wait_for(RESULT_DONE.format(id="verify-result"))
    proof = httpx.get(f"{served.url}/v1/proof/inclusion/{tx_id}").json()  # what the node proves, checked in the browser
    assert text.startswith(f"valid — entry {proof['log_index']} of the log of {proof['tree_size']} entries"), text
    assert "checkpoint signed by v1 (1 of 1, quorum 1)" in text
    assert page.evaluate("document.getElementById('proof-download').getAttribute('href')") == \
        f"/v1/proof/inclusion/{tx_id}?format=tlog-proof"
    assert page.console_errors() == []
    shot = page.screenshot(shots / "transaction-verified-1280.png")
    assert png_size(shot)[0] == 1280


def test_phone_width_has_no_sideways_scroll(page, served, shots) -> None:
    page.set_viewport(390, 844, mobile=True)
    for name in ("transaction", "compliance", "provenance"):
        open_page(page, served, routes(served)[name])
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, name
    page.screenshot(shots / "provenance-phone.png")
    open_page(page, served, routes(served)["compliance"])
    page.screenshot(shots / "compliance-phone.png")
    assert page.console_errors() == []


# ---- tampered bundles, fed to the page's "verify a .tlog-proof file" form --------------------------

def served_bundle(served, tx: str = "cancel") -> str:
    return httpx.get(f"{served.url}/v1/proof/inclusion/{served.txs[tx]}?format=tlog-proof").text


def lines_edit(text: str, index: int, new: str | None) -> str:
    lines = text.split("\n")
    if new is None:
        del lines[index]
    else:
        lines[index] = new
    return "\n".join(lines)


def flip_b64(value: str) -> str:
    raw = bytearray(base64.b64decode(value))
    raw[0] ^= 1
    return base64.b64encode(bytes(raw)).decode()


def resigned(text: str, root: bytes) -> str:
    """The bundle with its checkpoint replaced by one validator v1 really signed, over `root`."""
    body = format_checkpoint(ORIGIN, 18, root)
    head = text[:text.index("\n\n") + 2]
    return head + make_note(body, [sign_note(body, KEY_NAME, seed("validator-1"))])


def stranger_line(text: str) -> str:
    """A well-formed signature line from a key the trust root does not know."""
    body = text[text.index("\n\n") + 2:]
    body = body[:body.rindex("\n\n") + 1]
    return sign_note(body, f"{ORIGIN}/stranger", hashlib.sha256(b"stranger").digest())


def tamper(served, case: str) -> tuple[str, str]:
    """(bundle text, the transaction id to expect) for one named case."""
    good = served_bundle(served)
    sig_line = good.split("\n")[-2]
    if case == "good":
        return good, served.txs["cancel"]
    if case == "flipped hash in the audit path":
        return lines_edit(good, 3, flip_b64(good.split("\n")[3])), served.txs["cancel"]
    if case == "removed signature line":
        return good.replace(sig_line + "\n", ""), served.txs["cancel"]
    if case == "signature line swapped for an unknown key":
        return good.replace(sig_line, stranger_line(good)), served.txs["cancel"]
    if case == "wrong root in the checkpoint":
        root_line = good.split("\n").index(good.split("\n")[-4])
        return lines_edit(good, root_line, flip_b64(good.split("\n")[root_line])), served.txs["cancel"]
    if case == "checkpoint signed over a wrong root":
        return resigned(good, hashlib.sha256(b"another history").digest()), served.txs["cancel"]
    if case == "truncated audit path":
        return lines_edit(good, 6, None), served.txs["cancel"]
    if case == "duplicated signature line":
        return good + sig_line + "\n", served.txs["cancel"]
    if case == "proof of another transaction":
        return served_bundle(served, "transfer"), served.txs["cancel"]
    if case == "not a bundle":
        return good.replace("c2sp.org/tlog-proof@v1", "tlog-proof"), served.txs["cancel"]
    raise KeyError(case)


@pytest.mark.parametrize("case, verdict", [
    ("good", "valid"),
    ("flipped hash in the audit path", "invalid: root mismatch"),
    ("removed signature line", "invalid: malformed checkpoint note"),  # one validator: no signature line is left
    ("signature line swapped for an unknown key", "invalid: no quorum (0/1)"),
    ("wrong root in the checkpoint", "invalid: bad signature"),
    ("checkpoint signed over a wrong root", "invalid: root mismatch"),
    ("truncated audit path", "invalid: wrong proof length"),
    ("duplicated signature line", "valid"),
    ("proof of another transaction", "invalid: wrong entry"),
    ("not a bundle", "invalid: malformed bundle"),
])
def test_pasted_bundle_verdict(page, served, case: str, verdict: str) -> None:
    text, tx_id = tamper(served, case)
    open_page(page, served, "#/verify")
    page.evaluate(f"document.getElementById('bundle-text').value = {json.dumps(text)};"
                  f"document.getElementById('bundle-tx').value = {json.dumps(tx_id)};"
                  "document.getElementById('verify-file').click()")
    result = page.wait_for(RESULT_DONE.format(id="verify-file-result"))
    assert result.split(" — ")[0] == verdict, result
    if case == "duplicated signature line":
        assert "duplicate signature of v1 counted once" in result
    assert page.console_errors() == []


@pytest.mark.parametrize("case, change, verdict", [
    ("flipped hash", lambda t: t, "invalid: root mismatch"),
    ("CR LF line ends", lambda t: t.replace("\n", "\r\n"), "invalid: malformed bundle"),  # strict, as ledger/bundle.py
    ("byte order mark", lambda t: "\ufeff" + t, "invalid: malformed bundle"),
])
def test_chosen_file_is_verified_byte_for_byte(page, served, tmp_path: Path, case: str, change, verdict: str) -> None:
    text, _ = tamper(served, "flipped hash in the audit path")
    path = tmp_path / "chosen.tlog-proof"
    path.write_bytes(change(text).encode("utf-8"))
    open_page(page, served, "#/verify")
    root = page.send("DOM.getDocument")["root"]["nodeId"]
    node = page.send("DOM.querySelector", {"nodeId": root, "selector": "#bundle-file"})["nodeId"]
    page.send("DOM.setFileInputFiles", {"files": [str(path)], "nodeId": node})
    page.wait_for("document.getElementById('bundle-text').value.includes('c2sp.org/tlog-proof@v1')")
    page.evaluate("document.getElementById('verify-file').click()")
    assert page.wait_for(RESULT_DONE.format(id="verify-file-result")).split(" — ")[0] == verdict


# ---- search and the registry's records -------------------------------------------------------------

@pytest.mark.parametrize("query, route", [
    ("{cancel}", "#/tx/{cancel}"), ("{CANCEL}", "#/tx/{cancel}"), ("4", "#/block/4"), ("block 4", "#/block/4"),
    ("log 14", "#/tx/{cancel}"), ("CEA-2024#1420", "#/serial/CEA-2024/1420"), ("cea-2024 # 7", "#/serial/CEA-2024/7"),
    ("CEA-2024", "#/instrument/CEA-2024"), ("PROV-11", "#/account/PROV-11"), (uscc(1), f"#/account/{uscc(1)}"),
    ("SURRENDERED-2024", "#/account/SURRENDERED-2024"), ("compliance 2024", "#/compliance/2024"),
    ("履约 2024", "#/compliance/2024"), ("checkpoints", "#/checkpoints"),
])
def test_search_box_goes_to_the_page(page, served, query: str, route: str) -> None:
    ids = {"cancel": served.txs["cancel"], "CANCEL": served.txs["cancel"].upper()}
    open_page(page, served, "#/")
    page.evaluate(f"document.getElementById('q').value = {json.dumps(query.format(**ids))};"
                  "document.querySelector('#search button').click()")
    page.wait_for(f"location.hash === {json.dumps(route.format(**ids))}")
    page.wait_for(READY)
    assert page.evaluate("document.querySelectorAll('#main .notice.error').length") == 0


def test_search_box_says_when_nothing_matches(page, served) -> None:
    open_page(page, served, "#/")
    page.evaluate("document.getElementById('q').value = 'what is this?'; document.querySelector('#search button').click()")
    assert "is not a transaction id" in page.wait_for("document.getElementById('search-message').textContent")
    assert page.evaluate("location.hash") == "#/"


def test_certificate_names_beneficiary_reason_and_serials(page, served) -> None:
    open_page(page, served, f"#/certificate/{served.txs['cancel']}")
    text = main_text(page)
    for expected in ("注销证明 Cancellation certificate", BENEFICIARY, "carbon-neutral event", "#1401–1450", uscc(3), "50"):
        assert expected in text
    page.evaluate("document.getElementById('verify-button').click()")
    assert page.wait_for(RESULT_DONE.format(id="verify-result")).startswith("valid")


def test_compliance_list_has_codes_and_numbers(page, served) -> None:
    open_page(page, served, "#/compliance/2024")
    rows = table_rows(page, "compliance-table")
    assert [(r[0], r[1].split(" ")[0], r[2], r[4]) for r in rows] == [
        (f"{uscc(n)}\n重点排放单位 {n}", code, verified, surrendered)
        for n, code, verified, surrendered in ((1, "A", "500", "500"), (2, "B", "900", "0"), (3, "C", "—", "0"))]
    assert "已足额清缴" in rows[0][1] and "未足额清缴" in rows[1][1] and "未录入核查排放量" in rows[2][1]
    tiles = page.evaluate("[...document.querySelectorAll('.code-tile')].map(t => t.querySelector('b').innerText + "
                          "t.querySelector('.n').innerText)")
    assert tiles == ["A1", "B1", "C1", "X0"]


def test_instrument_supply_and_terminal_ranges(page, served) -> None:
    open_page(page, served, "#/instrument/CEA-2024")
    text = main_text(page)
    assert "issued = held + surrendered + cancelled + withdrawn ✓" in text
    # cancelled by 3; surrendered by 1 (its lowest after the transfer)
    assert "#1,401–1,450 (50 t)" in text and "#101–600 (500 t)" in text
    bars = page.evaluate("[...document.querySelectorAll('svg.supply-chart .bar-row')].map(g => [g.dataset.part, "
                         "g.dataset.tonnes, g.querySelector('.bar-value').textContent])")
    assert bars == [["held", "1550", "1,550 t (73.8 %)"], ["surrendered", "500", "500 t (23.8 %)"],
                    ["cancelled", "50", "50 t (2.4 %)"], ["withdrawn", "0", "0 t (0.0 %)"]]


def test_provenance_lists_every_hop_and_each_verifies(page, served) -> None:
    open_page(page, served, "#/serial/CEA-2024/50")  # issued to 1, sent to 2
    hops = table_rows(page, "hops")
    assert [h[2] for h in hops] == ["签发 Issuance", "转让 Transfer"]
    links = page.evaluate("[...document.querySelectorAll('#hops tbody tr')].map(r => r.cells[6].querySelector('a').hash)")
    assert links[1] == f"#/tx/{served.txs['transfer']}"
    page.evaluate("document.querySelectorAll('#hops button').forEach(b => b.click())")
    page.wait_for("[...document.querySelectorAll('#hops .result')].every(r => r.dataset.code)")
    assert page.evaluate("[...document.querySelectorAll('#hops .result')].map(r => r.dataset.code)") == ["valid", "valid"]


def test_account_holdings_by_sub_state(page, served) -> None:
    open_page(page, served, f"#/account/{uscc(2)}")
    row = page.evaluate("[...document.querySelector('#holdings tbody tr').cells].map(c => c.innerText)")
    assert row[0] == "CEA-2024" and row[1] == "800" and row[2].split("\n") == ["800", "#1–100, #701–1400"]


# ---- the checkpoint history, checked in the browser ------------------------------------------------

def test_checkpoint_history_signed_and_consistent(page, served) -> None:
    open_page(page, served, "#/checkpoints")
    rows = table_rows(page, "checkpoint-table")
    assert [r[1] for r in rows] == ["18", "17", "15", "13", "7", "5"]
    assert all(r[3] == "v1 ✓ (1/1)" for r in rows)
    assert [r[4] for r in rows] == ["consistent with 17 一致", "consistent with 15 一致", "consistent with 13 一致",
                                    "consistent with 7 一致", "consistent with 5 一致", "first 首个"]


PATCH_FETCH = """(() => {
  const real = window.fetch;
  window.fetch = async (url, init) => {
    const response = await real(url, init);
    const patch = PATCHES.find(([part]) => String(url).includes(part));
    if (!patch) return response;
    const body = patch[1](await response.json());
    return new Response(JSON.stringify(body), {status: response.status, headers: {'content-type': 'application/json'}});
  };
})();"""


def test_checkpoint_history_names_a_tampered_consistency_proof(page, served) -> None:
    patches = ("const PATCHES = [['/v1/proof/consistency?from=13&', "
               "(b) => ({...b, proof: ['ff' + b.proof[0].slice(2), ...b.proof.slice(1)]})]];")
    page.send("Page.addScriptToEvaluateOnNewDocument", {"source": patches + PATCH_FETCH})
    open_page(page, served, "#/checkpoints")
    column = page.evaluate("[...document.querySelectorAll('#checkpoint-table tbody tr')].map(r => r.cells[4].innerText)")
    assert column[2].startswith("inconsistent: root mismatch"), column
    assert column[0].startswith("consistent") and column[1].startswith("consistent")


def test_checkpoint_history_names_a_split_view(page, served) -> None:
    body = format_checkpoint(ORIGIN, 18, hashlib.sha256(b"a forked history").digest())
    fork = {"size": 18, "root_hex": hashlib.sha256(b"a forked history").hexdigest(), "height": 6, "quorum": 1,
            "note": make_note(body, [sign_note(body, KEY_NAME, seed("validator-1"))])}
    patches = (f"const FORK = {json.dumps(fork)};"
               "const PATCHES = [['/v1/checkpoints', (b) => ({...b, checkpoints: [...b.checkpoints, FORK]})]];")
    page.send("Page.addScriptToEvaluateOnNewDocument", {"source": patches + PATCH_FETCH})
    open_page(page, served, "#/checkpoints")
    column = page.evaluate("[...document.querySelectorAll('#checkpoint-table tbody tr')].map(r => r.cells[4].innerText)")
    assert column[0].startswith("inconsistent: split view — split view: two checkpoints of size 18"), column
