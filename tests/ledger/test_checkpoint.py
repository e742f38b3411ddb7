"""Checkpoints: the C2SP tlog-checkpoint body, signed notes (checked against Go's sumdb/note vector),
strict parsing, and quorum verification against a trust root."""
from __future__ import annotations

import base64
import hashlib

import pytest

from ledger.checkpoint import (EM_DASH, MAX_NOTE_SIGNATURES, Checkpoint, Trust, Validator, ValidatorSet, format_checkpoint,
                               key_id, make_note, origin_for, parse_checkpoint, parse_note, parse_trust, quorum_for,
                               sign_note, verify_checkpoint)
from ledger.crypto import public_key
from ledger.errors import (BadCheckpointSignature, BadNote, BadTrust, CheckpointError, NoQuorum, NoValidatorSet,
                           ProofError, UnknownOrigin)

# golang.org/x/mod/sumdb/note: the PeterNeumann key and the note it signs (note_test.go, example_test.go).
GO_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
GO_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
GO_SIG = "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM="

ORIGIN = "tanledger.devnet/tan-1"
ROOT = hashlib.sha256(b"root").digest()
ROOT_B64 = base64.b64encode(ROOT).decode()


def seed(name: str) -> bytes:
    return hashlib.sha256(b"checkpoint-test/" + name.encode()).digest()


NAMES = [f"{ORIGIN}/v{i}" for i in range(1, 5)]
OTHER = [f"{ORIGIN}/w{i}" for i in range(1, 5)]


def vset(from_size: int, names: list[str]) -> ValidatorSet:
    return ValidatorSet(from_size, tuple(Validator(n, public_key(seed(n))) for n in names), quorum_for(len(names)))


TRUST = Trust(ORIGIN, (vset(0, NAMES),))


def note(body: str, signers: list[str]) -> str:
    return make_note(body, [sign_note(body, n, seed(n)) for n in signers])


BODY = format_checkpoint(ORIGIN, 42, ROOT)


def test_key_id_matches_go_sumdb_note():
    pubkey = base64.b64decode(GO_VKEY.split("+", 2)[2])[1:]
    assert key_id("PeterNeumann", pubkey).hex() == "c74f20a3"


def test_sign_note_matches_go_sumdb_note():
    go_seed = base64.b64decode(GO_SKEY.split("+", 4)[4])[1:]
    assert public_key(go_seed) == base64.b64decode(GO_VKEY.split("+", 2)[2])[1:]
    assert sign_note(GO_TEXT, "PeterNeumann", go_seed) == GO_SIG


def test_parse_note_go_vector():
    parsed = parse_note(GO_TEXT + "\n" + GO_SIG + "\n")
    assert parsed.text == GO_TEXT
    assert [(s.name, s.key_id.hex(), len(s.signature)) for s in parsed.signatures] == [("PeterNeumann", "c74f20a3", 64)]


def test_format_checkpoint_exact_text():
    assert f"tanledger.devnet/tan-1\n42\n{ROOT_B64}\n" == BODY
    assert format_checkpoint(ORIGIN, 0, ROOT, ("ext one",)) == f"{ORIGIN}\n0\n{ROOT_B64}\next one\n"


def test_origin_for():
    assert origin_for("devnet", "tan-1") == ORIGIN
    with pytest.raises(BadNote):
        origin_for("dev net", "tan-1")


def test_parse_checkpoint_round_trip():
    assert parse_checkpoint(BODY) == Checkpoint(ORIGIN, 42, ROOT)
    assert parse_checkpoint(BODY).head == (42, ROOT)
    assert parse_checkpoint(BODY + "x\n").extensions == ("x",)


@pytest.mark.parametrize("body", [
    f"{ORIGIN}\n42\n",  # no root
    f"{ORIGIN}\n42\n{ROOT_B64}",  # no final newline
    f"{ORIGIN}\n042\n{ROOT_B64}\n",  # leading zero
    f"{ORIGIN}\n+42\n{ROOT_B64}\n",
    f"{ORIGIN}\n 42\n{ROOT_B64}\n",
    f"{ORIGIN}\n\u0664\u0662\n{ROOT_B64}\n",  # Arabic-Indic digits
    f"{ORIGIN}\n-1\n{ROOT_B64}\n",
    f"{ORIGIN}\n{2**64}\n{ROOT_B64}\n",
    f"{ORIGIN}\n42\n{base64.b64encode(ROOT[:31]).decode()}\n",  # 31-byte root
    f"{ORIGIN}\n42\n{ROOT_B64[:-2]}\n",  # unpadded
    f"{ORIGIN}\n42\n{ROOT_B64[:-2]}B=\n",  # non-zero padding bits
    f"{ORIGIN}\n42\n{ROOT_B64}\n\n",  # empty extension line
    f"\n42\n{ROOT_B64}\n",  # empty origin
])
def test_invalid_checkpoint_body(body):
    with pytest.raises(BadNote):
        parse_checkpoint(body)


def test_invalid_checkpoint_root_non_canonical_base64():
    root = bytes(31) + b"\x01"
    canonical = base64.b64encode(root).decode()
    assert canonical.endswith("E=")
    with pytest.raises(BadNote):
        parse_checkpoint(f"{ORIGIN}\n1\n{canonical[:-2]}F=\n")


def _sig(name: str = NAMES[0]) -> str:
    return sign_note(BODY, name, seed(name))


@pytest.mark.parametrize("text", [
    BODY + _sig() + "\n",  # no blank line
    BODY + "\n",  # no signature
    BODY + "\n" + _sig(),  # no final newline
    BODY + "\n" + _sig() + "\n\n",  # trailing blank line
    BODY.replace("\n", "\r\n") + "\r\n" + _sig() + "\r\n",  # CRLF
    BODY[:-1] + "\t\n\n" + _sig() + "\n",  # control character
    BODY + "\n" + (_sig() + "\n") * (MAX_NOTE_SIGNATURES + 1),  # too many signatures
])
def test_invalid_note(text):
    with pytest.raises(BadNote):
        parse_note(text)


MALFORMED_LINES = [
    _sig().replace(EM_DASH, "-"),  # hyphen for em dash
    _sig().replace(EM_DASH, "\u2013"),  # en dash
    _sig(OTHER[0]).replace(" ", "  ", 1),  # double space
    _sig(OTHER[0]) + " ",  # trailing space
    f"{EM_DASH} a+b AAAAAAAA",  # plus in key name
    f"{EM_DASH} name AAAA",  # key ID only, no signature
    f"{EM_DASH} name !!!!",  # not base64
    f"{EM_DASH} {NAMES[0]} !!!!",  # a known name, but nothing that names its key
    f"{EM_DASH} name",  # no signature field
    "a third party's note to itself",  # not a signature line at all
]


@pytest.mark.parametrize("line", MALFORMED_LINES)
def test_malformed_signature_lines_are_set_aside(line):
    parsed = parse_note(BODY + "\n" + _sig() + "\n" + line + "\n")
    assert parsed.unparsed == (line,)
    assert [s.name for s in parsed.signatures] == [NAMES[0]]


@pytest.mark.parametrize("line", MALFORMED_LINES)
def test_malformed_line_of_no_known_key_never_fails_a_valid_checkpoint(line):
    text = note(BODY, NAMES[:3])
    assert verify_checkpoint(text + line + "\n", TRUST).signers == tuple(NAMES[:3])
    with pytest.raises(NoQuorum):
        verify_checkpoint(note(BODY, NAMES[:2]) + line + "\n", TRUST)


@pytest.mark.parametrize("mangle", [lambda line: line + " ", lambda line: line.rstrip("="), lambda line: line + "AA"])
def test_malformed_line_under_a_known_key_fails(mangle):
    # the line's name and key ID are a validator's, so it must verify, malformed or not
    bad = mangle(_sig(NAMES[3]))
    assert parse_note(note(BODY, NAMES[:3]) + bad + "\n").unparsed == (bad,)
    with pytest.raises(BadCheckpointSignature):
        verify_checkpoint(note(BODY, NAMES[:3]) + bad + "\n", TRUST)


def test_invalid_note_utf8():
    with pytest.raises(BadNote):
        parse_note(BODY.encode() + b"\xff\n\n" + _sig().encode() + b"\n")


def test_parse_note_accepts_bytes_and_keeps_order():
    text = note(BODY, NAMES[:2])
    parsed = parse_note(text.encode())
    assert parsed.text == BODY
    assert [s.name for s in parsed.signatures] == NAMES[:2]


def test_parse_note_text_may_hold_empty_lines():
    assert parse_note("a\n\nb\n\n" + _sig() + "\n").text == "a\n\nb\n"


def test_verify_checkpoint_with_quorum():
    verified = verify_checkpoint(note(BODY, [NAMES[2], NAMES[0], NAMES[1]]), TRUST)
    assert verified.checkpoint == Checkpoint(ORIGIN, 42, ROOT)
    assert verified.signers == tuple(NAMES[:3])


def test_verify_checkpoint_all_validators():
    assert verify_checkpoint(note(BODY, NAMES), TRUST).signers == tuple(NAMES)


def test_invalid_below_quorum_names_have_and_need():
    with pytest.raises(NoQuorum) as err:
        verify_checkpoint(note(BODY, NAMES[:2]), TRUST)
    assert (err.value.have, err.value.need, err.value.code) == (2, 3, "no_quorum")
    assert "2" in err.value.message and "3" in err.value.message


def test_unknown_signers_are_ignored():
    verified = verify_checkpoint(note(BODY, [OTHER[0], *NAMES[:3], OTHER[1]]), TRUST)
    assert verified.signers == tuple(NAMES[:3])
    with pytest.raises(NoQuorum):
        verify_checkpoint(note(BODY, [*NAMES[:2], *OTHER]), TRUST)


def test_known_name_with_other_key_is_ignored():
    impostor = sign_note(BODY, NAMES[3], seed("impostor"))
    text = make_note(BODY, [*(sign_note(BODY, n, seed(n)) for n in NAMES[:3]), impostor])
    assert verify_checkpoint(text, TRUST).signers == tuple(NAMES[:3])


def test_invalid_bad_signature_from_known_key():
    good = [sign_note(BODY, n, seed(n)) for n in NAMES]
    sig = base64.b64decode(good[3].split(" ")[2])
    bad = f"{EM_DASH} {NAMES[3]} {base64.b64encode(sig[:-1] + bytes([sig[-1] ^ 1])).decode()}"
    with pytest.raises(BadCheckpointSignature) as err:
        verify_checkpoint(make_note(BODY, [*good[:3], bad]), TRUST)
    assert err.value.code == "bad_signature" and NAMES[3] in err.value.message


def test_invalid_short_signature_from_known_key():
    kid = key_id(NAMES[0], public_key(seed(NAMES[0])))
    short = f"{EM_DASH} {NAMES[0]} {base64.b64encode(kid + bytes(10)).decode()}"
    with pytest.raises(BadCheckpointSignature):
        verify_checkpoint(make_note(BODY, [short, *(sign_note(BODY, n, seed(n)) for n in NAMES[1:])]), TRUST)


def test_duplicated_signature_counts_once():
    lines = [sign_note(BODY, n, seed(n)) for n in NAMES[:2]]
    with pytest.raises(NoQuorum) as err:
        verify_checkpoint(make_note(BODY, [*lines, lines[0], lines[0]]), TRUST)
    assert err.value.have == 2


def test_invalid_tampered_body():
    signed = note(BODY, NAMES)
    with pytest.raises(BadCheckpointSignature):
        verify_checkpoint(signed.replace("\n42\n", "\n43\n"), TRUST)


def test_invalid_signatures_moved_to_other_checkpoint():
    other = format_checkpoint(ORIGIN, 42, hashlib.sha256(b"other").digest())
    lines = note(BODY, NAMES).split("\n\n")[1]
    with pytest.raises(BadCheckpointSignature):
        verify_checkpoint(other + "\n" + lines, TRUST)


def test_invalid_unknown_origin():
    body = format_checkpoint("tanledger.devnet/other", 42, ROOT)
    with pytest.raises(UnknownOrigin):
        verify_checkpoint(note(body, NAMES), TRUST)


def test_validator_set_chosen_by_tree_size():
    trust = Trust(ORIGIN, (vset(0, NAMES), vset(100, OTHER)))
    assert verify_checkpoint(note(format_checkpoint(ORIGIN, 99, ROOT), NAMES), trust).signers == tuple(NAMES)
    late = format_checkpoint(ORIGIN, 100, ROOT)
    assert verify_checkpoint(note(late, OTHER[:3]), trust).signers == tuple(OTHER[:3])
    with pytest.raises(NoQuorum):
        verify_checkpoint(note(late, NAMES), trust)


def test_invalid_no_validator_set_for_size():
    trust = Trust(ORIGIN, (vset(10, NAMES),))
    with pytest.raises(NoValidatorSet):
        verify_checkpoint(note(format_checkpoint(ORIGIN, 9, ROOT), NAMES), trust)


def test_checkpoint_errors_are_proof_errors():
    assert issubclass(CheckpointError, ProofError)


@pytest.mark.parametrize("count,quorum", [(1, 1), (2, 2), (3, 3), (4, 3), (6, 5), (7, 5), (100, 67)])
def test_quorum_is_more_than_two_thirds(count, quorum):
    assert quorum_for(count) == quorum
    assert 3 * quorum > 2 * count and 3 * (quorum - 1) <= 2 * count


def test_trust_json_round_trip():
    trust = Trust(ORIGIN, (vset(0, NAMES), vset(100, OTHER[:3])))
    assert parse_trust(trust.to_json()) == trust
    assert trust.to_json()["validator_sets"][0]["validators"][0] == {"name": NAMES[0], "pubkey": public_key(seed(NAMES[0])).hex()}


def _trust_json(**change) -> dict:
    value = Trust(ORIGIN, (vset(0, NAMES),)).to_json()
    value["validator_sets"][0].update(change)
    return value


@pytest.mark.parametrize("value", [
    _trust_json(quorum=2),  # 2 of 4 is not more than two thirds
    _trust_json(quorum=5),  # unreachable
    _trust_json(from_size=-1),
    _trust_json(validators=[{"name": "a", "pubkey": "00" * 32}, {"name": "a", "pubkey": "11" * 32}], quorum=2),
    _trust_json(validators=[{"name": "a", "pubkey": "00" * 32}, {"name": "b", "pubkey": "00" * 32}], quorum=2),
    _trust_json(validators=[{"name": "a", "pubkey": "00" * 31}], quorum=1),
    _trust_json(validators=[{"name": "a b", "pubkey": "00" * 32}], quorum=1),
    {"origin": ORIGIN, "validator_sets": []},
    {"origin": ORIGIN},
    {"origin": "", "validator_sets": _trust_json()["validator_sets"]},
    {"origin": ORIGIN, "validator_sets": _trust_json()["validator_sets"] * 2},  # from_size not increasing
])
def test_invalid_trust(value):
    with pytest.raises(BadTrust):
        parse_trust(value)


@pytest.mark.parametrize("quorum", [0, 2, 5])
def test_invalid_validator_set_built_in_code(quorum):
    """A weak quorum is refused however the trust root is made, not only when parsed from a file."""
    with pytest.raises(BadTrust):
        ValidatorSet(0, vset(0, NAMES).validators, quorum)


def test_invalid_trust_origin_not_text():
    with pytest.raises(BadTrust):
        parse_trust({"origin": ["x"], "validator_sets": _trust_json()["validator_sets"]})
