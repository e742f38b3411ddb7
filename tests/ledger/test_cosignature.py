"""Witness cosignatures (C2SP tlog-cosignature v1) and the trust file's witness policy: k of m witnesses,
the checkpoint's time, a maximum age, and third parties' lines that never break a valid checkpoint."""
from __future__ import annotations

import base64
import hashlib

import pytest

from ledger.checkpoint import Trust, make_note, parse_note, parse_trust, sign_note, verify_checkpoint
from ledger.cosignature import (Witness, cosign, cosigned_message, cosigner_key_id, parse_vkey, witness_times,
                                witness_vkey)
from ledger.crypto import public_key, sign
from ledger.errors import BadCheckpointSignature, BadTrust, NoQuorum, NoWitnessQuorum, StaleCheckpoint
from ledger.note import EM_DASH

from test_checkpoint import BODY, NAMES, ORIGIN, TRUST, note, vset

T0 = 1_790_000_000  # a POSIX time in 2026


def wseed(name: str) -> bytes:
    return hashlib.sha256(b"witness-test/" + name.encode()).digest()


WITNESSES = tuple(Witness(f"witness.example/{n}", public_key(wseed(n))) for n in ("w1", "w2", "w3"))
POLICY = Trust(ORIGIN, TRUST.sets, None, WITNESSES, 2)


def cosig(index: int, timestamp: int, body: str = BODY) -> str:
    w = WITNESSES[index]
    return cosign(body, w.name, wseed(w.name.split("/")[1]), timestamp)


def witnessed(*lines: str) -> str:
    return note(BODY, NAMES[:3]) + "".join(line + "\n" for line in lines)


def test_key_id_and_message_follow_the_spec():
    w = WITNESSES[0]
    assert cosigner_key_id(w.name, w.pubkey) == hashlib.sha256(w.name.encode() + b"\n\x04" + w.pubkey).digest()[:4]
    assert cosigned_message(BODY, 1679315147) == b"cosignature/v1\ntime 1679315147\n" + BODY.encode()


def test_cosignature_line_is_key_id_time_and_signature():
    line = cosig(0, T0)
    name, payload = line.split(" ")[1], base64.b64decode(line.split(" ")[2])
    w = WITNESSES[0]
    assert line.startswith(EM_DASH + " ") and name == w.name and len(payload) == 76
    assert payload[:4] == w.key_id and int.from_bytes(payload[4:12], "big") == T0
    assert payload[12:] == sign(wseed("w1"), cosigned_message(BODY, T0))


def test_witness_times_of_valid_cosignatures_in_policy_order():
    parsed = parse_note(witnessed(cosig(2, T0 + 5), cosig(0, T0), cosig(0, T0 + 9)))
    assert witness_times(parsed, WITNESSES) == ((WITNESSES[0].name, T0 + 9), (WITNESSES[2].name, T0 + 5))


def test_vkey_round_trip_and_refusals():
    w = WITNESSES[1]
    assert parse_vkey(witness_vkey(w)) == w
    name, key_id, key = witness_vkey(w).split("+", 2)
    for bad in (f"{name}+{key_id}", f"{name}+00000000+{key}", f"{name}+{key_id}+!!",
                f"{name}+{key_id}+" + base64.b64encode(b"\x01" + w.pubkey).decode(), "", "a+b+c+d", "a b+00+AA"):
        with pytest.raises(BadTrust):
            parse_vkey(bad)


def test_policy_k_of_m_passes_and_gives_the_kth_newest_time():
    verified = verify_checkpoint(witnessed(cosig(0, T0 + 30), cosig(1, T0 + 10)), POLICY)
    assert verified.signers == tuple(NAMES[:3])
    assert verified.witnesses == ((WITNESSES[0].name, T0 + 30), (WITNESSES[1].name, T0 + 10))
    assert verified.time == T0 + 10  # two witnesses vouch for T0+10, only one for T0+30
    assert verify_checkpoint(witnessed(cosig(0, T0), cosig(1, T0), cosig(2, T0 + 1)), POLICY).time == T0


def test_below_witness_quorum_is_refused_with_have_and_need():
    with pytest.raises(NoWitnessQuorum) as err:
        verify_checkpoint(witnessed(cosig(2, T0)), POLICY)
    assert (err.value.have, err.value.need, err.value.code) == (1, 2, "no_witness_quorum")
    # without a policy the same note is a valid checkpoint, and its one witness still gives it a time
    assert verify_checkpoint(witnessed(cosig(2, T0)), POLICY.without_witnesses()).time is None
    assert verify_checkpoint(witnessed(cosig(2, T0)), Trust(ORIGIN, TRUST.sets, None, WITNESSES, 0)).time == T0


def test_validators_quorum_is_still_required():
    with pytest.raises(NoQuorum):
        verify_checkpoint(note(BODY, NAMES[:2]) + cosig(0, T0) + "\n" + cosig(1, T0) + "\n", POLICY)


@pytest.mark.parametrize("bad", [
    lambda: cosig(0, T0, BODY.replace("42", "43")),  # a cosignature of another checkpoint
    lambda: cosig(0, T0)[:-8] + "AAAAAAA=",  # a damaged signature
    lambda: EM_DASH + " " + WITNESSES[0].name + " " + base64.b64encode(  # the time changed after signing
        base64.b64decode(cosig(0, T0).split(" ")[2])[:4] + (T0 + 1).to_bytes(8, "big")
        + base64.b64decode(cosig(0, T0).split(" ")[2])[12:]).decode(),
    lambda: cosig(0, T0).rstrip("="),  # malformed, but under the witness's key
])
def test_a_bad_line_under_a_trusted_witness_key_fails(bad):
    with pytest.raises(BadCheckpointSignature):
        verify_checkpoint(witnessed(cosig(1, T0), cosig(2, T0), bad()), POLICY)


@pytest.mark.parametrize("extra", [
    "— auditor.example/notary AAAA",  # an unknown key's malformed line
    "— auditor.example/notary " + base64.b64encode(bytes(76)).decode(),  # an unknown key's well-formed line
    "just a comment a third party appended",
    sign_note(BODY, WITNESSES[0].name, wseed("w1")),  # the witness's name with a 0x01 key ID: another key
])
def test_third_party_lines_never_fail_a_valid_checkpoint(extra):
    verified = verify_checkpoint(witnessed(extra, cosig(0, T0), cosig(1, T0 + 2)), POLICY)
    assert verified.time == T0 and len(verified.witnesses) == 2


def test_max_age():
    text = witnessed(cosig(0, T0), cosig(1, T0 + 60))
    assert verify_checkpoint(text, POLICY, now=T0 + 100, max_age=100).time == T0
    with pytest.raises(StaleCheckpoint) as err:
        verify_checkpoint(text, POLICY, now=T0 + 101, max_age=100)
    assert "101 s" in err.value.message and err.value.code == "stale_checkpoint"
    with pytest.raises(StaleCheckpoint):  # no witness gives an unwitnessed checkpoint a time
        verify_checkpoint(note(BODY, NAMES[:3]), TRUST, now=T0, max_age=10**9)
    with pytest.raises(ValueError):
        verify_checkpoint(text, POLICY, max_age=100)


def test_trust_file_round_trip_with_witness_policy():
    value = POLICY.to_json()
    assert value["witness_quorum"] == 2 and [w["name"] for w in value["witnesses"]] == [w.name for w in WITNESSES]
    assert parse_trust(value) == POLICY
    assert "witnesses" not in TRUST.to_json() and parse_trust(TRUST.to_json()).witness_quorum == 0


@pytest.mark.parametrize("change", [
    lambda v: v.pop("witness_quorum"),
    lambda v: v.update(witness_quorum=4),
    lambda v: v.update(witness_quorum=-1),
    lambda v: v["witnesses"].append(dict(v["witnesses"][0])),
    lambda v: v["witnesses"][0].update(pubkey="00"),
    lambda v: v["witnesses"][0].update(name="has space"),
])
def test_bad_witness_policy_is_refused(change):
    value = POLICY.to_json()
    change(value)
    with pytest.raises(BadTrust):
        parse_trust(value)


def test_vset_helper_is_the_trust_of_the_checkpoint_tests():
    assert POLICY.without_witnesses() == Trust(ORIGIN, (vset(0, NAMES),))
    assert make_note(BODY, [cosig(0, T0)]).endswith("\n")
