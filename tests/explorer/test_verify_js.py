"""The browser's verifier (verify.js, WebCrypto) against the Python one (ledger/), case by case.

Every case runs in both and must end the same way: valid, or the same error code. Bundles are
made in Python with ledger/bundle.py and ledger/checkpoint.py on a 4-validator trust (quorum 3),
then tampered with: the attacks of issue 3 each named by its code.
"""
from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable

import pytest

from ledger.bundle import Bundle, format_bundle, verify_bundle
from ledger.checkpoint import (Trust, Validator, ValidatorSet, check_key_name, format_checkpoint, key_id, make_note,
                               parse_trust, quorum_for, sign_note)
from ledger.crypto import public_key
from ledger.encoding import canonical
from ledger.errors import LedgerError
from ledger.merkle import leaf_hash
from ledger.proof import MemoryTree

ORIGIN = "tanledger.devnet/tan-1"
NAMES = [f"{ORIGIN}/v{i}" for i in range(1, 5)]
STRANGER = f"{ORIGIN}/w1"


def seed(name: str) -> bytes:
    return hashlib.sha256(b"explorer-test/" + name.encode()).digest()


TRUST = Trust(ORIGIN, (ValidatorSet(0, tuple(Validator(n, public_key(seed(n))) for n in NAMES), quorum_for(4)),))
TRUST_JSON = TRUST.to_json()
ENTRIES = [canonical({"height": 1 + i // 3, "index": i % 3, "tx": base64.b64encode(b"tx %d" % i).decode(),
                      "receipt": {"code": "ok", "events": [], "message": ""}}) for i in range(13)]
TREE = MemoryTree()
for _entry in ENTRIES:
    TREE.append(leaf_hash(_entry))
b64 = lambda data: base64.b64encode(data).decode()  # noqa: E731


def note(size: int = 13, signers: tuple[str, ...] = tuple(NAMES[:3]), root: bytes | None = None,
         origin: str = ORIGIN) -> str:
    body = format_checkpoint(origin, size, TREE.root(size) if root is None else root)
    return make_note(body, [sign_note(body, n, seed(n)) for n in signers])


def bundle(index: int = 5, size: int = 13, extra: bool = True, **kw) -> str:
    return format_bundle(Bundle(index, tuple(TREE.inclusion_proof(index, size)), note(size, **kw),
                                ENTRIES[index] if extra else None))


def flip(text: str) -> str:
    """A base64 hash with its first bit flipped."""
    raw = bytearray(base64.b64decode(text))
    raw[0] ^= 0x80
    return b64(bytes(raw))


def stray_bits(text: str) -> str:
    """The same 32 bytes in base64 with a padding bit set: decodes alike, is not canonical."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    return text[:-2] + alphabet[alphabet.index(text[-2]) ^ 1] + "="


def edit_line(text: str, line_no: int, change: Callable[[str], str]) -> str:
    lines = text.split("\n")
    lines[line_no] = change(lines[line_no])
    return "\n".join(lines)


def bad_sig(line: str) -> str:
    dash, name, sig = line.split(" ")
    raw = bytearray(base64.b64decode(sig))
    raw[-1] ^= 1
    return f"{dash} {name} {b64(bytes(raw))}"


GOOD = bundle()
PATH_AT = 3  # line of the first audit path hash (header, extra, index)
SIGS_AT = -4  # line of the first signature line of GOOD (3 signature lines, then the final "")
BODY_ROOT_AT = GOOD.split("\n").index(b64(TREE.root(13)))

CASES = {
    "good": (GOOD, "ok"),
    "flipped hash in audit path": (edit_line(GOOD, PATH_AT, flip), "root_mismatch"),
    "truncated audit path": (edit_line(GOOD, PATH_AT, lambda _: "\x00").replace("\x00\n", ""), "proof_length"),
    "extended audit path": (edit_line(GOOD, PATH_AT, lambda x: f"{x}\n{b64(bytes(32))}"), "proof_length"),
    "removed signature line": (bundle(signers=tuple(NAMES[:2])), "no_quorum"),
    "duplicated signature": (bundle(signers=(NAMES[0], NAMES[0], NAMES[1])), "no_quorum"),
    "duplicated signature with a quorum": (bundle(signers=(NAMES[0], NAMES[0], NAMES[1], NAMES[2])), "ok"),
    "unknown key": (bundle(signers=(NAMES[0], NAMES[1], STRANGER)), "no_quorum"),
    "unknown key beside a quorum": (bundle(signers=(STRANGER, *NAMES[:3])), "ok"),
    "bad signature from a known key": (edit_line(GOOD, SIGS_AT, bad_sig), "bad_signature"),
    "wrong root in the checkpoint": (edit_line(GOOD, BODY_ROOT_AT, flip), "bad_signature"),
    "checkpoint co-signed over a wrong root": (bundle(root=TREE.root(12)), "root_mismatch"),
    "unknown origin": (bundle(origin="tanledger.devnet/other"), "unknown_origin"),
    "wrong index": (GOOD.replace("index 5\n", "index 6\n"), "root_mismatch"),
    "index outside the tree": (GOOD.replace("index 5\n", "index 13\n"), "invalid_inclusion_proof"),
    "index with a leading zero": (GOOD.replace("index 5\n", "index 05\n"), "bad_bundle"),
    "wrong header": (GOOD.replace("c2sp.org/tlog-proof@v1", "c2sp.org/tlog-proof@v2"), "bad_bundle"),
    "no blank line before the checkpoint": (GOOD.replace("\n\n", "\n", 1), "bad_bundle"),
    "CRLF line ends": (GOOD.replace("\n", "\r\n"), "bad_bundle"),
    "non-canonical base64 hash": (edit_line(GOOD, PATH_AT, stray_bits), "bad_bundle"),
    "short audit hash": (edit_line(GOOD, PATH_AT, lambda _: b64(bytes(31))), "bad_bundle"),
    "empty extra": (edit_line(GOOD, 1, lambda _: "extra "), "bad_bundle"),
    "no extra and no leaf": (bundle(extra=False), "bad_bundle"),
    "tab in the note": (edit_line(GOOD, BODY_ROOT_AT - 2, lambda x: x + "\t"), "bad_note"),
    "tree size with a leading zero": (edit_line(GOOD, BODY_ROOT_AT - 1, lambda x: "0" + x), "bad_note"),
    "no signature line": (GOOD[:GOOD.rindex("\n\n") + 2], "bad_note"),
    # a line that is not `— <name> <base64>` is set aside like an unknown key's, so a quorum is missing
    "signature line without key name": (edit_line(GOOD, SIGS_AT, lambda x: x.replace(f" {NAMES[0]} ", " ")), "no_quorum"),
    "a third party's malformed line": (GOOD + "— auditor.example/notary !!\n", "ok"),
    "a validator's line made malformed": (GOOD + GOOD.split("\n")[SIGS_AT] + " \n", "bad_signature"),
    "257 signature lines": (GOOD + (GOOD.split("\n")[SIGS_AT] + "\n") * 254, "bad_note"),
}


def python_code(text: str, last: tuple[int, bytes] | None = None, proof: list[bytes] | None = None,
                leaf: bytes | None = None) -> str:
    try:
        verify_bundle(text, leaf, TRUST, last, proof)
    except LedgerError as exc:
        return exc.code
    return "ok"


JS_VERIFY = """const last = lastSize === null ? null : {size: BigInt(lastSize), root: b64(lastRoot)};
return await V.verifyBundle(text, leaf === null ? null : b64(leaf), V.parseTrust(trust), last,
                            proof === null ? null : proof.map(b64));"""


def js_code(verifier, text: str, last: tuple[int, bytes] | None = None, proof: list[bytes] | None = None,
            leaf: bytes | None = None) -> str:
    return verifier.code(JS_VERIFY, text=text, trust=TRUST_JSON, leaf=None if leaf is None else b64(leaf),
                         lastSize=None if last is None else last[0], lastRoot=None if last is None else b64(last[1]),
                         proof=None if proof is None else [b64(p) for p in proof])


@pytest.mark.parametrize("case", list(CASES))
def test_bundle_verdict_matches_python(verifier, case: str) -> None:
    text, expected = CASES[case]
    assert python_code(text) == expected
    assert js_code(verifier, text) == expected


def test_valid_bundle_reports_what_it_proves(verifier) -> None:
    result = verifier.run("const r = await V.verifyBundle(text, null, V.parseTrust(trust));"
                          "return {index: r.index, size: r.checkpoint.size, signers: r.signers, leaf: r.leafHash, "
                          "duplicates: r.duplicates, unknown: r.unknown};",
                          text=bundle(signers=(NAMES[2], STRANGER, NAMES[0], NAMES[0], NAMES[1])), trust=TRUST_JSON)
    expected = {"index": "5", "size": "13", "signers": NAMES[:3], "leaf": leaf_hash(ENTRIES[5]).hex(),
                "duplicates": [NAMES[0]], "unknown": [STRANGER]}
    assert result == {"ok": True, "value": expected}


def test_no_quorum_says_have_need_and_what_was_ignored(verifier) -> None:
    result = verifier.run("return await V.verifyBundle(text, null, V.parseTrust(trust));",
                          text=bundle(signers=(NAMES[0], NAMES[0], STRANGER)), trust=TRUST_JSON)
    assert result["code"] == "no_quorum"
    assert result["message"] == ("checkpoint signed by 1 trusted validators, quorum needs 3 (ignored a line from "
                                 f"unknown key {STRANGER}, a duplicate line from {NAMES[0]} counted once)")


@pytest.mark.parametrize("leaf, expected", [(ENTRIES[5], "ok"), (ENTRIES[6], "root_mismatch"), (b"", "root_mismatch")])
def test_given_leaf_bytes_override_extra(verifier, leaf: bytes, expected: str) -> None:
    assert python_code(GOOD, leaf=leaf) == expected
    assert js_code(verifier, GOOD, leaf=leaf) == expected


@pytest.mark.parametrize("last, proof, expected", [
    ((8, TREE.root(8)), TREE.consistency_proof(8, 13), "ok"),
    ((13, TREE.root(13)), None, "ok"),
    ((8, TREE.root(8)), None, "consistency_proof_missing"),
    ((13, TREE.root(12)), None, "split_view"),
    ((8, TREE.root(7)), TREE.consistency_proof(8, 13), "root_mismatch"),
    ((8, TREE.root(8)), TREE.consistency_proof(8, 13)[:-1], "proof_length"),
    ((0, hashlib.sha256(b"").digest()), None, "ok"),
    ((0, bytes(32)), None, "root_mismatch"),
])
def test_last_checkpoint_needs_consistency_as_in_python(verifier, last, proof, expected: str) -> None:
    assert python_code(GOOD, last, proof) == expected
    assert js_code(verifier, GOOD, last, proof) == expected


def test_every_inclusion_and_consistency_proof_of_a_tree_of_40(verifier) -> None:
    tree = MemoryTree()
    for i in range(40):
        tree.append(leaf_hash(b"leaf %d" % i))
    roots = [b64(tree.root(n)) for n in range(41)]
    inclusion = [[i, n, b64(leaf_hash(b"leaf %d" % i)), [b64(p) for p in tree.inclusion_proof(i, n)]]
                 for n in range(1, 41) for i in range(n)]
    consistency = [[m, n, [b64(p) for p in tree.consistency_proof(m, n)]] for n in range(1, 41) for m in range(1, n + 1)]
    failures = verifier.run("""const bad = [];
        for (const [i, n, leaf, proof] of inclusion) {
          try { await V.verifyInclusion(b64(leaf), i, n, proof.map(b64), b64(roots[n])); }
          catch (e) { bad.push(['inc', i, n, e.message]); }
        }
        for (const [m, n, proof] of consistency) {
          try { await V.verifyConsistency(m, n, proof.map(b64), b64(roots[m]), b64(roots[n])); }
          catch (e) { bad.push(['con', m, n, e.message]); }
        }
        return bad;""", inclusion=inclusion, consistency=consistency, roots=roots)
    assert failures == {"ok": True, "value": []}
    assert len(inclusion) == 820 and len(consistency) == 820


def test_go_sumdb_note_key_id_and_signature(verifier) -> None:
    """golang.org/x/mod/sumdb/note's PeterNeumann key signs its example note: same key ID, signature verifies."""
    vkey = base64.b64decode("ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")[1:]
    text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
    sig = "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM="
    result = verifier.run("""const note = V.parseNote(text + '\\n' + sig + '\\n');
        const validators = {validators: [{name: 'PeterNeumann', pubkey: b64(key)}]};
        return {keyId: await V.keyId('PeterNeumann', b64(key)), counted: await V.countSigners(note, validators)};""",
                          text=text, sig=sig, key=b64(vkey))
    assert result["value"]["keyId"] == key_id("PeterNeumann", vkey).hex() == "c74f20a3"
    assert result["value"]["counted"] == {"signers": ["PeterNeumann"], "unknown": [], "duplicates": []}


def test_key_name_rule_matches_python_on_every_bmp_character(verifier) -> None:
    def rejected(c: str) -> bool:
        try:
            check_key_name("a" + c)
        except LedgerError:
            return True
        return False
    python = [cp for cp in range(0x10000) if not 0xD800 <= cp <= 0xDFFF and rejected(chr(cp))]
    js = verifier.run("""const out = [];
        for (let cp = 0; cp < 0x10000; cp++) {
          if (cp >= 0xD800 && cp <= 0xDFFF) continue;
          try { V.checkKeyName('a' + String.fromCodePoint(cp)); } catch { out.push(cp); }
        }
        return out;""")
    assert js == {"ok": True, "value": python}


@pytest.mark.parametrize("change, expected", [
    (lambda t: t, "ok"),
    (lambda t: {**t, "origin": "has space"}, "bad_trust"),
    (lambda t: {**t, "validator_sets": []}, "bad_trust"),
    (lambda t: {**t, "validator_sets": [{**t["validator_sets"][0], "quorum": 2}]}, "bad_trust"),
    (lambda t: {**t, "validator_sets": [{**t["validator_sets"][0], "quorum": 5}]}, "bad_trust"),
    (lambda t: {**t, "validator_sets": [{**t["validator_sets"][0], "from_size": -1}]}, "bad_trust"),
    (lambda t: {**t, "validator_sets": [t["validator_sets"][0], t["validator_sets"][0]]}, "bad_trust"),
    (lambda t: {**t, "validator_sets": [{**t["validator_sets"][0],
                                         "validators": t["validator_sets"][0]["validators"][:3] * 1 +
                                         [t["validator_sets"][0]["validators"][0]]}]}, "bad_trust"),
    (lambda t: {**t, "validator_sets": [{**t["validator_sets"][0], "validators": [
        {**v, "pubkey": v["pubkey"][:62]} for v in t["validator_sets"][0]["validators"]]}]}, "bad_trust"),
])
def test_trust_file_rules_match_python(verifier, change, expected: str) -> None:
    value = change(json.loads(json.dumps(TRUST_JSON)))
    try:
        parse_trust(value)
        python = "ok"
    except LedgerError as exc:
        python = exc.code
    assert python == expected
    assert verifier.code("V.parseTrust(trust); return true;", trust=value) == expected


def test_read_entry_recomputes_the_transaction_id(verifier, served) -> None:
    import httpx

    tx_id = served.txs["cancel"]
    proof = httpx.get(f"{served.url}/v1/proof/inclusion/{tx_id}").json()
    result = verifier.run("const e = await V.readEntry(b64(leaf));"
                          "return {id: e.txId, height: e.height, code: e.receipt.code};", leaf=proof["leaf"])
    assert result["value"] == {"id": tx_id, "height": proof["height"], "code": "ok"}


# ---- trust roots with a genesis hash, state proofs (state_proof.js against ledger/state_proof.py) -----------

@pytest.mark.parametrize("genesis, expected", [
    ("ab" * 32, "ok"), ("AB" * 32, "ok"), (None, "ok"), ("ab" * 31, "bad_trust"), ("zz" * 32, "bad_trust"),
    (7, "bad_trust"),
])
def test_trust_genesis_hash_rules_match_python(verifier, genesis, expected: str) -> None:
    value = {**TRUST_JSON, "genesis_hash": genesis}
    try:
        python = "ok" if parse_trust(value) else "?"
    except LedgerError as exc:
        python = exc.code
    assert python == expected
    assert verifier.code("V.parseTrust(trust); return true;", trust=value) == expected
    if expected == "ok":
        parsed = verifier.run("return V.parseTrust(trust).genesisHash;", trust=value)["value"]
        assert parsed == (None if genesis is None else genesis.lower())


@pytest.fixture(scope="module")
def state_verifier(verifier):
    """The same tab with state_proof.js imported as `window.S`."""
    verifier.page.evaluate("import('/explorer/state_proof.js').then((m) => { window.S = m; return true; })")
    return verifier


@pytest.mark.parametrize("value", [
    {"b": 1, "a": [1, "x", None, True, {"z": -5, "y": "é 碳\n\t\"\\\u2028\x7f"}]},
    ["k", {"": 0, "A": 9007199254740991}],
    "plain", 0, [],
])
def test_jcs_matches_python_canonical(state_verifier, value) -> None:
    assert state_verifier.run("return S.jcs(item);", item=value)["value"] == canonical(value).decode()


def _state_proof(served) -> dict:
    import httpx
    from helpers import uscc

    return httpx.get(f"{served.url}/v1/proof/state/participant/{uscc(1)}").json()


def _older_note(served, size: int) -> str:
    """The signed note of the served node's checkpoint just below log `size`."""
    import httpx

    sizes = [c["size"] for c in httpx.get(f"{served.url}/v1/checkpoints").json()["checkpoints"] if c["size"] < size]
    return httpx.get(f"{served.url}/v1/checkpoint?size={sizes[-1]}&format=note").text


def _flip_hex(text: str) -> str:
    return ("0" if text[0] != "0" else "1") + text[1:]


STATE_CASES = {
    "good": (lambda d, s: d, "ok"),
    "value changed": (lambda d, s: {**d, "value": {**d["value"], "name": "someone else"}}, "root_mismatch"),
    "key changed": (lambda d, s: {**d, "key": d["key"] + "0"}, "root_mismatch"),
    "index changed": (lambda d, s: {**d, "index": (d["index"] + 1) % d["tree_size"]}, "root_mismatch"),
    "audit path truncated": (lambda d, s: {**d, "audit_path": d["audit_path"][:-1]}, "proof_length"),
    "audit hash flipped": (lambda d, s: {**d, "audit_path": [_flip_hex(d["audit_path"][0]), *d["audit_path"][1:]]},
                           "root_mismatch"),
    "state root changed": (lambda d, s: {**d, "header": {**d["header"],
                                                         "state_root": _flip_hex(d["header"]["state_root"])}},
                           "header_mismatch"),
    "height of another block": (lambda d, s: {**d, "height": d["height"] + 1}, "header_mismatch"),
    "signature flipped": (lambda d, s: {**d, "commit": {**d["commit"], "signatures": [
        {**s, "signature": _flip_hex(s["signature"])} for s in d["commit"]["signatures"]]}}, "bad_signature"),
    "no signature": (lambda d, s: {**d, "commit": {**d["commit"], "signatures": []}}, "no_quorum"),
    "commit of another block": (lambda d, s: {**d, "commit": {**d["commit"], "block_hash": "00" * 32}},
                                "header_mismatch"),
    "checkpoint of another log": (lambda d, s: {**d, "checkpoint": note(13)}, "unknown_origin"),
    "checkpoint of an older size": (lambda d, s: {**d, "checkpoint": _older_note(s, d["header"]["log_size"])},
                                    "header_mismatch"),
    "no commit": (lambda d, s: {k: v for k, v in d.items() if k != "commit"}, "malformed_proof"),
    "audit hash not hex": (lambda d, s: {**d, "audit_path": ["zz", *d["audit_path"][1:]]}, "malformed_proof"),
}


@pytest.mark.parametrize("case", list(STATE_CASES))
def test_state_proof_verdict_matches_python(state_verifier, served, case: str) -> None:
    from ledger.state_proof import verify_state_proof
    from node.trust import trust_from_genesis
    from helpers import bilateral_genesis_doc

    change, expected = STATE_CASES[case]
    doc = change(json.loads(json.dumps(_state_proof(served))), served)
    trust = trust_from_genesis(bilateral_genesis_doc())
    try:
        verify_state_proof(doc, trust)
        python = "ok"
    except LedgerError as exc:
        python = exc.code
    assert python == expected
    assert state_verifier.code("return await S.verifyStateProof(doc, V.parseTrust(trust));", doc=doc,
                               trust=trust.to_json()) == expected


def test_state_proof_reports_key_value_block_and_signers(state_verifier, served) -> None:
    from ledger.state_proof import verify_state_proof
    from node.trust import trust_from_genesis
    from helpers import bilateral_genesis_doc

    doc, trust = _state_proof(served), trust_from_genesis(bilateral_genesis_doc())
    python = verify_state_proof(doc, trust)
    result = state_verifier.run("const r = await S.verifyStateProof(doc, V.parseTrust(trust));"
                                "return {key: r.key, value: r.value, hash: r.blockHash, signers: r.signers, "
                                "q: r.quorum};",
                                doc=doc, trust=trust.to_json())
    assert result["value"] == {"key": python.key, "value": python.value, "hash": python.header.hash().hex(),
                               "signers": list(python.signers), "q": 1}


def test_state_proof_against_another_trust_root_has_no_quorum(state_verifier, served) -> None:
    assert state_verifier.code("return await S.verifyStateProof(doc, V.parseTrust(trust));", doc=_state_proof(served),
                               trust={**TRUST_JSON, "origin": "tanledger.devnet/tanledger-test"}) == "no_quorum"
