"""Witnessed checkpoints in the explorer: with a trust file naming witnesses loaded, the Verify button and the
checkpoint history check their cosignatures, name each witness with its age, enforce the policy and the max age.

The node's stored checkpoints are cosigned in the test (ledger.cosignature.cosign, the clock of this machine)
on a node of this module only (its own address, so its own localStorage).
"""
from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator

import pytest
from helpers import bilateral_genesis_doc, seed, uscc
from pages import open_page
from served_node import ServedNode, market_served

from ledger.cosignature import cosign
from ledger.crypto import public_key
from ledger.note import parse_note
from node.trust import trust_from_genesis

WITNESSES = ["witness-1", "witness-2", "witness-3"]
TRUST = {**trust_from_genesis(bilateral_genesis_doc()).to_json(), "witness_quorum": 2,
         "witnesses": [{"name": w, "pubkey": public_key(seed(w)).hex()} for w in WITNESSES]}
RESULT_DONE = "(r => r && r.dataset.code && r.textContent)(document.getElementById('verify-result'))"


@pytest.fixture(scope="module")
def mine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedNode]:
    """A node of this module only, with the market of served_node.py; its checkpoints as signed, kept aside."""
    with market_served(tmp_path_factory.mktemp("witnessed") / "home") as node:
        node.signed = {c.size: c.note for c in node.node.store.latest_checkpoints(1000)}
        yield node


def cosign_all(served: ServedNode, *cosigners: tuple[str, int], tamper: bool = False, latest_only: bool = False) -> None:
    """Store every checkpoint as signed plus a cosignature of each (witness, seconds ago) (`latest_only`: the older
    ones as signed); `tamper` changes the end of the last cosignature."""
    now = int(time.time())
    for size, note in served.signed.items():
        latest = size == max(served.signed)
        lines = [cosign(parse_note(note).text, w, seed(w), now - ago) for w, ago in cosigners if latest or not latest_only]
        if tamper and lines:
            lines[-1] = lines[-1][:-4] + ("AAAA" if not lines[-1].endswith("AAAA") else "BBBB")
        current = served.node.store.get_checkpoint(size).note
        served.node.store.replace_note(size, current, note + "".join(line + "\n" for line in lines))


def with_trust(page, served: ServedNode, max_age: int | None = None) -> None:
    """Open the explorer with TRUST loaded as the user's trust file (and `max_age`), English terms."""
    page.goto("about:blank")
    open_page(page, served, "#/trust")
    settings = {"tanledger.lang": "en", "tanledger/trust-file/v1": json.dumps(TRUST)}
    if max_age is not None:
        settings["tanledger/max-age/v1"] = str(max_age)
    page.evaluate(f"localStorage.clear(); Object.entries({json.dumps(settings)}).forEach(([k, v]) => "
                  "localStorage.setItem(k, v)); window.beforeReload = true; location.reload()")
    page.wait_for("!window.beforeReload && document.body?.dataset.state === 'ready'")
    assert page.evaluate("document.querySelector('.trust-source').dataset.source") == "file"


def verify_tx(page, served: ServedNode) -> tuple[str, str]:
    open_page(page, served, f"#/tx/{served.txs['cancel']}")
    page.evaluate("document.getElementById('verify-button').click()")
    text = page.wait_for(RESULT_DONE)
    return page.evaluate("document.getElementById('verify-result').dataset.code"), text


WITNESSED = re.compile(r"witnessed by witness-1 \((\d+) s ago\), witness-3 \((\d+) s ago\): 2 of 3, policy 2")


def test_a_witnessed_checkpoint_names_its_witnesses_and_meets_the_max_age(page, mine) -> None:
    cosign_all(mine, ("witness-3", 7), ("witness-1", 5))
    with_trust(page, mine, max_age=60)
    code, text = verify_tx(page, mine)
    assert code == "valid", text
    ages = WITNESSED.search(text)
    assert ages and 5 <= int(ages[1]) < 60 and 7 <= int(ages[2]) < 60, text
    open_page(page, mine, "#/checkpoints")
    rows = page.evaluate("[...document.querySelectorAll('#checkpoint-table tbody tr')].map((r) => r.cells[3].textContent)")
    assert rows and all(WITNESSED.search(row) for row in rows), rows
    assert page.console_errors() == []


def test_one_witness_short_of_the_policy_is_refused(page, mine) -> None:
    cosign_all(mine, ("witness-2", 5))
    with_trust(page, mine)
    code, text = verify_tx(page, mine)
    assert code == "no_witness_quorum", text
    assert text.startswith("invalid: not enough witnesses — checkpoint cosigned by 1 of the 3 trusted witnesses"), text


def test_an_old_checkpoint_is_stale_beyond_the_max_age(page, mine) -> None:
    cosign_all(mine, ("witness-1", 500), ("witness-2", 600), ("witness-3", 700))
    with_trust(page, mine, max_age=60)
    code, text = verify_tx(page, mine)
    assert code == "stale_checkpoint", text
    assert re.search(r"last vouched for by its witnesses 6\d\d s ago, more than the maximum age of 60 s", text), text
    with_trust(page, mine)  # no max age: the same checkpoint is valid
    code, text = verify_tx(page, mine)
    assert code == "valid" and "witnessed by witness-1 (8 min ago), witness-2 (10 min ago), witness-3 (11 min ago)" \
        in text, text


def test_a_bad_witness_signature_is_refused_here_and_in_the_history(page, mine) -> None:
    cosign_all(mine, ("witness-1", 5), ("witness-2", 5), tamper=True)
    with_trust(page, mine)
    code, text = verify_tx(page, mine)
    assert code == "bad_signature", text
    assert "cosignature of witness witness-2 does not verify" in text
    open_page(page, mine, "#/checkpoints")
    rows = page.evaluate("[...document.querySelectorAll('#checkpoint-table tbody tr')].map((r) => r.cells[3].textContent)")
    assert rows and all(row.startswith("invalid: bad signature") for row in rows), rows


def verify_state(page, served: ServedNode) -> tuple[str, str]:
    open_page(page, served, "#/verify")
    page.evaluate(f"document.getElementById('state-key').value = 'participant/{uscc(1)}';"
                  "document.getElementById('verify-state').click()")
    text = page.wait_for("(r => r && r.dataset.code && r.textContent)(document.getElementById('verify-state-result'))")
    return page.evaluate("document.getElementById('verify-state-result').dataset.code"), text


def test_a_state_proof_s_checkpoint_is_witnessed_and_fresh(page, mine) -> None:
    cosign_all(mine, ("witness-1", 5), ("witness-3", 7))
    with_trust(page, mine, max_age=60)
    code, text = verify_state(page, mine)
    assert code == "valid" and WITNESSED.search(text), text
    cosign_all(mine, ("witness-1", 500), ("witness-3", 700))
    code, text = verify_state(page, mine)
    assert code == "stale_checkpoint", text


def test_the_history_checks_checkpoints_the_witnesses_never_saw_against_the_validators(page, mine) -> None:
    cosign_all(mine, ("witness-1", 5), ("witness-3", 7), latest_only=True)
    with_trust(page, mine)
    open_page(page, mine, "#/checkpoints")
    rows = page.evaluate("[...document.querySelectorAll('#checkpoint-table tbody tr')].map((r) => "
                         "[r.cells[3].textContent, r.cells[4].textContent])")  # newest first
    assert WITNESSED.search(rows[0][0]), rows[0]
    assert len(rows) > 2 and all(sig.startswith("v1 ✓ (1/1); not enough witnesses: 0 of 3, policy 2")
                                 for sig, _ in rows[1:]), rows
    assert all(link.startswith("consistent with") for _, link in rows[:-1]), rows


def test_a_checkpoint_remembered_before_the_witness_policy_still_links(page, mine) -> None:
    size = max(mine.signed)
    memory = f"tanledger/last-checkpoint/v1 {TRUST['origin']} {TRUST['genesis_hash']}"
    cosign_all(mine, ("witness-1", 5), ("witness-3", 7))
    with_trust(page, mine)
    page.evaluate(f"localStorage.setItem({json.dumps(memory)}, {json.dumps(json.dumps({'note': mine.signed[size]}))})")
    code, text = verify_tx(page, mine)  # remembered unwitnessed (verified with the node's own trust root, say)
    assert code == "valid" and text.endswith(f"same checkpoint as the one remembered in this browser (size {size})"), text
