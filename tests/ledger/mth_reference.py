"""A slow, obviously correct Merkle Tree Hash, written from RFC 9162 §2.1.1, to check the fast code."""
from __future__ import annotations

import hashlib


def mth(entries: list[bytes]) -> bytes:
    """MTH(D[n]) of the entries themselves (not their leaf hashes)."""
    n = len(entries)
    if n == 0:
        return hashlib.sha256(b"").digest()
    if n == 1:
        return hashlib.sha256(b"\x00" + entries[0]).digest()
    k = 1
    while k * 2 < n:  # the largest power of two smaller than n
        k *= 2
    return hashlib.sha256(b"\x01" + mth(entries[:k]) + mth(entries[k:])).digest()
