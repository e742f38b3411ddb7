"""Witness cosignatures (cosignature/v1) and the witness policy: the browser's verifier (checkpoint.js,
cosignature.js) against the Python one (ledger/checkpoint.py, ledger/cosignature.py), case by case.

Every case runs in both and must end the same way: valid with the same witnesses and time, or the same
error code. Notes are signed in Python by 4 validators (quorum 3) and cosigned by witnesses of a
3-witness policy (quorum 2), at times before a fixed `now`.
"""
from __future__ import annotations

import base64
import hashlib
import json

import pytest

from ledger.checkpoint import (Trust, Validator, ValidatorSet, format_checkpoint, make_note, parse_trust, quorum_for,
                               sign_note, verify_checkpoint)
from ledger.cosignature import Witness, cosign, cosigner_key_id
from ledger.crypto import public_key
from ledger.errors import LedgerError

ORIGIN = "tanledger.devnet/witnessed"
NAMES = [f"{ORIGIN}/v{i}" for i in range(1, 5)]
WITNESSES = ["witness-1", "witness-2", "witness-3"]
NOW = 1_780_000_000
BODY = format_checkpoint(ORIGIN, 42, hashlib.sha256(b"root of 42").digest())


def seed(name: str) -> bytes:
    return hashlib.sha256(b"witness-js-test/" + name.encode()).digest()


TRUST = Trust(ORIGIN, (ValidatorSet(0, tuple(Validator(n, public_key(seed(n))) for n in NAMES), quorum_for(4)),),
              witnesses=tuple(Witness(w, public_key(seed(w))) for w in WITNESSES), witness_quorum=2)
NO_POLICY = Trust(ORIGIN, TRUST.sets)
POLICY_0 = Trust(ORIGIN, TRUST.sets, witnesses=TRUST.witnesses, witness_quorum=0)


def signed(*cosigners: tuple[str, int], validators=NAMES[:3], extra: tuple[str, ...] = ()) -> str:
    """The note of BODY signed by `validators`, cosigned by each (witness, seconds before NOW), then `extra` lines."""
    lines = [sign_note(BODY, n, seed(n)) for n in validators]
    lines += [cosign(BODY, w, seed(w), NOW - ago) for w, ago in cosigners]
    return make_note(BODY, [*lines, *extra])


def tamper_last(note: str, change) -> str:
    """The note with its last signature line's decoded bytes changed by `change`."""
    lines = note.rstrip("\n").split("\n")
    dash, name, encoded = lines[-1].split(" ")
    raw = bytearray(base64.b64decode(encoded))
    change(raw)
    return "\n".join([*lines[:-1], f"{dash} {name} {base64.b64encode(bytes(raw)).decode()}"]) + "\n"


def flip_signature(raw: bytearray) -> None:
    raw[-1] ^= 1


def shift_timestamp(raw: bytearray) -> None:
    raw[11] ^= 1  # the timestamp's last byte: the signature no longer covers it


def as_validator_type(witness: str, ago: int) -> str:
    """A witness's cosignature line with the key ID of a signed-note (type 0x01) key: not its cosigner key."""
    from ledger.checkpoint import key_id

    dash, name, encoded = cosign(BODY, witness, seed(witness), NOW - ago).split(" ")
    raw = key_id(name, public_key(seed(witness))) + base64.b64decode(encoded)[4:]
    return f"{dash} {name} {base64.b64encode(raw).decode()}"


STRANGER_LINE = cosign(BODY, "witness-9", seed("witness-9"), NOW - 5)  # a third party's witness, well formed
CASES = {
    # name: (note, trust, max_age, expected)
    "2 of 3 witnesses, the quorum": (signed(("witness-1", 3), ("witness-3", 4)), TRUST, None, "ok"),
    "3 of 3 witnesses": (signed(("witness-1", 3), ("witness-2", 50), ("witness-3", 4)), TRUST, None, "ok"),
    "1 of 3 witnesses (k - 1)": (signed(("witness-2", 3)), TRUST, None, "no_witness_quorum"),
    "no witness at all": (signed(), TRUST, None, "no_witness_quorum"),
    "a witness twice counts once": (signed(("witness-1", 3), ("witness-1", 4)), TRUST, None, "no_witness_quorum"),
    "a bad witness signature": (tamper_last(signed(("witness-1", 3), ("witness-2", 4)), flip_signature), TRUST, None,
                                "bad_signature"),
    "a timestamp changed after cosigning": (tamper_last(signed(("witness-1", 3), ("witness-2", 4)), shift_timestamp),
                                            TRUST, None, "bad_signature"),
    "a witness signing as a validator key": (signed(("witness-1", 3), extra=(as_validator_type("witness-2", 4),)),
                                             TRUST, None, "no_witness_quorum"),
    "an unknown key's malformed line": (signed(("witness-1", 3), ("witness-2", 4), extra=("— stranger !!not-base64",)),
                                        TRUST, None, "ok"),
    "a line of another format": (signed(("witness-1", 3), ("witness-2", 4), extra=("— a line of four words",)),
                                 TRUST, None, "ok"),
    "a short line of an unknown key": (signed(("witness-1", 3), ("witness-2", 4), extra=("— stranger AAAA",)),
                                       TRUST, None, "ok"),
    "a third party's extra cosignature": (signed(("witness-1", 3), ("witness-2", 4), extra=(STRANGER_LINE,)), TRUST,
                                          None, "ok"),
    "a known witness's line made malformed": (signed(("witness-1", 3), ("witness-2", 4),
                                                     extra=(cosign(BODY, "witness-3", seed("witness-3"), NOW) + " x",)),
                                             TRUST, None, "bad_signature"),
    "a known validator's line made malformed": (signed(("witness-1", 3), ("witness-2", 4),
                                                       extra=(sign_note(BODY, NAMES[3], seed(NAMES[3])) + " x",)),
                                                TRUST, None, "bad_signature"),
    "a witness's name on a malformed line of no key": (signed(("witness-1", 3), ("witness-2", 4),
                                                              extra=("— witness-3 !!",)), TRUST, None, "ok"),
    "a witness twice: its newest time counts": (signed(("witness-1", 100), ("witness-1", 3), ("witness-2", 50)),
                                                TRUST, 60, "ok"),
    "fresh within the max age": (signed(("witness-1", 30), ("witness-2", 50)), TRUST, 60, "ok"),
    "stale: the 2nd newest is older than the max age": (signed(("witness-1", 3), ("witness-2", 61)), TRUST, 60,
                                                        "stale_checkpoint"),
    "the 2nd newest at the max age": (signed(("witness-1", 3), ("witness-2", 60)), TRUST, 60, "ok"),
    "a max age without witnesses": (signed(), NO_POLICY, 60, "stale_checkpoint"),
    "no policy: cosignatures of unknown witnesses date nothing": (signed(("witness-1", 10)), NO_POLICY, 60,
                                                                 "stale_checkpoint"),
    "policy 0 of 3: one cosignature dates it": (signed(("witness-1", 10)), POLICY_0, 60, "ok"),
    "policy 0 of 3: none is valid without a max age": (signed(), POLICY_0, None, "ok"),
    "witnesses but no validator quorum": (signed(("witness-1", 3), ("witness-2", 4), validators=NAMES[:2]), TRUST,
                                          None, "no_quorum"),
}


SAME_WORDS = ("no_witness_quorum", "stale_checkpoint")  # codes whose message the browser words as the CLI does


def python_result(note: str, trust: Trust, max_age: int | None) -> dict:
    try:
        verified = verify_checkpoint(note, trust, now=NOW, max_age=max_age)
    except LedgerError as exc:
        return {"code": exc.code, **({"message": exc.message} if exc.code in SAME_WORDS else {})}
    return {"code": "ok", "witnesses": [list(w) for w in verified.witnesses], "time": verified.time}


JS_VERIFY = """const r = await V.verifyCheckpoint(note, V.parseTrust(trust), {now, maxAge});
return {witnesses: r.witnesses.map((w) => [w.name, w.time]), time: r.time};"""


def js_result(verifier, note: str, trust: Trust, max_age: int | None) -> dict:
    result = verifier.run(JS_VERIFY, note=note, trust=trust.to_json(), now=NOW, maxAge=max_age)
    if result["ok"]:
        return {"code": "ok", **result["value"]}
    return {"code": result["code"], **({"message": result["message"]} if result["code"] in SAME_WORDS else {})}


@pytest.mark.parametrize("case", list(CASES))
def test_witness_verdict_matches_python(verifier, case: str) -> None:
    note, trust, max_age, expected = CASES[case]
    python = python_result(note, trust, max_age)
    assert python["code"] == expected
    assert js_result(verifier, note, trust, max_age) == python


def test_the_time_is_the_k_th_newest_cosignature() -> None:
    verified = verify_checkpoint(signed(("witness-1", 30), ("witness-2", 5), ("witness-3", 50)), TRUST, now=NOW)
    assert verified.time == NOW - 30  # two witnesses (the quorum) vouched at or after it
    assert [name for name, _ in verified.witnesses] == WITNESSES


def test_cosigner_key_id_matches_python(verifier) -> None:
    pub = public_key(seed("witness-1"))
    js = verifier.run("return await V.cosignerKeyId(name, b64(key));", name="witness-1",
                      key=base64.b64encode(pub).decode())
    assert js["value"] == cosigner_key_id("witness-1", pub).hex()


@pytest.mark.parametrize("change", [
    lambda t: t,
    lambda t: {k: v for k, v in t.items() if k not in ("witnesses", "witness_quorum")},
    lambda t: {**t, "witness_quorum": 3},
    lambda t: {**t, "witness_quorum": 4},
    lambda t: {**t, "witness_quorum": -1},
    lambda t: {**t, "witness_quorum": "2"},
    lambda t: {**t, "witnesses": [*t["witnesses"], t["witnesses"][0]]},
    lambda t: {**t, "witnesses": [{**w, "pubkey": w["pubkey"][:62]} for w in t["witnesses"]]},
    lambda t: {**t, "witnesses": [{**w, "name": "has space"} for w in t["witnesses"]]},
    lambda t: {**t, "witness_quorum": None},
    lambda t: {**t, "witnesses": None},
    lambda t: {**t, "witnesses": [], "witness_quorum": 0},
    lambda t: {**t, "witnesses": [], "witness_quorum": 1},
    lambda t: {k: v for k, v in t.items() if k != "witness_quorum"},
])
def test_witness_policy_rules_match_python(verifier, change) -> None:
    value = change(json.loads(json.dumps(TRUST.to_json())))
    try:
        parse_trust(value)
        python = "ok"
    except LedgerError as exc:
        python = exc.code
    assert verifier.code("V.parseTrust(trust); return true;", trust=value) == python
