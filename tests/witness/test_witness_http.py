"""A real witness process over loopback: each C2SP tlog-witness status of add-checkpoint, its reads, gossip, and Go's
verdict (transparency-dev's cosignature/v1 verifier, tools/notecheck) on a note it cosigned.

Every test works on a log of its own (the witness trusts thirteen), so they share one process.
"""
from __future__ import annotations

import base64
import time

import httpx
import pytest

from ledger.checkpoint import EM_DASH, key_id, verify_checkpoint
from ledger.cosignature import Witness
from ledger.crypto import public_key
from witness_helpers import (ORIGINS, POLICY_LOG, WITNESS_NAME, SignedLog, WitnessProcess, check_cosignature, go_verify,
                             seed, trust_for)


def log(n: int) -> SignedLog:
    """The test log of ORIGINS[n]."""
    return SignedLog(ORIGINS[n])


def pubkey(witness: WitnessProcess) -> bytes:
    return bytes.fromhex(httpx.get(f"{witness.url}/info").json()["pubkey"])


def test_add_checkpoint_200_cosigns_and_records(witness: WitnessProcess) -> None:
    signed = log(0).grow(5)
    note = signed.note()
    response = witness.add(0, [], note)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text.endswith("\n") and response.text.count("\n") == 1
    stamped = check_cosignature(response.text[:-1], note, pubkey(witness))
    served = httpx.get(f"{witness.url}/checkpoint", params={"origin": signed.origin})
    assert served.status_code == 200
    assert served.text == note + response.text  # the note as received, with the witness's line last
    policy = trust_for(signed.origin, (Witness(WITNESS_NAME, pubkey(witness)),), 1)
    verified = verify_checkpoint(served.text, policy, now=int(time.time()), max_age=60)
    assert (verified.witnesses, verified.time) == (((WITNESS_NAME, stamped),), stamped)
    info = httpx.get(f"{witness.url}/info").json()
    assert {"origin": signed.origin, "size": 5, "root": base64.b64encode(signed.tree.root()).decode()} in info["origins"]


def test_add_checkpoint_200_extends_with_proof(witness: WitnessProcess) -> None:
    signed = log(1).grow(3)
    assert witness.add(0, [], signed.note()).status_code == 200
    signed.grow(6)
    response = witness.add(3, signed.proof(3), signed.note())
    assert response.status_code == 200, response.text
    assert httpx.get(f"{witness.url}/info").json()["origins"][1]["size"] == 9


@pytest.mark.parametrize("body", [b"", b"garbage", b"old 01\n\nx", b"old 0\nnot base64!\n\nx", b"old 0\n\nnot a note\n",
                                  b"old 0\nAAAA\n\n", "old 0\n\n\u00ff".encode("latin-1")])
def test_add_checkpoint_400_malformed(witness: WitnessProcess, body: bytes) -> None:
    response = httpx.post(f"{witness.url}/add-checkpoint", content=body)
    assert response.status_code == 400, response.text
    assert response.text.startswith("malformed_request: ")


def test_add_checkpoint_400_too_many_proof_lines(witness: WitnessProcess) -> None:
    signed = log(2).grow(4)
    response = witness.add(0, [bytes(32)] * 64, signed.note())
    assert response.status_code == 400
    assert "64 consistency proof lines" in response.text


def test_add_checkpoint_400_old_beyond_size(witness: WitnessProcess) -> None:
    signed = log(2).grow(4)
    response = witness.add(5, [], signed.note())
    assert response.status_code == 400
    assert "old size 5 is larger than the checkpoint's size 4" in response.text


def test_add_checkpoint_403_without_quorum(witness: WitnessProcess) -> None:
    signed = log(2).grow(4)
    response = witness.add(0, [], signed.note(signers=2))
    assert response.status_code == 403
    assert "no_quorum" in response.text


def test_add_checkpoint_403_bad_signature_of_known_key(witness: WitnessProcess) -> None:
    signed = log(2).grow(4)
    note = signed.note(signers=4)
    forged = note.replace(note.splitlines()[-1], note.splitlines()[-1][:-8] + "AAAAAAA=")
    assert witness.add(0, [], forged).status_code == 403
    assert httpx.get(f"{witness.url}/checkpoint", params={"origin": signed.origin}).status_code == 404


def test_add_checkpoint_404_unknown_origin(witness: WitnessProcess) -> None:
    response = witness.add(0, [], SignedLog("tanledger.test/unknown").grow(2).note())
    assert response.status_code == 404
    assert "unknown_origin" in response.text


def test_add_checkpoint_409_old_size_answers_text_tlog_size(witness: WitnessProcess) -> None:
    signed = log(3).grow(7)
    assert witness.add(0, [], signed.note()).status_code == 200
    signed.grow(3)
    for old in (0, 5):
        response = witness.add(old, signed.proof(old), signed.note())
        assert response.status_code == 409
        assert response.headers["content-type"] == "text/x.tlog.size"
        assert response.text == "7\n"


def test_add_checkpoint_409_split_view_refused_and_kept(witness: WitnessProcess) -> None:
    signed = log(4).grow(6)
    assert witness.add(0, [], signed.note()).status_code == 200
    fork = signed.note(size=6, root=bytes(32))  # the validators' quorum signs another root for the same size
    response = witness.add(6, [], fork)
    assert response.status_code == 409
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text.startswith("split_view: ")
    conflicts = [c for c in httpx.get(f"{witness.url}/conflicts").json() if c["origin"] == signed.origin]
    assert conflicts == [{"origin": signed.origin, "size": 6, "root_seen": base64.b64encode(signed.tree.root()).decode(),
                          "root_refused": base64.b64encode(bytes(32)).decode(), "note": fork, "time": conflicts[0]["time"]}]
    served = httpx.get(f"{witness.url}/checkpoint", params={"origin": signed.origin}).text
    assert served.startswith(signed.note().split("\n\n")[0])  # still the root it cosigned


def test_add_checkpoint_same_checkpoint_again_is_cosigned(witness: WitnessProcess) -> None:
    signed = log(5).grow(4)
    assert witness.add(0, [], signed.note()).status_code == 200
    again = witness.add(4, [], signed.note())
    assert again.status_code == 200
    served = httpx.get(f"{witness.url}/checkpoint", params={"origin": signed.origin}).text
    assert served.count(f"{EM_DASH} {WITNESS_NAME} ") == 1


def test_add_checkpoint_422_bad_proof(witness: WitnessProcess) -> None:
    signed = log(6).grow(5)
    assert witness.add(0, [], signed.note()).status_code == 200
    signed.grow(4)
    proof = signed.proof(5)
    for bad in ([bytes(32)] + proof[1:], proof[:-1], proof + [bytes(32)]):
        response = witness.add(5, bad, signed.note())
        assert response.status_code == 422, response.text
        assert response.text.startswith("invalid_consistency_proof: ")
    assert witness.add(5, [bytes(32)], log(6).grow(5).note()).status_code == 422  # no proof between equal sizes
    served = httpx.get(f"{witness.url}/checkpoint", params={"origin": signed.origin}).text
    assert served.split("\n")[1] == "5"  # nothing refused was recorded


def test_add_checkpoint_422_proof_from_zero_must_be_empty(witness: WitnessProcess) -> None:
    signed = log(7).grow(5)
    assert witness.add(0, [bytes(32)], signed.note()).status_code == 422


def test_checkpoint_read_needs_origin_and_a_cosigned_note(witness: WitnessProcess) -> None:
    assert httpx.get(f"{witness.url}/checkpoint").status_code == 400
    response = httpx.get(f"{witness.url}/checkpoint", params={"origin": ORIGINS[11]})
    assert response.status_code == 404
    assert response.text.startswith("no_checkpoint: ")


def test_gossip_two_way_and_split_view(witness: WitnessProcess) -> None:
    signed = log(8).grow(3)
    first = httpx.post(f"{witness.url}/gossip", content=signed.note())
    assert (first.status_code, first.text) == (200, "")  # nothing cosigned yet
    cosigned = signed.note() + witness.add(0, [], signed.note()).text
    newer = httpx.post(f"{witness.url}/gossip", content=signed.grow(2).note())
    assert (newer.status_code, newer.text) == (200, cosigned)
    fork = signed.note(size=3, root=bytes(32))
    split = httpx.post(f"{witness.url}/gossip", content=fork)
    assert (split.status_code, split.text) == (409, cosigned)
    assert any(c["note"] == fork for c in httpx.get(f"{witness.url}/conflicts").json())


@pytest.mark.parametrize("note, status", [("not a note", 400), (None, 403), ("unknown", 404)])
def test_gossip_refusals(witness: WitnessProcess, note: str | None, status: int) -> None:
    if note is None:
        note = log(9).grow(2).note(signers=1)
    elif note == "unknown":
        note = SignedLog("tanledger.test/unknown").grow(2).note()
    assert httpx.post(f"{witness.url}/gossip", content=note).status_code == status


def test_add_checkpoint_ignores_the_trust_files_witness_policy(witness: WitnessProcess) -> None:
    signed = SignedLog(POLICY_LOG).grow(3)  # its trust file asks 2 witness cosignatures; the witness asks none
    assert witness.add(0, [], signed.note()).status_code == 200


def test_add_checkpoint_keeps_third_party_lines_and_checks_known_ones(witness: WitnessProcess) -> None:
    signed = log(9).grow(4)
    stray = signed.note() + f"{EM_DASH} someone.else not-base64!\n"
    response = witness.add(0, [], stray)
    assert response.status_code == 200, response.text
    assert httpx.get(f"{witness.url}/checkpoint", params={"origin": signed.origin}).text == stray + response.text
    v4 = f"{signed.origin}/v4"
    truncated = base64.b64encode(key_id(v4, public_key(seed(v4)))).decode()  # its key ID, no signature
    broken = signed.grow(1).note() + f"{EM_DASH} {v4} {truncated}\n"  # a malformed line under a known key
    assert witness.add(4, signed.proof(4), broken).status_code == 403


def test_unknown_route_is_one_text_line(witness: WitnessProcess) -> None:
    missing = httpx.get(f"{witness.url}/nowhere")
    assert (missing.status_code, missing.text.split(":")[0]) == (404, "not_found")
    wrong = httpx.get(f"{witness.url}/add-checkpoint")
    assert (wrong.status_code, wrong.text.split(":")[0]) == (405, "method_not_allowed")


def test_cosigned_note_verifies_with_go(witness: WitnessProcess) -> None:
    signed = log(12).grow(6)
    note = signed.note()
    line = witness.add(0, [], note).text.rstrip("\n")
    served = httpx.get(f"{witness.url}/checkpoint", params={"origin": signed.origin}).text
    verdict = go_verify(served, trust_for(signed.origin), [httpx.get(f"{witness.url}/info").json()["vkey"]])
    assert verdict["ok"], verdict
    assert WITNESS_NAME in verdict["verified"]
    assert verdict["times"][WITNESS_NAME] == check_cosignature(line, note, pubkey(witness))
