"""Absence proofs in the browser (state_proof.js) against the Python verifier (ledger/state_proof.py), case by case.

Each proof, good or changed, must end the same way in both: valid (present or absent), or the same error code.
Proofs come from the node's builder over a small state (tests/state_proof_cases.py) and from the served node.
"""
from __future__ import annotations

import copy
import json
from typing import Any

import httpx
import pytest

from helpers import bilateral_genesis_doc, uscc
from ledger.errors import LedgerError
from ledger.state_proof import verify_state_proof
from node.trust import trust_from_genesis
from state_proof_cases import BETWEEN, MIDDLE, STATE, TRUST, prove


@pytest.fixture(scope="module")
def state_js(verifier):
    """The verifier's tab with state_proof.js imported as `window.S`."""
    verifier.page.evaluate("import('/explorer/state_proof.js').then((m) => { window.S = m; return true; })")
    return verifier


def python_verdict(doc: dict[str, Any], trust) -> str:
    """'present', 'absent' or the code ledger/state_proof.py refuses `doc` with."""
    try:
        return "present" if verify_state_proof(doc, trust).present else "absent"
    except LedgerError as exc:
        return exc.code


def js_verdict(state_js, doc: dict[str, Any], trust) -> str:
    """'present', 'absent' or the code state_proof.js refuses `doc` with."""
    result = state_js.run("const r = await S.verifyStateProof(doc, V.parseTrust(trust));"
                          "return r.present ? 'present' : 'absent';", doc=doc, trust=trust.to_json())
    return result["value"] if result["ok"] else result["code"]


def changed(key: str, change) -> dict[str, Any]:
    doc = copy.deepcopy(prove(STATE, key))
    change(doc)
    return doc


CASES = {
    "present": (lambda: prove(STATE, MIDDLE), "present"),
    "absent, below every key": (lambda: prove(STATE, "a"), "absent"),
    "absent, between two": (lambda: prove(STATE, BETWEEN), "absent"),
    "absent, above every key": (lambda: prove(STATE, "zzz"), "absent"),
    "absent, empty state": (lambda: prove({}, "k"), "absent"),
    "absent, astral key above a BMP one": (lambda: prove({"\uffff": 1}, "\U0001f600"), "absent"),  # not by UTF-16
    "present, astral key": (lambda: prove({"\uffff": 1, "\U0001f600": 2}, "\U0001f600"), "present"),
    "neighbour value changed": (lambda: changed(BETWEEN, lambda d: d["left"].update(value=0)), "root_mismatch"),
    "neighbour path truncated": (lambda: changed(BETWEEN, lambda d: d["right"]["audit_path"].pop()), "proof_length"),
    "neighbours not adjacent": (lambda: changed(BETWEEN, lambda d: d["right"].update(
        prove(STATE, "nonce/0")["right"])), "not_adjacent"),
    "left neighbour dropped": (lambda: changed(BETWEEN, lambda d: d.update(left=None)), "not_adjacent"),
    "no neighbour in a non-empty state": (lambda: changed(BETWEEN, lambda d: d.update(left=None, right=None)),
                                          "not_adjacent"),
    "present key claimed absent": (lambda: {**prove(STATE, "holding/B0"), "key": "holding/C/CEA-2024"},
                                   "key_not_between"),
    "tree size not the header's": (lambda: changed(BETWEEN, lambda d: d.update(tree_size=4)), "state_size_mismatch"),
    "header state_size changed": (lambda: changed(BETWEEN, lambda d: d["header"].update(state_size=4)),
                                  "header_mismatch"),
    "signed header with another state_size": (lambda: {**prove(STATE, "zzz", state_size=6), "tree_size": 6},
                                              "not_adjacent"),
    "empty state, another root": (lambda: prove({}, "k", state_root=bytes(32)), "root_mismatch"),
    "present not a bool": (lambda: changed(BETWEEN, lambda d: d.update(present=0)), "malformed_proof"),
    "no right": (lambda: changed(BETWEEN, lambda d: d.pop("right")), "malformed_proof"),
    "neighbour index a string": (lambda: changed(BETWEEN, lambda d: d["left"].update(index="0")), "malformed_proof"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_absence_verdict_matches_python(state_js, case: str) -> None:
    make, expected = CASES[case]
    doc = json.loads(json.dumps(make()))
    assert python_verdict(doc, TRUST) == expected
    assert js_verdict(state_js, doc, TRUST) == expected


@pytest.mark.parametrize("key", [f"holding/{uscc(9)}/CEA-2024", f"obligation/2031/{uscc(1)}", "!", "~"])
def test_served_absence_proof_verifies_in_both(state_js, served, key: str) -> None:
    doc = httpx.get(f"{served.url}/v1/proof/state/{key}").json()
    trust = trust_from_genesis(bilateral_genesis_doc())
    assert doc["present"] is False
    assert python_verdict(doc, trust) == js_verdict(state_js, doc, trust) == "absent"
    result = state_js.run("const r = await S.verifyStateProof(doc, V.parseTrust(trust));"
                          "return {key: r.key, value: r.value ?? null, height: r.header.height};",
                          doc=doc, trust=trust.to_json())
    assert result["value"] == {"key": key, "value": None, "height": doc["height"]}


@pytest.mark.parametrize("a, b", [("a", "b"), ("", "a"), ("ab", "a"), ("\uffff", "\U0001f600"), ("z", "z")])
def test_key_order_is_pythons(state_js, a: str, b: str) -> None:
    assert state_js.run("return S.keyBefore(a, b);", a=a, b=b)["value"] == (a < b)


def test_the_verify_form_proves_a_key_absent(page, served) -> None:
    from test_browser_verify_memory import verify_state

    key = f"holding/{uscc(9)}/CEA-2024"
    height = httpx.get(f"{served.url}/v1/proof/state/{key}").json()["height"]
    text = verify_state(page, served, key=key)
    assert text.startswith(f"valid — 已证明无持有: {key} after block {height} "), text  # "no holding, proven"
    changed_doc = {**httpx.get(f"{served.url}/v1/proof/state/{key}").json(), "left": None}
    assert verify_state(page, served, pasted=json.dumps(changed_doc)).startswith("invalid: ")
    assert page.evaluate("document.getElementById('verify-state-result').dataset.code") == "not_adjacent"
    assert page.console_errors() == []


@pytest.mark.parametrize("key, term", [(f"holding/{uscc(9)}/CEA-2024", "no_holding_proven"),
                                       (f"obligation/2031/{uscc(1)}", "no_obligation_proven"), ("nonce/X", "absent_proven")])
def test_a_proven_absence_is_named_in_the_registrys_words(state_js, key: str, term: str) -> None:
    assert state_js.run("return S.absenceTerm(key);", key=key)["value"] == term


@pytest.mark.parametrize("prefix", ["holding/B/", "holding/", "holding/A/", "zz/", "", MIDDLE])
def test_an_empty_prefix_is_judged_as_python_judges_it(state_js, prefix: str) -> None:
    from ledger.state_proof import is_prefix_empty

    doc = prove(STATE, prefix)
    result = state_js.run("return S.isPrefixEmpty(await S.verifyStateProof(doc, V.parseTrust(trust)));", doc=doc,
                          trust=TRUST.to_json())
    assert result["value"] is is_prefix_empty(verify_state_proof(doc, TRUST))


def test_the_account_page_proves_an_account_holds_nothing(page, served) -> None:
    from pages import open_page

    assert httpx.get(f"{served.url}/v1/accounts/PROV-11/holdings").json()["holdings"] == []
    open_page(page, served, "#/account/PROV-11")
    page.evaluate("document.getElementById('verify-no-holding').click()")
    text = page.wait_for("(r => r && r.dataset.code && r.textContent)(document.querySelector('.state-proof .result'))")
    assert text.startswith("valid — 已证明无持有: holding/PROV-11/… after block "), text  # the page's default language
    assert page.evaluate("document.querySelector('.state-proof .result').dataset.code") == "valid"
    open_page(page, served, f"#/account/{uscc(1)}")  # an account with holdings lists them, each with its own proof
    assert page.evaluate("document.getElementById('verify-no-holding')") is None
    assert page.console_errors() == []


def test_the_block_page_shows_the_state_size(page, served) -> None:
    from pages import open_page

    header = httpx.get(f"{served.url}/v1/blocks/2").json()["header"]
    open_page(page, served, "#/block/2")
    text = page.evaluate("document.body.innerText")
    assert f"状态条目数\n{header['state_size']:,}" in text or f"状态条目数\t{header['state_size']:,}" in text, text[:2000]


@pytest.mark.parametrize("witnessed_at, code", [(None, "no_witness_quorum"), ("none", "no_witness_quorum"),
                                                (1_800_000_000, "absent")])
def test_the_witness_policy_is_enforced_as_in_python(state_js, witnessed_at, code: str) -> None:
    from state_proof_cases import WITNESSED, checkpoint_note

    doc = prove(STATE, BETWEEN)
    doc["checkpoint"] = None if witnessed_at == "none" else checkpoint_note(doc, witnessed_at)
    assert python_verdict(doc, WITNESSED) == js_verdict(state_js, doc, WITNESSED) == code
