"""The browser remembers the last checkpoint it verified (per origin and genesis hash) and links the next one
to it with a consistency proof; a rollback, a fork or a forged memory is refused once, in hex, with a way to
forget; state proofs verify in the browser (the verify page's form and the `proof` buttons of records).

These tests run on a node of their own (its own address, so its own localStorage), which they grow.
"""
from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterator

import httpx
import pytest
from helpers import seed, uscc
from node_helpers import Signer, entity_body
from pages import READY, open_page
from served_node import ServedNode, commit, market_served

from ledger.checkpoint import format_checkpoint, make_note, sign_note

RESULT_DONE = "(r => r && r.dataset.code && r.dataset.code !== '' && r.textContent)(document.getElementById('{id}'))"
ORIGIN = "tanledger.devnet/tanledger-test"
KEY_NAME = f"{ORIGIN}/v1"
RECORD_FETCHES = """(() => {
  window.FETCHED = [];
  const real = window.fetch;
  window.fetch = (url, init) => { window.FETCHED.push(String(url)); return real(url, init); };
})();"""


@pytest.fixture(scope="module")
def mine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedNode]:
    """A node of this module only, with the market of served_node.py, that the tests grow."""
    with market_served(tmp_path_factory.mktemp("memory") / "home") as node:
        yield node


def status(served: ServedNode) -> dict:
    return httpx.get(f"{served.url}/v1/status").json()


def memory_key(served: ServedNode) -> str:
    return f"tanledger/last-checkpoint/v1 {ORIGIN} {status(served)['genesis_hash']}"


def grow(served: ServedNode, entity: int) -> None:
    """Commit one more block: the registration of entity `entity`."""
    with httpx.Client(base_url=served.url) as http:
        nonce = http.get("/v1/accounts/REGISTRY").json()["nonce"]
        commit(served, http, [Signer().sign("register_participant", entity_body(entity), "REGISTRY", nonce=nonce + 1)])


def signed_note(size: int, root: bytes) -> str:
    """A checkpoint note the test validator really signed (the test key is known): valid, whatever its root."""
    body = format_checkpoint(ORIGIN, size, root)
    return make_note(body, [sign_note(body, KEY_NAME, seed("validator-1"))])


def visit_and_verify(page, served: ServedNode, memory: dict[str, str] | None = None) -> str:
    """Open the `cancel` transaction afresh (localStorage set to `memory` first, if given), click Verify, return
    the result."""
    page.goto("about:blank")
    open_page(page, served, f"#/tx/{served.txs['cancel']}")
    if memory is not None:
        page.evaluate(f"localStorage.clear(); Object.entries({json.dumps(memory)})"
                      ".forEach(([k, v]) => localStorage.setItem(k, v))")
    page.evaluate("document.getElementById('verify-button').click()")
    return page.wait_for(RESULT_DONE.format(id="verify-result"))


def remembered(page, served: ServedNode) -> dict | None:
    """The size the browser remembers for `served`'s chain, read from its signed note."""
    stored = page.evaluate(f"localStorage.getItem({json.dumps(memory_key(served))})")
    return None if stored is None else int(json.loads(stored)["note"].split("\n")[1])


def test_remembered_checkpoint_then_consistency_to_a_newer_one(page, mine) -> None:
    page.send("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_FETCHES})
    first = status(mine)["log_size"]
    text = visit_and_verify(page, mine, memory={})
    assert text.startswith("valid — entry"), text
    assert text.endswith(f"checkpoint of size {first} remembered in this browser for the next visit"), text
    assert page.evaluate("Object.keys(localStorage)") == [memory_key(mine)]
    assert remembered(page, mine) == first
    grow(mine, 21)  # more blocks between the two visits
    grow(mine, 22)
    newer = status(mine)["log_size"]
    assert newer > first
    text = visit_and_verify(page, mine)
    assert text.endswith(f"consistent with the checkpoint remembered in this browser (size {first} → {newer}, "
                         f"consistency proof checked); size {newer} now remembered"), text
    assert f"/v1/proof/consistency?from={first}&to={newer}" in page.evaluate("window.FETCHED")
    assert remembered(page, mine) == newer
    text = visit_and_verify(page, mine)
    assert text.endswith(f"same checkpoint as the one remembered in this browser (size {newer})"), text
    assert page.console_errors() == []


def test_an_older_bundle_is_checked_against_the_remembered_checkpoint(page, mine) -> None:
    size = status(mine)["log_size"]
    latest = httpx.get(f"{mine.url}/v1/checkpoint?size={size}&format=note").text
    tx_id = mine.txs["cancel"]
    older = httpx.get(f"{mine.url}/v1/proof/inclusion/{tx_id}?size=15&format=tlog-proof").text
    page.goto("about:blank")
    open_page(page, mine, "#/verify")
    page.evaluate(f"localStorage.clear(); localStorage.setItem({json.dumps(memory_key(mine))}, "
                  f"{json.dumps(json.dumps({'note': latest}))});"
                  f"document.getElementById('bundle-text').value = {json.dumps(older)};"
                  "document.getElementById('verify-file').click()")
    text = page.wait_for(RESULT_DONE.format(id="verify-file-result"))
    assert text.startswith("valid — entry 14 of the log of 15 entries"), text
    assert text.endswith(f"older than the checkpoint remembered in this browser (size {size}), and consistent with it")
    assert remembered(page, mine) == size


def test_the_verify_page_shows_the_remembered_checkpoint_and_forgets_it(page, mine) -> None:
    size = status(mine)["log_size"]
    note = httpx.get(f"{mine.url}/v1/checkpoint?size={size}&format=note").text
    root = httpx.get(f"{mine.url}/v1/checkpoint?size={size}").json()["root_hex"]
    page.goto("about:blank")
    open_page(page, mine, "#/verify")
    page.evaluate(f"localStorage.clear(); localStorage.setItem({json.dumps(memory_key(mine))}, "
                  f"{json.dumps(json.dumps({'note': note}))}); window.beforeReload = true; location.reload()")
    # the reloaded document (not the old one, which may still show an earlier memory) shows the stored checkpoint
    page.wait_for("!window.beforeReload && document.getElementById('remembered')?.dataset.code === 'remembered'")
    assert page.evaluate("document.getElementById('remembered').textContent").startswith(f"size {size}, root {root} ")
    page.evaluate("document.querySelector('#remembered .forget-checkpoint').click()")
    assert page.wait_for("document.getElementById('remembered').dataset.code") == "forgotten"
    assert remembered(page, mine) is None


def test_another_chain_with_the_same_origin_does_not_collide(page, mine) -> None:
    other = f"tanledger/last-checkpoint/v1 {ORIGIN} {'ab' * 32}"  # a devnet of one chain id served here before
    big = signed_note(10**6, hashlib.sha256(b"another devnet").digest())
    text = visit_and_verify(page, mine, memory={other: json.dumps({"note": big})})
    assert text.startswith("valid — ") and "remembered in this browser for the next visit" in text, text
    assert page.evaluate(f"localStorage.getItem({json.dumps(other)})") == json.dumps({"note": big})


def refusal(page) -> tuple[str, int]:
    """The refusal shown and how many times its explanation appears on the page."""
    text = page.evaluate("document.getElementById('verify-result').innerText")
    why = text.split(" — ", 1)[1].split("\n")[0].strip()
    return text, page.evaluate(f"document.body.innerText.split({json.dumps(why[:60])}).length - 1")


def test_a_rollback_is_refused_once_in_hex_and_can_be_forgotten(page, mine) -> None:
    size = status(mine)["log_size"]
    root = hashlib.sha256(b"a longer history").digest()
    visit_and_verify(page, mine, memory={memory_key(mine): json.dumps({"note": signed_note(size + 5, root)})})
    text, shown = refusal(page)
    assert text.startswith(f"invalid: rollback — rollback: the node's checkpoint has {size} entries"), text
    assert f"fewer than the {size + 5} (root {root.hex()}) this browser verified before" in text
    assert base64.b64encode(root).decode() not in text and shown == 1
    assert remembered(page, mine) == size + 5  # the refused checkpoint does not replace the remembered one
    page.evaluate("document.querySelector('#verify-result .forget-checkpoint').click()")
    assert page.wait_for("document.getElementById('verify-result').dataset.code") == "forgotten"
    assert remembered(page, mine) is None
    page.evaluate("document.getElementById('verify-button').click()")
    page.wait_for("document.getElementById('verify-result').dataset.code === 'valid'")
    assert remembered(page, mine) == size


def test_a_forked_history_is_refused_every_time_until_forgotten(page, mine) -> None:
    size = status(mine)["log_size"]
    fork = signed_note(size - 2, hashlib.sha256(b"a forked history").digest())
    visit_and_verify(page, mine, memory={memory_key(mine): json.dumps({"note": fork})})
    text, shown = refusal(page)
    assert text.startswith(f"invalid: root mismatch — the checkpoint of size {size} "), text
    assert f"is not consistent with the one this browser verified before, of size {size - 2} (root " \
           f"{hashlib.sha256(b'a forked history').hexdigest()})" in text and shown == 1
    assert page.evaluate("document.querySelectorAll('.forget-checkpoint').length") == 1
    again = visit_and_verify(page, mine)
    assert again.startswith("invalid: root mismatch"), again


def test_a_tampered_memory_is_refused(page, mine) -> None:
    size = status(mine)["log_size"]
    note = httpx.get(f"{mine.url}/v1/checkpoint?size={size}&format=note").text
    forged = note.replace(f"\n{size}\n", f"\n{size + 1}\n", 1)  # the size edited after signing
    text = visit_and_verify(page, mine, memory={memory_key(mine): json.dumps({"note": forged})})
    assert text.startswith("invalid: remembered checkpoint unusable — the checkpoint this browser remembered for "
                           f"{ORIGIN} does not verify against the pinned trust root"), text


def test_a_node_serving_another_genesis_is_refused(page, mine) -> None:
    patch = """(() => { const real = window.fetch; window.fetch = async (url, init) => {
      const response = await real(url, init);
      if (!String(url).endsWith('/v1/status')) return response;
      const body = {...(await response.json()), genesis_hash: 'cd'.repeat(32)};
      return new Response(JSON.stringify(body), {status: 200, headers: {'content-type': 'application/json'}});
    }; })();"""
    page.send("Page.addScriptToEvaluateOnNewDocument", {"source": patch})
    text = visit_and_verify(page, mine, memory={})
    assert text.startswith(f"invalid: wrong genesis — the node now serves the chain of genesis {'cd' * 32}, "
                           "this page "
                           f"pinned the trust root of genesis {status(mine)['genesis_hash']}"), text
    assert page.evaluate("Object.keys(localStorage)") == []


# ---- state proofs in the browser ------------------------------------------------------------------

def verify_state(page, served: ServedNode, key: str = "", pasted: str = "") -> str:
    page.goto("about:blank")
    open_page(page, served, "#/verify")
    page.evaluate(f"document.getElementById('state-key').value = {json.dumps(key)};"
                  f"document.getElementById('state-json').value = {json.dumps(pasted)};"
                  "document.getElementById('verify-state').click()")
    return page.wait_for(RESULT_DONE.format(id="verify-state-result"))


def test_state_proof_of_a_key_verifies_in_the_browser(page, mine) -> None:
    key = f"participant/{uscc(1)}"
    proof = httpx.get(f"{mine.url}/v1/proof/state/{key}").json()
    text = verify_state(page, mine, key=key)
    block = httpx.get(f"{mine.url}/v1/blocks/{proof['height']}").json()
    value = json.dumps(proof["value"], ensure_ascii=False, separators=(",", ":"))
    assert text.startswith(f"valid — {key} = {value}"), text
    assert f"after block {proof['height']} (hash {block['hash']}), committed by v1 (1 of 1, quorum 1)" in text
    assert page.console_errors() == []


@pytest.mark.parametrize("change, verdict", [
    (lambda d: {**d, "value": {**d["value"], "province": "32"}}, "invalid: root mismatch"),
    (lambda d: {**d, "commit": {**d["commit"], "signatures": []}}, "invalid: no quorum (0/1)"),
    (lambda d: {**d, "header": {**d["header"], "state_root": "00" * 32}}, "invalid: header mismatch"),
])
def test_a_tampered_state_proof_is_refused(page, mine, change, verdict: str) -> None:
    doc = change(httpx.get(f"{mine.url}/v1/proof/state/participant/{uscc(1)}").json())
    assert verify_state(page, mine, pasted=json.dumps(doc)).split(" — ")[0] == verdict


@pytest.mark.parametrize("record, proof_of", [
    ("/v1/instruments/CEA-2024", lambda r: r["proof"]), (f"/v1/compliance/2024/{uscc(1)}", lambda r: r["proof"]),
    (f"/v1/accounts/{uscc(2)}/holdings", lambda r: r["holdings"][0]["proof"]),
])
def test_the_verify_button_of_a_record_with_a_proof_url(page, mine, record: str, proof_of) -> None:
    url = proof_of(httpx.get(f"{mine.url}{record}").json())
    open_page(page, mine, "#/verify")
    page.evaluate(f"""import('/explorer/proofs.js').then((p) => {{
        const el = p.stateProofButton({json.dumps(url)}, p.pinnedTrust());
        el.id = 'record-proof'; document.getElementById('main').append(el);
        el.querySelector('button').click(); return true; }})""")
    page.wait_for("(r => r.dataset.code)(document.querySelector('#record-proof .result'))")
    assert page.evaluate("document.querySelector('#record-proof .result').dataset.code") == "valid"
    key = url.removeprefix("/v1/proof/state/").split("?")[0]
    shown = page.evaluate("document.querySelector('#record-proof .result').textContent")
    assert shown.startswith(f"valid — {key} = "), shown
    page.wait_for(READY)
