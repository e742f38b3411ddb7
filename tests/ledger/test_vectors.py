"""Every RFC 6962/9162 proof vector of transparency-dev/merkle: happy paths verify, the rest raise.

The 196 files live in tests/vectors/transparency-dev-merkle with their licence (set
TANLEDGER_MERKLE_VECTORS to read them elsewhere); see that folder's README.
"""
from __future__ import annotations

import base64
import json
import os
from pathlib import Path

import pytest

from ledger.errors import (ConsistencyProofError, InclusionProofError, MalformedProof, ProofError,
                           ProofLengthError, RootMismatch)
from ledger.merkle import leaf_hash
from ledger.proof import MemoryTree
from ledger.verify import verify_consistency, verify_inclusion

VECTORS = Path(os.environ.get("TANLEDGER_MERKLE_VECTORS",
                              Path(__file__).resolve().parents[1] / "vectors" / "transparency-dev-merkle"))
FILES = sorted(VECTORS.glob("*/**/*.json"))
# The 8 leaves of transparency-dev/merkle testonly/constants.go, behind every happy path.
LEAVES = [bytes.fromhex(h) for h in ("", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                                     "606162636465666768696a6b6c6d6e6f")]

# The specific error each kind of mutation must raise, where the kind alone decides it.
EXPECTED = {
    ("inclusion", "modified proof"): RootMismatch,
    ("inclusion", "random root"): RootMismatch,
    ("inclusion", "wrong leaf"): MalformedProof,
    ("inclusion", "preceding garbage"): MalformedProof,
    ("inclusion", "trailing garbage"): MalformedProof,
    ("inclusion", "preceding root"): ProofLengthError,
    ("inclusion", "trailing root"): ProofLengthError,
    ("inclusion", "inserted component"): ProofLengthError,
    ("inclusion", "removed component"): ProofLengthError,
    ("inclusion", "treeSize mul"): ProofLengthError,
    ("consistency", "modified proof"): RootMismatch,
    ("consistency", "swapped roots"): RootMismatch,
    ("consistency", "wrong root1"): MalformedProof,
    ("consistency", "wrong root2"): MalformedProof,
    ("consistency", "preceding garbage"): MalformedProof,
    ("consistency", "trailing garbage"): MalformedProof,
    ("consistency", "empty proof"): ProofLengthError,
    ("consistency", "truncated proof"): ProofLengthError,
    ("consistency", "preceding proof"): ProofLengthError,
    ("consistency", "preceding root1"): ProofLengthError,
    ("consistency", "preceding root2"): ProofLengthError,
    ("consistency", "trailing root1"): ProofLengthError,
    ("consistency", "trailing root2"): ProofLengthError,
    ("consistency", "size2 mul"): ProofLengthError,
    ("consistency", "size1 is greater than size2"): ConsistencyProofError,
    ("consistency", "size1 is zero and size2 is not zero"): ConsistencyProofError,
    ("consistency", "consistency check on empty tree (size1 is zero) is useless"): ConsistencyProofError,
    ("consistency", "sizes are equal (zero) and proof is empty"): ConsistencyProofError,
    ("consistency", "sizes are equal (one) but roots are not"): RootMismatch,
    ("consistency", "sizes match but proof is not empty and sizes are one"): ProofLengthError,
}


def _b64(text: str) -> bytes:
    return base64.b64decode(text)


def _load(path: Path) -> tuple[str, dict]:
    return path.relative_to(VECTORS).parts[0], json.loads(path.read_text())


def _run(kind: str, v: dict) -> None:
    proof = [_b64(p) for p in v["proof"] or []]
    if kind == "inclusion":
        verify_inclusion(_b64(v["leafHash"]), v["leafIdx"], v["treeSize"], proof, _b64(v["root"]))
    else:
        verify_consistency(v["size1"], v["size2"], proof, _b64(v["root1"]), _b64(v["root2"]))


def _category(desc: str) -> str:
    return desc.split(" @")[0].split("[")[0].split("@")[0].strip()


def test_vectors_all_present():
    assert len(FILES) == 196, f"expected the 196 vector files under {VECTORS}"
    kinds = [_load(f)[0] for f in FILES]
    assert kinds.count("inclusion") == 98 and kinds.count("consistency") == 98


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(VECTORS)))
def test_vector(path: Path):
    kind, v = _load(path)
    if not v["wantErr"]:
        _run(kind, v)
        return
    expected = EXPECTED.get((kind, _category(v["desc"])), ProofError)
    with pytest.raises(expected):
        _run(kind, v)


def test_vectors_errors_are_specific():
    """Most negative vectors are caught by a specific check, not only as some ProofError."""
    specific = [f for f in FILES if _load(f)[1]["wantErr"] and (_load(f)[0], _category(_load(f)[1]["desc"])) in EXPECTED]
    assert len(specific) >= 120


HAPPY = [f for f in FILES if json.loads(f.read_text())["desc"] == "happy path"]


@pytest.mark.parametrize("path", HAPPY, ids=lambda p: str(p.relative_to(VECTORS)))
def test_memory_tree_builds_vector_happy_paths(path: Path):
    """The tree of the 8 known leaves produces exactly the roots and proofs of the happy paths."""
    kind, v = _load(path)
    tree = MemoryTree()
    for leaf in LEAVES:
        tree.append(leaf_hash(leaf))
    proof = [_b64(p) for p in v["proof"] or []]
    if kind == "inclusion":
        assert leaf_hash(LEAVES[v["leafIdx"]]) == _b64(v["leafHash"])
        assert tree.root(v["treeSize"]) == _b64(v["root"])
        assert tree.inclusion_proof(v["leafIdx"], v["treeSize"]) == proof
    else:
        assert (tree.root(v["size1"]), tree.root(v["size2"])) == (_b64(v["root1"]), _b64(v["root2"]))
        assert tree.consistency_proof(v["size1"], v["size2"]) == proof


def test_happy_paths_count():
    assert len(HAPPY) == 10


def test_inclusion_error_for_index_outside_tree():
    with pytest.raises(InclusionProofError):
        verify_inclusion(bytes(32), 1, 1, [], bytes(32))
