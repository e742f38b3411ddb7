"""RFC 9162 Merkle hashing: the fast root and the log frontier against a slow recursive reference."""
from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, strategies as st

from ledger.merkle import EMPTY_ROOT, Frontier, leaf_hash, node_hash, root_of
from mth_reference import mth

ENTRIES = [f"entry {i}".encode() for i in range(200)]

# The eight leaves of the RFC 6962 / Certificate Transparency reference test, and the
# root of every prefix (from the CT and transparency-dev/merkle test suites).
CT_LEAVES = [bytes.fromhex(h) for h in (
    "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f",
)]
CT_ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]


def test_hash_definitions():
    assert leaf_hash(b"abc") == hashlib.sha256(b"\x00abc").digest()
    assert node_hash(b"L" * 32, b"R" * 32) == hashlib.sha256(b"\x01" + b"L" * 32 + b"R" * 32).digest()
    assert EMPTY_ROOT == hashlib.sha256(b"").digest() == mth([])


@pytest.mark.parametrize("size", range(1, 9))
def test_ct_reference_vectors(size):
    leaves = [leaf_hash(d) for d in CT_LEAVES[:size]]
    assert mth(CT_LEAVES[:size]).hex() == CT_ROOTS[size - 1]
    assert root_of(leaves).hex() == CT_ROOTS[size - 1]


def test_frontier_and_root_of_equal_the_reference_for_sizes_0_to_200():
    frontier = Frontier()
    for size in range(201):
        expected = mth(ENTRIES[:size])
        assert frontier.size == size
        assert frontier.root() == expected, f"frontier root at size {size}"
        assert root_of([leaf_hash(e) for e in ENTRIES[:size]]) == expected, f"root_of at size {size}"
        assert len(frontier.hashes) == bin(size).count("1")
        if size < 200:
            frontier = frontier.append(leaf_hash(ENTRIES[size]))


@given(st.lists(st.binary(max_size=8), max_size=70))
def test_root_of_equals_the_reference_on_random_entries(entries):
    assert root_of([leaf_hash(e) for e in entries]) == mth(entries)


@given(st.lists(st.binary(max_size=8), max_size=70))
def test_frontier_equals_the_reference_on_random_entries(entries):
    frontier = Frontier()
    for entry in entries:
        frontier = frontier.append(leaf_hash(entry))
    assert frontier.root() == mth(entries)


def test_frontier_is_immutable_and_append_returns_a_new_one():
    empty = Frontier()
    one = empty.append(leaf_hash(b"a"))
    assert (empty.size, empty.hashes) == (0, ())
    assert one.size == 1 and one.root() == mth([b"a"])


@pytest.mark.parametrize("size", [0, 1, 2, 7, 64, 200])
def test_frontier_json_round_trip(size):
    frontier = Frontier()
    for entry in ENTRIES[:size]:
        frontier = frontier.append(leaf_hash(entry))
    again = Frontier.from_json(frontier.to_json())
    assert again == frontier
    assert again.append(leaf_hash(b"next")).root() == mth(ENTRIES[:size] + [b"next"])
