"""An outside implementation agrees with ledger/ on signed notes and witness cosignatures.

tools/notecheck is Go's golang.org/x/mod/sumdb/note (note.Open, note.Sign, Ed25519 keys) with
github.com/transparency-dev/formats/note (cosignature/v1 verifier, signer and CoSigV1Timestamp). For a
table of notes, what Go's note.Open says is verified (names, cosignature times) is what our
verify_checkpoint says, and a note one refuses the other refuses; Go's lines verify with
ledger.cosignature and ours with Go. Where the two differ on purpose, the difference is its own test
below (test_difference_*), asserting each side's answer, so a change on either side shows:
- a malformed line of a third party: note.Open refuses the whole note, we set the line aside (issue 10:
  a third party's line never breaks a valid note); a malformed line under a known key fails both;
- non-canonical base64 (stray low bits) in a known key's line: Go decodes it leniently and verifies the
  signature, we refuse the line, as it is not the bytes its signer wrote;
- a key's second line: note.Open keeps the first and skips the rest unread, we verify every line (a bad
  one fails the note) and take a witness's newest time;
- more than 100 signature lines: note.Open refuses the note, we accept up to MAX_NOTE_SIGNATURES (256);
- note.Open verifies signatures but counts nothing: the validators' quorum is our policy on top.
"""
from __future__ import annotations

import base64
import json
import re
import subprocess
import time
from pathlib import Path

import pytest

from ledger.checkpoint import (MAX_NOTE_SIGNATURES, Trust, count_signers, format_checkpoint, key_id, make_note,
                               parse_note, sign_note, verify_checkpoint)
from ledger.cosignature import cosign, cosigned_message, witness_times, witness_vkey
from ledger.crypto import public_key, sign
from ledger.errors import BadCheckpointSignature, CheckpointError
from ledger.note import ED25519_TYPE, EM_DASH

from test_checkpoint import BODY, NAMES, TRUST, seed
from test_cosignature import T0, WITNESSES, cosig, wseed

REPO = Path(__file__).resolve().parents[2]
NOTECHECK = REPO / ".tools" / "bin" / "notecheck"
POLICY = Trust(TRUST.origin, TRUST.sets, None, WITNESSES, 0)  # witnesses verified, none required: as note.Open
OTHER_BODY = format_checkpoint(TRUST.origin, 43, bytes(32))


def validator_vkey(name: str, pubkey: bytes) -> str:
    """A validator's C2SP signed-note vkey (Ed25519, type 0x01)."""
    encoded = base64.b64encode(ED25519_TYPE + pubkey).decode()
    return f"{name}+{key_id(name, pubkey).hex()}+{encoded}"


VKEYS = {"validator_vkeys": [validator_vkey(n, public_key(seed(n))) for n in NAMES],
         "witness_vkeys": [witness_vkey(w) for w in WITNESSES]}
V1, V2, V3, V4 = NAMES
W1, W2, W3 = (w.name for w in WITNESSES)


@pytest.fixture(scope="module")
def go():
    """Run notecheck (built by tools/notecheck.sh if this checkout has none yet) on one JSON request."""
    if not NOTECHECK.exists():
        built = subprocess.run([str(REPO / "tools" / "notecheck.sh")], capture_output=True, text=True, timeout=600)
        if built.returncode:
            pytest.fail(f"tools/notecheck.sh could not build notecheck:\n{built.stdout}{built.stderr}")

    def run(mode: str, request: dict) -> dict:
        proc = subprocess.run([str(NOTECHECK), mode], input=json.dumps(request), capture_output=True, text=True,
                              timeout=60)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        return json.loads(proc.stdout)
    return run


def go_verdict(go, note: str) -> tuple[bool, str, frozenset[str], dict[str, int]]:
    out = go("verify", {"note": note, **VKEYS})
    return out["ok"], out["kind"], frozenset(out["verified"]), out["times"]


def our_verdict(note: str) -> tuple[bool, str, frozenset[str], dict[str, int]]:
    try:
        verified = verify_checkpoint(note, POLICY)
    except CheckpointError as exc:
        return False, exc.code, frozenset(), {}
    return True, "", frozenset(verified.signers) | {n for n, _ in verified.witnesses}, dict(verified.witnesses)


def vlines(*names: str) -> list[str]:
    return [sign_note(BODY, n, seed(n)) for n in names]


def line(name: str, payload: bytes) -> str:
    return f"{EM_DASH} {name} {base64.b64encode(payload).decode()}"


def retimed(index: int, timestamp: int) -> str:
    """Witness `index`'s cosignature at T0 with its time field changed to `timestamp`."""
    payload = base64.b64decode(cosig(index, T0).split(" ")[2])
    return line(WITNESSES[index].name, payload[:4] + timestamp.to_bytes(8, "big") + payload[12:])


def forged(index: int, signer_seed: bytes) -> str:
    """A line with witness `index`'s name and key ID but a signature by another key."""
    return line(WITNESSES[index].name, WITNESSES[index].key_id + T0.to_bytes(8, "big")
                + sign(signer_seed, cosigned_message(BODY, T0)))


def stranger(name: str) -> str:
    """A valid cosignature of a witness nobody here trusts."""
    return cosign(BODY, name, wseed("stranger/" + name), T0)


FULL = [*vlines(V1, V2, V3, V4), cosig(0, T0), cosig(1, T0 + 7), cosig(2, T0 + 3600)]
# name: (signature lines, expected ok, expected verified names, our error code, Go's error kind, the key blamed)
AGREED = {
    "validators only": (vlines(V1, V2, V3), True, {V1, V2, V3}, "", "", ""),
    "witnesses at several times": (FULL, True, {V1, V2, V3, V4, W1, W2, W3}, "", "", ""),
    "witness times 0 and 2^63-1": ([*vlines(V1, V2, V3), cosig(0, 0), cosig(1, 2**63 - 1)], True,
                                   {V1, V2, V3, W1, W2}, "", "", ""),
    "tampered body": (FULL, False, set(), "bad_signature", "invalid_signature", V1),
    "witness cosigned another body": ([*vlines(V1, V2, V3), cosig(0, T0, OTHER_BODY)], False, set(),
                                      "bad_signature", "invalid_signature", W1),
    "tampered time": ([*vlines(V1, V2, V3), retimed(0, T0 + 1)], False, set(), "bad_signature", "invalid_signature",
                      W1),
    "wrong key under a witness's key ID": ([*vlines(V1, V2, V3), forged(1, wseed("w3"))], False, set(),
                                           "bad_signature", "invalid_signature", W2),
    "a validator's name, another key": ([sign_note(BODY, V1, seed("intruder")), *vlines(V2, V3, V4)], True,
                                        {V2, V3, V4}, "", "", ""),
    "a witness's name, another key": ([*vlines(V1, V2, V3), cosign(BODY, W1, wseed("w2"), T0), cosig(2, T0)], True,
                                      {V1, V2, V3, W3}, "", "", ""),
    "unknown keys' lines": ([sign_note(BODY, "auditor.example", seed("auditor")), *vlines(V1, V2, V3),
                             stranger("ngo.example/w")], True, {V1, V2, V3}, "", "", ""),
    "malformed line under a known key": ([*vlines(V1, V2, V3), cosig(0, T0) + " extra"], False, set(),
                                         "bad_signature", "malformed", ""),
    "only unknown keys": ([stranger("ngo.example/w"), sign_note(BODY, "auditor.example", seed("a"))], False, set(),
                          "no_quorum", "unverified", ""),
}


def note_for(case: str) -> str:
    text = make_note(BODY, AGREED[case][0])
    return text.replace("\n42\n", "\n43\n", 1) if case == "tampered body" else text


@pytest.mark.parametrize("case", AGREED)
def test_go_and_ledger_agree(go, case):
    _, ok, verified, code, kind, culprit = AGREED[case]
    note = note_for(case)
    ours, theirs = our_verdict(note), go_verdict(go, note)
    assert ours[0] == theirs[0] == ok, (ours, theirs)
    assert ours[2] == theirs[2] == verified
    assert ours[3] == theirs[3]  # the same cosignature times, to the second
    assert (ours[1], theirs[1]) == (code, kind)
    if culprit:  # both name the key whose line does not verify
        with pytest.raises(CheckpointError, match=f"(validator|witness) {re.escape(culprit)} does not verify"):
            verify_checkpoint(note, POLICY)
        assert go("verify", {"note": note, **VKEYS})["error"].startswith(f"invalid signature for key {culprit}+")


def test_go_reads_the_times_we_sign(go):
    _, _, _, times = go_verdict(go, make_note(BODY, AGREED["witness times 0 and 2^63-1"][0]))
    assert times == {W1: 0, W2: 2**63 - 1}
    assert go_verdict(go, make_note(BODY, FULL))[3] == {W1: T0, W2: T0 + 7, W3: T0 + 3600}


MALFORMED = {"not base64": f"{EM_DASH} thirdparty.example not*base64", "a '+' in the name": line("a+b", bytes(20)),
             "too short": line("thirdparty.example", bytes(4)), "no em dash": "-- thirdparty.example AAAAAAAA"}


@pytest.mark.parametrize("malformed", MALFORMED)
def test_difference_a_third_partys_malformed_line(go, malformed):
    note = make_note(BODY, [*vlines(V1, V2, V3), cosig(0, T0), MALFORMED[malformed]])
    assert our_verdict(note) == (True, "", frozenset({V1, V2, V3, W1}), {W1: T0})
    assert go_verdict(go, note)[:2] == (False, "malformed")  # note.Open: any malformed line fails the note


def test_difference_non_canonical_base64_under_a_known_key(go):
    good = cosig(0, T0)  # 76 bytes: base64 ending in "==", whose last character carries 4 unused bits
    encoded = good.split(" ")[2]
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    stray = encoded[:-3] + alphabet[alphabet.index(encoded[-3]) ^ 1] + "=="
    assert encoded.endswith("==") and base64.b64decode(stray) == base64.b64decode(encoded) and stray != encoded
    note = make_note(BODY, [*vlines(V1, V2, V3), good.replace(encoded, stray)])
    assert our_verdict(note)[:2] == (False, "bad_signature")
    assert go_verdict(go, note) == (True, "", frozenset({V1, V2, V3, W1}), {W1: T0})


def test_difference_a_witness_cosigning_twice(go):
    note = make_note(BODY, [*vlines(V1, V2, V3), cosig(0, T0), cosig(0, T0 + 9)])
    assert our_verdict(note)[3] == {W1: T0 + 9}  # the newest time it vouched for
    assert go_verdict(go, note)[3] == {W1: T0}  # note.Open keeps a key's first line


def test_difference_a_keys_second_line_is_bad(go):
    note = make_note(BODY, [*vlines(V1, V2, V3), cosig(0, T0), retimed(0, T0 + 1)])
    assert our_verdict(note)[:2] == (False, "bad_signature")
    assert go_verdict(go, note) == (True, "", frozenset({V1, V2, V3, W1}), {W1: T0})  # the second line unread


def test_difference_more_than_100_lines(go):
    strangers = [stranger(f"ngo.example/w{i}") for i in range(98)]
    note = make_note(BODY, [*vlines(V1, V2, V3), *strangers])
    assert len(parse_note(note).signatures) == 101 <= MAX_NOTE_SIGNATURES
    assert our_verdict(note) == (True, "", frozenset({V1, V2, V3}), {})
    assert go_verdict(go, note)[:2] == (False, "malformed")


def test_difference_quorum_is_our_policy_on_the_same_signatures(go):
    note = make_note(BODY, [*vlines(V1), cosig(0, T0), cosig(2, T0 + 1)])
    parsed = parse_note(note)
    ours = {*count_signers(parsed, TRUST.sets[0])} | {n for n, _ in witness_times(parsed, WITNESSES)}
    assert go_verdict(go, note) == (True, "", frozenset(ours), {W1: T0, W3: T0 + 1}) and ours == {V1, W1, W3}
    assert our_verdict(note)[:2] == (False, "no_quorum")


def test_go_cosignature_verifies_with_ledger(go):
    w = WITNESSES[1]
    before = int(time.time())
    out = go("sign", {"body": BODY, "name": w.name, "seed": wseed("w2").hex(), "kind": "cosignature"})
    after = int(time.time())
    assert out["vkey"] == witness_vkey(w)  # formats' VKeyToCosignatureV1 writes our vkey
    note = make_note(BODY, [*vlines(V1, V2, V3), out["line"]])
    ((name, stamped),) = witness_times(parse_note(note), WITNESSES)
    assert name == w.name and before <= stamped <= after
    assert verify_checkpoint(note, Trust(POLICY.origin, POLICY.sets, None, WITNESSES, 1)).time == stamped
    with pytest.raises(BadCheckpointSignature):  # and it signs the body: another body does not verify
        witness_times(parse_note(note.replace("\n42\n", "\n41\n")), WITNESSES)


def test_go_validator_line_is_ours_byte_for_byte(go):
    out = go("sign", {"body": BODY, "name": V2, "seed": seed(V2).hex(), "kind": "ed25519"})
    assert out["line"] == sign_note(BODY, V2, seed(V2))  # Ed25519 is deterministic
    assert out["vkey"] == VKEYS["validator_vkeys"][1]


def test_notecheck_refuses_a_bad_vkey_with_exit_2(go):
    proc = subprocess.run([str(NOTECHECK), "verify"], input=json.dumps({"note": "x\n", "witness_vkeys": ["w+00+AA"]}),
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "witness vkey" in json.loads(proc.stdout)["error"]
