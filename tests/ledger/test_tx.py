"""Signed transactions: wire form, id, and every way a transaction can be malformed or forged."""
from __future__ import annotations

import hashlib

import pytest

from ledger.constants import MAX_TX_BYTES, TX_SIGN_PREFIX
from ledger.crypto import public_key, sha256, sign
from ledger.encoding import canonical, parse_strict
from ledger.errors import BadSignature, Malformed, NonCanonical
from ledger.tx import check_signatures, decode_transaction, payload_dict, sign_transaction

ALICE = hashlib.sha256(b"alice").digest()
BOB = hashlib.sha256(b"bob").digest()
CAROL = hashlib.sha256(b"carol").digest()
BODY = {"from": "A", "to": "B", "instrument": "CEA-2024", "amount": 10}


def signed(seeds=(ALICE,), body=BODY, nonce=7):
    return sign_transaction("test-chain", "transfer", body, list(seeds), nonce)


def wire(tx):
    """The wire value of `tx` as a mutable JSON value."""
    return parse_strict(tx.raw)


def reencode(value) -> bytes:
    return canonical(value)


# -- round trip and id --------------------------------------------------------------

def test_sign_then_decode_round_trip():
    tx = signed((ALICE, BOB))
    again = decode_transaction(tx.raw)
    assert again == tx
    assert (again.chain_id, again.type, again.body, again.nonce) == ("test-chain", "transfer", BODY, 7)
    assert again.signers == (public_key(ALICE), public_key(BOB))
    check_signatures(again)


def test_wire_form_is_canonical_payload_and_signatures():
    tx = signed()
    payload = payload_dict("test-chain", "transfer", BODY, [public_key(ALICE)], 7)
    signature = sign(ALICE, TX_SIGN_PREFIX + canonical(payload))
    assert tx.raw == canonical({"payload": payload, "signatures": [signature.hex()]})
    assert tx.payload() == payload


def test_id_is_sha256_of_the_signed_bytes():
    tx = signed()
    assert tx.signed_bytes == TX_SIGN_PREFIX + canonical(tx.payload())
    assert tx.id == sha256(tx.signed_bytes) == hashlib.sha256(tx.signed_bytes).digest()
    assert tx.id_hex == tx.id.hex()


def test_id_does_not_depend_on_signatures():
    tx = signed()
    value = wire(tx)
    value["signatures"] = ["00" * 64]
    forged = decode_transaction(reencode(value))
    assert forged.id == tx.id
    with pytest.raises(BadSignature):
        check_signatures(forged)


def test_id_changes_with_every_payload_field():
    base = signed()
    others = [
        sign_transaction("other-chain", "transfer", BODY, [ALICE], 7),
        sign_transaction("test-chain", "surrender", BODY, [ALICE], 7),
        sign_transaction("test-chain", "transfer", {**BODY, "amount": 11}, [ALICE], 7),
        sign_transaction("test-chain", "transfer", BODY, [BOB], 7),
        sign_transaction("test-chain", "transfer", BODY, [ALICE], 8),
    ]
    assert len({base.id, *(tx.id for tx in others)}) == 6


def test_signing_is_deterministic():
    assert signed((ALICE, BOB)).raw == signed((ALICE, BOB)).raw


# -- forged signatures: decode succeeds, check_signatures refuses ------------------------

def test_invalid_tampered_body():
    value = wire(signed())
    value["payload"]["body"]["amount"] = 1000
    tampered = decode_transaction(reencode(value))
    with pytest.raises(BadSignature) as info:
        check_signatures(tampered)
    assert info.value.code == "bad_signature"


def test_invalid_tampered_nonce():
    value = wire(signed())
    value["payload"]["nonce"] = 8
    with pytest.raises(BadSignature):
        check_signatures(decode_transaction(reencode(value)))


def test_invalid_swapped_signatures():
    value = wire(signed((ALICE, BOB)))
    value["signatures"].reverse()
    with pytest.raises(BadSignature, match="signature 0"):
        check_signatures(decode_transaction(reencode(value)))


def test_invalid_swapped_signers():
    value = wire(signed((ALICE, BOB)))
    value["payload"]["signers"].reverse()
    with pytest.raises(BadSignature):
        check_signatures(decode_transaction(reencode(value)))


def test_invalid_signature_by_another_key():
    tx = signed()
    value = wire(tx)
    value["signatures"] = [sign(CAROL, tx.signed_bytes).hex()]
    with pytest.raises(BadSignature):
        check_signatures(decode_transaction(reencode(value)))


def test_invalid_signature_from_another_chain():
    other = sign_transaction("other-chain", "transfer", BODY, [ALICE], 7)
    value = wire(signed())
    value["signatures"] = wire(other)["signatures"]
    with pytest.raises(BadSignature):
        check_signatures(decode_transaction(reencode(value)))


def test_invalid_second_signature_only():
    value = wire(signed((ALICE, BOB)))
    value["signatures"][1] = value["signatures"][0]
    with pytest.raises(BadSignature, match="signature 1"):
        check_signatures(decode_transaction(reencode(value)))


# -- Malformed: decode refuses ---------------------------------------------------------

def mutated(change) -> bytes:
    value = wire(signed((ALICE, BOB)))
    change(value)
    return reencode(value)


@pytest.mark.parametrize("change, fragment", [
    (lambda v: v["signatures"].pop(), "2 signers need 2 signatures"),
    (lambda v: v["signatures"].append(v["signatures"][0]), "2 signers need 2 signatures"),
    (lambda v: v.__setitem__("signatures", "ab"), "signatures"),
    (lambda v: v["payload"]["signers"].__setitem__(1, v["payload"]["signers"][0]), "lists a key twice"),
    (lambda v: v["payload"]["signers"].__setitem__(0, v["payload"]["signers"][0].upper()), "lowercase hex"),
    (lambda v: v["signatures"].__setitem__(0, v["signatures"][0].upper()), "lowercase hex"),
    (lambda v: v["payload"]["signers"].__setitem__(0, v["payload"]["signers"][0][:62]), "64 lowercase hex"),
    (lambda v: v["signatures"].__setitem__(0, v["signatures"][0] + "00"), "128 lowercase hex"),
    (lambda v: v["payload"]["signers"].__setitem__(0, "zz" * 32), "64 lowercase hex"),
    (lambda v: v["payload"].__setitem__("signers", []), "non-empty list"),
    (lambda v: v["payload"].__setitem__("signers", "ab"), "non-empty list"),
    (lambda v: v["payload"].__setitem__("nonce", 0), "nonce"),
    (lambda v: v["payload"].__setitem__("nonce", -1), "nonce"),
    (lambda v: v["payload"].__setitem__("nonce", True), "nonce"),
    (lambda v: v["payload"].__setitem__("nonce", "7"), "nonce"),
    (lambda v: v["payload"].__setitem__("chain_id", ""), "chain_id"),
    (lambda v: v["payload"].__setitem__("type", 5), "type"),
    (lambda v: v["payload"].__setitem__("body", [1]), "body"),
    (lambda v: v["payload"].__setitem__("extra", 1), "exactly the keys"),
    (lambda v: v["payload"].pop("nonce"), "exactly the keys"),
    (lambda v: v.__setitem__("extra", 1), "exactly the keys 'payload' and 'signatures'"),
    (lambda v: v.pop("signatures"), "exactly the keys 'payload' and 'signatures'"),
])
def test_invalid_envelope_is_malformed(change, fragment):
    with pytest.raises(Malformed) as info:
        decode_transaction(mutated(change))
    assert info.value.code == "malformed"
    assert fragment in info.value.message


def test_invalid_not_an_object():
    with pytest.raises(Malformed):
        decode_transaction(b"[1,2]")


def test_invalid_too_large():
    body = {"memo": "x" * MAX_TX_BYTES}
    with pytest.raises(Malformed, match="more than the"):
        decode_transaction(canonical({"payload": body, "signatures": []}))


def test_invalid_non_canonical_wire_bytes():
    raw = signed().raw
    with pytest.raises(NonCanonical):
        decode_transaction(raw.replace(b'"payload":', b'"payload": ', 1))


def test_invalid_hex_with_whitespace_is_malformed():
    value = wire(signed())
    value["payload"]["signers"][0] = value["payload"]["signers"][0][:62] + "  "
    with pytest.raises(Malformed):
        decode_transaction(reencode(value))
