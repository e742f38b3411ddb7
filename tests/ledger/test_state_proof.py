"""State proofs offline (ledger/state_proof.py): a present key, an absent one (before the first entry, between two,
after the last, in an empty state), and every way a changed proof must fail, each with its stable code.

Proofs are built by the node's builder over a small sorted state (tests/state_proof_cases.py), with a header
signed by one validator; negatives are made by changing a good proof.
"""
from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.errors import LedgerError, ProofError
from ledger.state_proof import is_prefix_empty, verify_state_proof
from state_proof_cases import BETWEEN, FIRST, LAST, MIDDLE, ORIGIN, STATE, TRUST, WITNESSED, checkpoint_note, prove

def code_of(doc: dict[str, Any]) -> str:
    """The code verify_state_proof refuses `doc` with."""
    with pytest.raises(ProofError) as info:
        verify_state_proof(doc, TRUST)
    return info.value.code


@pytest.mark.parametrize("key", [FIRST, MIDDLE, LAST])
def test_present_key_verifies_with_its_value(key: str) -> None:
    verified = verify_state_proof(prove(STATE, key), TRUST)
    assert (verified.present, verified.key, verified.value) == (True, key, STATE[key])
    assert verified.header.state_size == 5 and verified.signers == (f"{ORIGIN}/v1",)


@pytest.mark.parametrize("key, left, right", [
    ("a", None, 0),  # below the first entry
    (BETWEEN, 0, 1),
    ("participant/B", 3, 4),
    ("zzz", 4, None),  # above the last entry
    ("nonce/A0", 2, 3),  # a longer key that sorts just after a present one
    ("", None, 0),
])
def test_absent_key_verifies_between_adjacent_neighbours(key: str, left: int | None, right: int | None) -> None:
    doc = prove(STATE, key)
    assert doc["present"] is False and "value" not in doc
    assert [(n or {}).get("index") for n in (doc["left"], doc["right"])] == [left, right]
    verified = verify_state_proof(doc, TRUST)
    assert (verified.present, verified.key, verified.value) == (False, key, None)


def test_absent_key_in_an_empty_state_verifies_against_the_empty_tree() -> None:
    doc = prove({}, "holding/A/CEA-2024")
    assert (doc["left"], doc["right"], doc["tree_size"]) == (None, None, 0)
    assert verify_state_proof(doc, TRUST).present is False


@pytest.mark.parametrize("key", ["a", "m", "zz"])
def test_absent_key_in_a_one_entry_state(key: str) -> None:
    assert verify_state_proof(prove({"m0": 1}, key), TRUST).present is (key == "m0")


def _neighbour(side: str, change: Any) -> Any:
    def mutate(doc: dict[str, Any]) -> None:
        change(doc[side])
    return mutate


@pytest.mark.parametrize("key, mutate, code", [
    (BETWEEN, _neighbour("left", lambda n: n.update(value={"available": [[1, 11]]})), "root_mismatch"),
    (BETWEEN, _neighbour("right", lambda n: n.update(key="holding/Bz/CEA-2024")), "root_mismatch"),
    (BETWEEN, _neighbour("right", lambda n: n["audit_path"].pop()), "proof_length"),
    (BETWEEN, _neighbour("left", lambda n: n.update(index=1)), "not_adjacent"),
    (BETWEEN, lambda d: d.update(left=None), "not_adjacent"),  # the right one is entry 1, not the first
    ("zzz", lambda d: d.update(left=None), "not_adjacent"),  # a non-empty state needs a neighbour
    ("a", lambda d: d.update(right=None), "not_adjacent"),
    (BETWEEN, lambda d: d.update(left=d["right"], right=d["left"]), "not_adjacent"),
    (BETWEEN, lambda d: d.update(tree_size=6), "state_size_mismatch"),
    (BETWEEN, lambda d: d["header"].update(state_size=6), "header_mismatch"),  # the commit signs another header
    (BETWEEN, lambda d: d.update(present="no"), "malformed_proof"),
    (BETWEEN, lambda d: d.pop("right"), "malformed_proof"),
    (BETWEEN, _neighbour("left", lambda n: n.update(index="0")), "malformed_proof"),
    (BETWEEN, _neighbour("left", lambda n: n.pop("value")), "malformed_proof"),
    (MIDDLE, lambda d: d.update(value=4), "root_mismatch"),
    (MIDDLE, lambda d: d.update(tree_size=4), "state_size_mismatch"),
])
def test_invalid_changed_proof(key: str, mutate: Any, code: str) -> None:
    doc = copy.deepcopy(prove(STATE, key))
    mutate(doc)
    assert code_of(doc) == code


def test_invalid_non_adjacent_neighbours_that_each_verify() -> None:
    # entries 0 and 2 are both in the tree, and "holding/B…" sorts between them, but entry 1 lies between too
    doc = prove(STATE, BETWEEN)
    doc["right"] = prove(STATE, "nonce/0")["right"]
    assert doc["right"]["index"] == 2
    assert code_of(doc) == "not_adjacent"


def _as_absent(key: str, left: str | None, right: str | None) -> dict[str, Any]:
    """A present key's proof turned into a claim of absence with the entries `left` and `right` as neighbours."""
    doc = {k: v for k, v in prove(STATE, key).items() if k not in ("value", "index", "audit_path", "leaf")}
    entry = lambda k: {n: v for n, v in prove(STATE, k).items() if n in ("key", "value", "index", "audit_path")}  # noqa: E731
    return {**doc, "present": False, "left": entry(left) if left else None, "right": entry(right) if right else None}


@pytest.mark.parametrize("key, left, right, code", [
    (MIDDLE, "holding/C/CEA-2024", "participant/A", "not_adjacent"),  # around it: entries 1 and 3
    (MIDDLE, MIDDLE, "participant/A", "key_not_between"),  # itself as the left neighbour
    (MIDDLE, "holding/C/CEA-2024", MIDDLE, "key_not_between"),  # itself as the right neighbour
    (FIRST, None, FIRST, "key_not_between"),
    (LAST, LAST, None, "key_not_between"),
])
def test_invalid_present_key_presented_as_absent(key: str, left: str | None, right: str | None, code: str) -> None:
    assert code_of(_as_absent(key, left, right)) == code


def test_invalid_header_whose_state_size_is_not_its_trees_even_when_signed() -> None:
    # The last entry is the last only in a tree of the signed size: with a header that says 6 entries, entry 4 of
    # a tree of 5 is not shown to be the last, whatever its audit path
    doc = prove(STATE, "zzz")
    hidden = prove(STATE, "zzz", state_size=6)
    assert code_of({**doc, "tree_size": 6, "header": hidden["header"], "commit": hidden["commit"]}) == "not_adjacent"
    assert code_of({**hidden, "tree_size": 5}) == "state_size_mismatch"


def test_invalid_empty_state_with_another_root() -> None:
    assert code_of(prove({}, "k", state_root=bytes(32))) == "root_mismatch"
    assert code_of({**prove({}, "k", state_size=1), "tree_size": 1}) == "not_adjacent"


NOW = 1_800_000_000  # POSIX seconds


@pytest.mark.parametrize("witnessed_at, trust, max_age, code", [
    (None, TRUST, None, "ok"),  # the checkpoint sent with it is of the header's log
    (NOW - 5, WITNESSED, 60, "ok"),
    (NOW - 5, WITNESSED, None, "ok"),
    ("none", TRUST, None, "ok"),  # no checkpoint and no witness policy: the header's commit alone
    ("none", WITNESSED, None, "no_witness_quorum"),  # only a checkpoint carries witness cosignatures
    (None, WITNESSED, None, "no_witness_quorum"),
    ("none", TRUST, 60, "stale_checkpoint"),
    (None, TRUST, 60, "stale_checkpoint"),  # no witness: nothing tells its age
    (NOW - 90, WITNESSED, 60, "stale_checkpoint"),
])
def test_an_absence_proof_meets_the_witness_policy_and_the_maximum_age(witnessed_at, trust, max_age, code) -> None:
    doc = prove(STATE, BETWEEN)
    doc["checkpoint"] = None if witnessed_at == "none" else checkpoint_note(doc, witnessed_at)
    try:
        verified = verify_state_proof(doc, trust, now=NOW, max_age=max_age)
        assert verified.present is False and (verified.checkpoint is None) == (witnessed_at == "none")
        result = "ok"
    except LedgerError as exc:
        result = exc.code
    assert result == code


def test_a_checkpoint_of_another_log_size_is_refused() -> None:
    doc = prove(STATE, BETWEEN)
    doc["checkpoint"] = checkpoint_note({"header": {**doc["header"], "log_size": 11}})
    assert code_of(doc) == "header_mismatch"


@pytest.mark.parametrize("prefix, empty", [
    ("holding/B/", True), ("holding/", False), ("holding/A/", False), ("participant/C/", True), ("zz/", True),
    ("", False),
])
def test_an_absent_prefix_with_no_key_above_it_that_starts_with_it(prefix: str, empty: bool) -> None:
    verified = verify_state_proof(prove(STATE, prefix), TRUST)
    assert is_prefix_empty(verified) is empty is (not any(k.startswith(prefix) for k in STATE))


def test_a_present_key_is_no_empty_prefix() -> None:
    assert not is_prefix_empty(verify_state_proof(prove(STATE, MIDDLE), TRUST))


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.text(min_size=0, max_size=4), st.integers(0, 9), max_size=12), st.text(max_size=4))
def test_any_key_is_proven_present_or_absent_as_the_state_says(entries: dict[str, int], key: str) -> None:
    verified = verify_state_proof(prove(entries, key), TRUST)
    assert (verified.present, verified.value) == ((True, entries[key]) if key in entries else (False, None))
    assert is_prefix_empty(verified) == (not any(k.startswith(key) for k in entries))
