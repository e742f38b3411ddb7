"""Signed transactions: `{payload, signatures}` with payload `{chain_id, type, body, signers, nonce}`.

Each signer signs `TX_SIGN_PREFIX + jcs(payload)` with Ed25519; signatures are listed in the
order of `payload.signers`. The id is SHA-256 of those signed bytes, so it is known before
anyone signs and no signature can change it.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .constants import MAX_SAFE_INTEGER, MAX_TX_BYTES, PUBKEY_BYTES, SIGNATURE_BYTES, TX_SIGN_PREFIX
from .crypto import is_valid_signature, public_key, sha256, sign
from .encoding import canonical, parse_strict
from .errors import BadSignature, Malformed

PAYLOAD_KEYS = frozenset({"chain_id", "type", "body", "signers", "nonce"})


@dataclass(frozen=True, slots=True)
class Transaction:
    """A decoded, well-formed transaction. Its signatures are checked by `check_signatures`."""

    chain_id: str
    type: str
    body: dict[str, Any]
    signers: tuple[bytes, ...]
    nonce: int
    signatures: tuple[bytes, ...]
    raw: bytes  # the canonical wire bytes {payload, signatures}
    signed_bytes: bytes  # TX_SIGN_PREFIX + jcs(payload)
    id: bytes  # sha256(signed_bytes)

    @property
    def id_hex(self) -> str:
        return self.id.hex()

    def payload(self) -> dict[str, Any]:
        """The payload as a JSON value."""
        return payload_dict(self.chain_id, self.type, self.body, self.signers, self.nonce)


def payload_dict(chain_id: str, type_: str, body: dict[str, Any], signers: Iterable[bytes], nonce: int) -> dict[str, Any]:
    """The JSON payload of a transaction; signers as lowercase hex."""
    return {"chain_id": chain_id, "type": type_, "body": body, "signers": [s.hex() for s in signers], "nonce": nonce}


_LOWER_HEX = re.compile(r"[0-9a-f]*")


def _hex_bytes(value: Any, size: int, what: str) -> bytes:
    # Verify exactly 2*size lowercase hex digits (bytes.fromhex alone would skip spaces)
    if not isinstance(value, str) or len(value) != 2 * size or not _LOWER_HEX.fullmatch(value):
        raise Malformed(f"{what} must be {2 * size} lowercase hex characters")
    return bytes.fromhex(value)


def _check_payload(payload: Any) -> None:
    if not isinstance(payload, dict) or set(payload) != PAYLOAD_KEYS:
        raise Malformed(f"payload must have exactly the keys {sorted(PAYLOAD_KEYS)}")
    if not isinstance(payload["chain_id"], str) or not payload["chain_id"]:
        raise Malformed("payload.chain_id must be a non-empty string")
    if not isinstance(payload["type"], str) or not payload["type"]:
        raise Malformed("payload.type must be a non-empty string")
    if not isinstance(payload["body"], dict):
        raise Malformed("payload.body must be an object")
    if not isinstance(payload["signers"], list) or not payload["signers"]:
        raise Malformed("payload.signers must be a non-empty list of public keys")
    nonce = payload["nonce"]
    if isinstance(nonce, bool) or not isinstance(nonce, int) or not 0 < nonce <= MAX_SAFE_INTEGER:
        raise Malformed("payload.nonce must be an integer from 1 to 2^53-1")


def decode_transaction(raw: bytes) -> Transaction:
    """Decode canonical wire bytes into a Transaction; raise Malformed or NonCanonical."""
    if len(raw) > MAX_TX_BYTES:
        raise Malformed(f"transaction is {len(raw)} bytes, more than the {MAX_TX_BYTES} allowed")
    value = parse_strict(raw)
    if not isinstance(value, dict) or set(value) != {"payload", "signatures"}:
        raise Malformed("a transaction is an object with exactly the keys 'payload' and 'signatures'")
    payload = value["payload"]
    _check_payload(payload)
    signers = tuple(_hex_bytes(s, PUBKEY_BYTES, "signer") for s in payload["signers"])
    if len(set(signers)) != len(signers):
        raise Malformed("payload.signers lists a key twice")
    sigs = value["signatures"]
    if not isinstance(sigs, list) or len(sigs) != len(signers):
        raise Malformed(f"{len(signers)} signers need {len(signers)} signatures in the same order")
    signatures = tuple(_hex_bytes(s, SIGNATURE_BYTES, "signature") for s in sigs)
    signed = TX_SIGN_PREFIX + canonical(payload)
    return Transaction(
        chain_id=payload["chain_id"], type=payload["type"], body=payload["body"], signers=signers,
        nonce=payload["nonce"], signatures=signatures, raw=raw, signed_bytes=signed, id=sha256(signed),
    )


def check_signatures(tx: Transaction) -> None:
    """Raise BadSignature unless every signer's signature is valid over the signed bytes."""
    index = _first_invalid(tx.signed_bytes, tx.signers, tx.signatures)
    if index >= 0:
        raise BadSignature(f"signature {index} does not verify for signer {tx.signers[index].hex()[:16]}…")


@lru_cache(maxsize=65536)
def _first_invalid(signed: bytes, signers: tuple[bytes, ...], signatures: tuple[bytes, ...]) -> int:
    """The index of the first signature that does not verify, or -1. Memoised: admission, its rechecks
    and the block all check the same bytes, and the answer depends on nothing else."""
    for index, (pubkey, signature) in enumerate(zip(signers, signatures, strict=True)):
        if not is_valid_signature(pubkey, signed, signature):
            return index
    return -1


def sign_transaction(chain_id: str, type_: str, body: dict[str, Any], seeds: list[bytes], nonce: int) -> Transaction:
    """Build and sign a transaction; the first seed's key is the primary signer."""
    signers = [public_key(seed) for seed in seeds]
    payload = payload_dict(chain_id, type_, body, signers, nonce)
    signed = TX_SIGN_PREFIX + canonical(payload)
    signatures = [sign(seed, signed) for seed in seeds]
    raw = canonical({"payload": payload, "signatures": [s.hex() for s in signatures]})
    return decode_transaction(raw)
