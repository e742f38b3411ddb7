"""The fast tree against a slow reference written from the text of RFC 9162 §2.1, on random sizes,
and mutated proofs (a flipped bit, truncated, extended, wrong index or size) rejected."""
from __future__ import annotations

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st

import pytest

from ledger.errors import ProofError
from ledger.proof import MemoryTree
from ledger.verify import verify_consistency, verify_inclusion

# --- RFC 9162 §2.1.1, §2.1.3.1 and §2.1.4.1, transcribed: D is a list of leaf data ------------


def HASH(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def largest_power_of_2_below(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def MTH(D: list[bytes]) -> bytes:
    n = len(D)
    if n == 0:
        return HASH(b"")
    if n == 1:
        return HASH(b"\x00" + D[0])
    k = largest_power_of_2_below(n)
    return HASH(b"\x01" + MTH(D[:k]) + MTH(D[k:]))


def PATH(m: int, D: list[bytes]) -> list[bytes]:
    n = len(D)
    if n == 1:
        return []
    k = largest_power_of_2_below(n)
    if m < k:
        return PATH(m, D[:k]) + [MTH(D[k:])]
    return PATH(m - k, D[k:]) + [MTH(D[:k])]


def PROOF(m: int, D: list[bytes]) -> list[bytes]:
    return SUBPROOF(m, D, True)


def SUBPROOF(m: int, D: list[bytes], b: bool) -> list[bytes]:
    n = len(D)
    if m == n:
        return [] if b else [MTH(D)]
    k = largest_power_of_2_below(n)
    if m <= k:
        return SUBPROOF(m, D[:k], b) + [MTH(D[k:])]
    return SUBPROOF(m - k, D[k:], False) + [MTH(D[:k])]

# ----------------------------------------------------------------------------------------------


N = 300
DATA = [b"tx %d" % i for i in range(N)]
TREE = MemoryTree()
for _d in DATA:
    TREE.append(HASH(b"\x00" + _d))

sizes = st.integers(min_value=1, max_value=N)
relaxed = settings(deadline=None, max_examples=150)


@st.composite
def leaf_in_tree(draw):
    size = draw(sizes)
    return draw(st.integers(0, size - 1)), size


@st.composite
def two_sizes(draw):
    size2 = draw(sizes)
    return draw(st.integers(1, size2)), size2


def is_genuine_inclusion(leaf: bytes, index: int, size: int, proof: list[bytes]) -> bool:
    return 0 <= index < size <= N and leaf == TREE.subtree_hash(0, index) and proof == TREE.inclusion_proof(index, size)


def is_genuine_consistency(size1: int, size2: int, proof: list[bytes]) -> bool:
    return 0 < size1 <= size2 <= N and proof == TREE.consistency_proof(size1, size2)


def flip(h: bytes, bit: int) -> bytes:
    bit %= len(h) * 8
    return h[:bit // 8] + bytes([h[bit // 8] ^ (1 << (bit % 8))]) + h[bit // 8 + 1:]


def test_reference_matches_rfc_example_shape():
    """RFC 9162 §2.1.5: the tree of 7 leaves; PATH(0) has 3 hashes, PROOF(3, 7) has 4, PROOF(4, 7) has 1."""
    D = DATA[:7]
    assert len(PATH(0, D)) == 3 and len(PROOF(3, D)) == 4 and len(PROOF(4, D)) == 1 and len(PROOF(6, D)) == 3


@relaxed
@given(st.integers(0, N))
def test_root_equals_reference(size):
    assert TREE.root(size) == MTH(DATA[:size])


@relaxed
@given(leaf_in_tree())
def test_inclusion_proof_equals_reference(case):
    index, size = case
    proof = TREE.inclusion_proof(index, size)
    assert proof == PATH(index, DATA[:size])
    verify_inclusion(HASH(b"\x00" + DATA[index]), index, size, proof, MTH(DATA[:size]))


@relaxed
@given(two_sizes())
def test_consistency_proof_equals_reference(case):
    size1, size2 = case
    proof = TREE.consistency_proof(size1, size2)
    assert proof == PROOF(size1, DATA[:size2])
    verify_consistency(size1, size2, proof, MTH(DATA[:size1]), MTH(DATA[:size2]))


@st.composite
def mutated_inclusion(draw):
    """A genuine inclusion claim with one mutation: (leaf, index, size, proof, root)."""
    index, size = draw(leaf_in_tree())
    leaf, proof, root = TREE.subtree_hash(0, index), TREE.inclusion_proof(index, size), TREE.root(size)
    noise, bit = draw(st.binary(min_size=32, max_size=32)), draw(st.integers(0, 255))
    kinds = ["leaf", "root", "extend_end", "extend_start", "index", "size"] + (["flip", "truncate_end", "truncate_start"] if proof else [])
    kind = draw(st.sampled_from(kinds))
    if kind == "flip":
        i = draw(st.integers(0, len(proof) - 1))
        proof = proof[:i] + [flip(proof[i], bit)] + proof[i + 1:]
    elif kind in ("leaf", "root"):
        leaf, root = (flip(leaf, bit), root) if kind == "leaf" else (leaf, flip(root, bit))
    elif kind.startswith("truncate"):
        proof = proof[:-1] if kind.endswith("end") else proof[1:]
    elif kind.startswith("extend"):
        proof = proof + [noise] if kind.endswith("end") else [noise] + proof
    elif kind == "index":
        index = draw(st.integers(0, N).filter(lambda i: i != index))
    else:
        size = draw(st.integers(1, N).filter(lambda s: s != size))
        root = TREE.root(size)
    return kind, leaf, index, size, proof, root


@relaxed
@given(mutated_inclusion())
def test_mutated_inclusion_rejected(case):
    kind, leaf, index, size, proof, root = case
    if is_genuine_inclusion(leaf, index, size, proof) and root == TREE.root(size):
        return  # the mutation happened to produce another true claim
    with pytest.raises(ProofError):
        verify_inclusion(leaf, index, size, proof, root)


@st.composite
def mutated_consistency(draw):
    """A genuine consistency claim with one mutation: (size1, size2, proof, root1, root2)."""
    size1, size2 = draw(two_sizes().filter(lambda c: c[0] < c[1]))
    proof, root1, root2 = TREE.consistency_proof(size1, size2), TREE.root(size1), TREE.root(size2)
    noise, bit = draw(st.binary(min_size=32, max_size=32)), draw(st.integers(0, 255))
    kind = draw(st.sampled_from(["flip", "root1", "root2", "swap", "truncate_end", "truncate_start",
                                 "extend_end", "extend_start", "size1", "size2"]))
    if kind == "flip":
        i = draw(st.integers(0, len(proof) - 1))
        proof = proof[:i] + [flip(proof[i], bit)] + proof[i + 1:]
    elif kind in ("root1", "root2"):
        root1, root2 = (flip(root1, bit), root2) if kind == "root1" else (root1, flip(root2, bit))
    elif kind == "swap":
        root1, root2 = root2, root1
    elif kind.startswith("truncate"):
        proof = proof[:-1] if kind.endswith("end") else proof[1:]
    elif kind.startswith("extend"):
        proof = proof + [noise] if kind.endswith("end") else [noise] + proof
    elif kind == "size1":
        size1 = draw(st.integers(0, N).filter(lambda s: s != size1))
        root1 = TREE.root(min(size1, N))
    else:
        size2 = draw(st.integers(0, N).filter(lambda s: s != size2))
        root2 = TREE.root(size2)
    return kind, size1, size2, proof, root1, root2


@relaxed
@given(mutated_consistency())
def test_mutated_consistency_rejected(case):
    kind, size1, size2, proof, root1, root2 = case
    if is_genuine_consistency(size1, size2, proof) and (root1, root2) == (TREE.root(size1), TREE.root(size2)):
        return  # the mutation happened to produce another true claim
    with pytest.raises(ProofError):
        verify_consistency(size1, size2, proof, root1, root2)
