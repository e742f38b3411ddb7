"""Ed25519 signatures (RFC 8032, via PyNaCl) and SHA-256.

Key generation needs randomness and so lives in `cli/` and `node/`; the kernel only derives
keys from a given 32-byte seed, signs and verifies.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from .constants import PUBKEY_BYTES, SIGNATURE_BYTES


def sha256(data: bytes) -> bytes:
    """SHA-256 digest of `data`, 32 bytes."""
    return hashlib.sha256(data).digest()


def public_key(seed: bytes) -> bytes:
    """The Ed25519 public key of a 32-byte seed."""
    return bytes(SigningKey(seed).verify_key)


@lru_cache(maxsize=4096)
def _signing_key(seed: bytes) -> SigningKey:
    return SigningKey(seed)


def sign(seed: bytes, message: bytes) -> bytes:
    """The 64-byte Ed25519 signature of `message` under `seed`."""
    return _signing_key(seed).sign(message).signature


@lru_cache(maxsize=65536)
def _verify_key(pubkey: bytes) -> VerifyKey:
    return VerifyKey(pubkey)


def is_valid_signature(pubkey: bytes, message: bytes, signature: bytes) -> bool:
    """True when `signature` is a valid Ed25519 signature of `message` by `pubkey`."""
    if len(pubkey) != PUBKEY_BYTES or len(signature) != SIGNATURE_BYTES:
        return False
    try:
        _verify_key(pubkey).verify(message, signature)
    except (BadSignatureError, ValueError, TypeError):
        return False
    return True
