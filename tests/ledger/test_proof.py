"""MemoryTree and the proof builders: roots agree with the kernel's Merkle code, proofs verify,
bad requests raise, and a table of perfect subtrees kept elsewhere (the node's) serves the same proofs."""
from __future__ import annotations

import pytest

from ledger.errors import BadTreeSize, ConsistencyProofError, InclusionProofError, ProofLengthError, RootMismatch
from ledger.merkle import EMPTY_ROOT, Frontier, leaf_hash, root_of
from ledger.proof import (MemoryTree, compute_consistency_proof, compute_inclusion_proof, compute_new_subtrees,
                          compute_root)
from ledger.verify import consistency_length, verify_consistency, verify_inclusion

N = 70
LEAF_HASHES = [leaf_hash(b"entry %d" % i) for i in range(N)]


@pytest.fixture(scope="module")
def tree() -> MemoryTree:
    t = MemoryTree()
    for h in LEAF_HASHES:
        t.append(h)
    return t


class TableSource:
    """A perfect-subtree table as the node keeps it: rows (level, index) -> hash, filled on append."""

    def __init__(self) -> None:
        self.rows: dict[tuple[int, int], bytes] = {}
        self.size = 0

    def subtree_hash(self, level: int, index: int) -> bytes:
        return self.rows[(level, index)]

    def append(self, h: bytes) -> None:
        for level, index, value in compute_new_subtrees(self, self.size, h):
            self.rows[(level, index)] = value
        self.size += 1


def test_append_returns_index():
    t = MemoryTree()
    assert [t.append(h) for h in LEAF_HASHES[:3]] == [0, 1, 2]
    assert t.size == 3


def test_root_empty():
    assert MemoryTree().root() == EMPTY_ROOT


def test_root_matches_root_of_and_frontier(tree):
    frontier = Frontier()
    for size in range(N + 1):
        assert tree.root(size) == root_of(LEAF_HASHES[:size]) == frontier.root()
        if size < N:
            frontier = frontier.append(LEAF_HASHES[size])


def test_every_inclusion_proof_verifies(tree):
    for size in range(1, N + 1):
        root = tree.root(size)
        for index in range(size):
            verify_inclusion(LEAF_HASHES[index], index, size, tree.inclusion_proof(index, size), root)


def test_every_consistency_proof_verifies(tree):
    for size2 in range(1, N + 1):
        for size1 in range(1, size2 + 1):
            proof = tree.consistency_proof(size1, size2)
            assert len(proof) == (consistency_length(size1, size2) if size1 < size2 else 0)
            verify_consistency(size1, size2, proof, tree.root(size1), tree.root(size2))


def test_proof_is_logarithmic(tree):
    assert max(len(tree.inclusion_proof(i, N)) for i in range(N)) <= (N - 1).bit_length()
    assert max(len(tree.consistency_proof(m, N)) for m in range(1, N)) <= 2 * (N - 1).bit_length()


def test_memory_tree_stores_only_perfect_subtrees(tree):
    assert [len(level) for level in tree._levels] == [N >> k for k in range(len(tree._levels))]


def test_table_source_serves_same_roots_and_proofs(tree):
    table = TableSource()
    for h in LEAF_HASHES:
        table.append(h)
    assert len(table.rows) == sum(N >> k for k in range(N.bit_length()))
    for size in (3, 5, 64, 65, N):
        assert compute_root(table, size) == tree.root(size)
        assert compute_inclusion_proof(table, size - 1, size) == tree.inclusion_proof(size - 1, size)
        assert compute_consistency_proof(table, 3, size) == tree.consistency_proof(3, size)


def test_compute_new_subtrees_completes_levels():
    table = TableSource()
    for h in LEAF_HASHES[:7]:
        table.append(h)
    new = compute_new_subtrees(table, 7, LEAF_HASHES[7])
    assert [(level, index) for level, index, _ in new] == [(0, 7), (1, 3), (2, 1), (3, 0)]
    assert new[-1][2] == root_of(LEAF_HASHES[:8])


@pytest.mark.parametrize("index,size", [(-1, 5), (5, 5), (0, 0), (9, 3)])
def test_invalid_inclusion_request(tree, index, size):
    with pytest.raises(InclusionProofError):
        tree.inclusion_proof(index, size)


@pytest.mark.parametrize("size1,size2", [(0, 5), (6, 5), (-1, 3)])
def test_invalid_consistency_request(tree, size1, size2):
    with pytest.raises(ConsistencyProofError):
        tree.consistency_proof(size1, size2)


@pytest.mark.parametrize("call", [lambda t: t.root(N + 1), lambda t: t.inclusion_proof(0, N + 1),
                                  lambda t: t.consistency_proof(1, N + 1), lambda t: t.root(-1)])
def test_invalid_size_beyond_log(tree, call):
    with pytest.raises(BadTreeSize):
        call(tree)


def test_consistency_same_size_is_empty(tree):
    assert tree.consistency_proof(9, 9) == []


def test_root_mismatch_carries_both_roots(tree):
    proof = tree.inclusion_proof(3, 10)
    with pytest.raises(RootMismatch) as err:
        verify_inclusion(LEAF_HASHES[3], 3, 10, proof, tree.root(11))
    assert err.value.expected == tree.root(11)
    assert err.value.calculated == tree.root(10)
    assert err.value.code == "root_mismatch"


def test_proof_length_error_carries_counts(tree):
    proof = tree.inclusion_proof(3, 10)
    with pytest.raises(ProofLengthError) as err:
        verify_inclusion(LEAF_HASHES[3], 3, 10, proof[:-1], tree.root(10))
    assert (err.value.expected, err.value.got) == (len(proof), len(proof) - 1)
