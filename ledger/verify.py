"""Checking RFC 9162 Merkle proofs: a pure function of sizes, hashes and proof.

`verify_inclusion` follows RFC 9162 §2.1.3.2 and `verify_consistency` §2.1.4.2 step by
step; each raises a `ProofError` that names what failed, and returns None on success.
Before the RFC loop each checks what the loop would only find late: every hash is 32
bytes, and the proof has exactly the length its sizes call for (so a truncated or extended
proof is reported as such). Needs only hashlib. Building proofs lives in `ledger/proof.py`.
"""
from __future__ import annotations

import hashlib
from collections.abc import Sequence

from .errors import ConsistencyProofError, InclusionProofError, MalformedProof, ProofLengthError, RootMismatch

HASH_BYTES = 32  # SHA-256


def _node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _check_hash(name: str, value: bytes) -> None:
    if len(value) != HASH_BYTES:
        raise MalformedProof(f"{name} is {len(value)} bytes, a SHA-256 hash is {HASH_BYTES}")


def _check_proof_hashes(proof: Sequence[bytes]) -> None:
    for i, p in enumerate(proof):
        _check_hash(f"proof[{i}]", p)


def _inclusion_length(index: int, size: int) -> tuple[int, int]:
    """(inner, border): levels where the path meets a sibling below the tree's right edge, and on it."""
    inner = (index ^ (size - 1)).bit_length()
    border = bin(index >> inner).count("1")
    return inner, border


def _check_length(expected: int, proof: Sequence[bytes]) -> None:
    if len(proof) != expected:
        raise ProofLengthError(expected, len(proof))


def verify_inclusion(leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes) -> None:
    """Raise a ProofError unless `proof` shows leaf `index` of the tree of `size` leaves with `root` is `leaf_hash`."""
    # Verify the leaf lies in the tree (RFC 9162 §2.1.3.2 step 1)
    if not 0 <= index < size:
        raise InclusionProofError(f"leaf index {index} is outside a tree of size {size}")
    # Verify every hash is a SHA-256 hash
    _check_hash("leaf hash", leaf_hash)
    _check_hash("root", root)
    _check_proof_hashes(proof)
    # Verify the proof has one hash per level of the leaf's path
    _check_length(sum(_inclusion_length(index, size)), proof)
    calculated = _rfc_inclusion_root(leaf_hash, index, size, proof)
    # Verify the path leads to the root
    if calculated != root:
        raise RootMismatch(root, calculated)


def _rfc_inclusion_root(leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes]) -> bytes:
    """RFC 9162 §2.1.3.2 steps 2–5: the root the path leads to."""
    fn, sn, r = index, size - 1, leaf_hash
    for p in proof:
        if sn == 0:
            raise ProofLengthError(len(proof) - 1, len(proof))
        if fn & 1 or fn == sn:
            r = _node(p, r)
            while fn and not fn & 1:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = _node(r, p)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise ProofLengthError(len(proof) + 1, len(proof))
    return r


def consistency_length(size1: int, size2: int) -> int:
    """The number of hashes in the consistency proof between trees of sizes 0 < size1 < size2."""
    shift = (size1 & -size1).bit_length() - 1  # trailing zero bits of size1
    inner, border = _inclusion_length(size1 - 1, size2)
    seed = 0 if size1 == 1 << shift else 1  # a size1 of 2^k is its own first subtree, the root1 given
    return seed + inner - shift + border


def verify_consistency(size1: int, size2: int, proof: Sequence[bytes], root1: bytes, root2: bytes) -> None:
    """Raise a ProofError unless `proof` shows the tree of `size2` with `root2` extends that of `size1` with `root1`."""
    # Verify the sizes can be consistent: the newer tree is not smaller
    if size2 < size1:
        raise ConsistencyProofError(f"size2 {size2} is smaller than size1 {size1}")
    # Verify the older tree is not empty: every tree extends the empty one, so the check proves nothing
    if size1 <= 0:
        raise ConsistencyProofError(f"size1 is {size1}: consistency from the empty tree proves nothing")
    if size1 == size2:
        return _verify_same_size(proof, root1, root2)
    # Verify every hash is a SHA-256 hash
    _check_hash("root1", root1)
    _check_hash("root2", root2)
    _check_proof_hashes(proof)
    # Verify the proof has exactly the hashes the two sizes call for
    _check_length(consistency_length(size1, size2), proof)
    fr, sr = _rfc_consistency_roots(size1, size2, proof, root1)
    # Verify the proof leads to both roots
    if fr != root1:
        raise RootMismatch(root1, fr)
    if sr != root2:
        raise RootMismatch(root2, sr)


def _verify_same_size(proof: Sequence[bytes], root1: bytes, root2: bytes) -> None:
    # Verify two trees of one size have no proof between them and one root
    _check_length(0, proof)
    if root1 != root2:
        raise RootMismatch(root1, root2)


def _rfc_consistency_roots(size1: int, size2: int, proof: Sequence[bytes], root1: bytes) -> tuple[bytes, bytes]:
    """RFC 9162 §2.1.4.2 steps 1–6: the (first, second) roots the proof leads to."""
    if not proof:
        raise ProofLengthError(1, 0)
    path = list(proof)
    if size1 & (size1 - 1) == 0:  # an exact power of 2
        path.insert(0, root1)
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofLengthError(len(proof) - 1, len(proof))
        if fn & 1 or fn == sn:
            fr, sr = _node(c, fr), _node(c, sr)
            while fn and not fn & 1:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = _node(sr, c)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise ProofLengthError(len(proof) + 1, len(proof))
    return fr, sr
