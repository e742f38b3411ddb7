"""The ledger state: reads, writes, transactions, changes, and a root that equals a from-scratch tree."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from ledger.encoding import canonical
from ledger.merkle import EMPTY_ROOT
from ledger.state import State
from mth_reference import mth


def reference_root(entries: dict) -> bytes:
    """RFC 9162 root over jcs([key, value]) leaves in key order, computed from nothing."""
    return mth([canonical([key, entries[key]]) for key in sorted(entries)])


# -- reads and writes ---------------------------------------------------------------------

def test_get_put_delete():
    state = State()
    state.put("a", 1)
    state.put("b", {"x": (1, 2)})
    assert state.get("a") == 1 and state.get("b") == {"x": (1, 2)}
    assert state.get("zz") is None and state.get("zz", 5) == 5
    state.put("a", None)
    assert "a" not in state and len(state) == 1
    state.put("never", None)  # deleting a missing key is a no-op
    assert len(state) == 1


def test_scan_returns_the_prefix_in_key_order():
    state = State({"holding/B/x": 2, "holding/A/y": 1, "holding/A/x": 0, "holdings": 9, "nonce/A": 3})
    assert list(state.scan("holding/A/")) == [("holding/A/x", 0), ("holding/A/y", 1)]
    assert [k for k, _ in state.scan("holding/")] == ["holding/A/x", "holding/A/y", "holding/B/x"]
    state.put("holding/A/w", 5)
    state.put("holding/B/x", None)
    assert [k for k, _ in state.scan("holding/")] == ["holding/A/w", "holding/A/x", "holding/A/y"]
    assert list(state.scan("zzz")) == []


# -- transactions ----------------------------------------------------------------------------

def test_rollback_restores_updates_inserts_and_deletes():
    state = State({"keep": 1, "update": 2, "delete": 3})
    root = state.root()
    state.begin()
    state.put("update", 20)
    state.put("update", 200)
    state.put("delete", None)
    state.put("insert", 4)
    state.put("insert", None)
    state.put("insert2", 5)
    state.emit({"op": "x"})
    state.rollback()
    assert dict(state.items()) == {"keep": 1, "update": 2, "delete": 3}
    assert [k for k, _ in state.scan("")] == ["delete", "keep", "update"]
    assert state.pending_events() == []
    assert state.root() == root == reference_root({"keep": 1, "update": 2, "delete": 3})


def test_commit_keeps_writes_and_returns_events():
    state = State({"a": 1})
    state.begin()
    state.put("a", 2)
    state.emit({"op": "one"})
    state.emit({"op": "two"})
    assert state.pending_events() == [{"op": "one"}, {"op": "two"}]
    assert state.commit() == [{"op": "one"}, {"op": "two"}]
    assert state.get("a") == 2
    state.begin()
    assert state.pending_events() == []
    state.rollback()
    assert state.get("a") == 2


def test_rollback_after_root_inside_the_transaction_restores_the_root():
    state = State({"a": 1, "b": 2})
    before = state.root()
    state.begin()
    state.put("a", 5)
    state.root()
    state.rollback()
    assert state.root() == before == reference_root({"a": 1, "b": 2})


def test_rollback_after_take_changes_inside_the_transaction_reports_the_restored_value():
    state = State({"a": 1})
    state.take_changes()
    state.begin()
    state.put("a", 5)
    state.take_changes()
    state.rollback()
    assert state.take_changes() == {"a": 1}


# -- take_changes ---------------------------------------------------------------------------------

def test_take_changes_reports_writes_and_deletes_once():
    state = State({"a": 1, "b": 2})
    assert state.take_changes() == {"a": 1, "b": 2}
    assert state.take_changes() == {}
    state.put("a", 10)
    state.put("b", None)
    state.put("c", 3)
    state.put("c", 4)
    assert state.take_changes() == {"a": 10, "b": None, "c": 4}
    assert state.take_changes() == {}


def test_take_changes_reports_a_key_inserted_then_deleted_as_deleted():
    state = State()
    state.put("tmp", 1)
    state.put("tmp", None)
    assert state.take_changes() == {"tmp": None}


# -- the root: Hypothesis against a from-scratch tree ------------------------------------------------

def test_root_of_an_empty_state():
    assert State().root() == EMPTY_ROOT
    state = State({"a": 1})
    state.put("a", None)
    assert state.root() == EMPTY_ROOT


keys = st.sampled_from([f"k/{i:02d}" for i in range(24)] + ["a", "z", "k/", "k/01/x"])
values = st.none() | st.integers(-5, 5) | st.text(max_size=3) | st.tuples(st.integers(0, 3), st.integers(0, 3))
writes = st.lists(st.tuples(keys, values), max_size=8)
steps = st.lists(st.tuples(writes, st.sampled_from(["commit", "rollback", "bare"]), st.booleans()), max_size=12)


@settings(max_examples=300)
@given(st.dictionaries(keys, values.filter(lambda v: v is not None), max_size=10), steps)
def test_root_equals_a_from_scratch_root_after_random_operations(initial, steps):
    state = State(initial)
    model = dict(initial)
    for batch, ending, take_root in steps:
        if ending != "bare":
            state.begin()
        trial = dict(model)
        for key, value in batch:
            state.put(key, value)
            if value is None:
                trial.pop(key, None)
            else:
                trial[key] = value
        if ending == "rollback":
            state.rollback()
        else:
            if ending == "commit":
                state.commit()
            model = trial
        assert dict(state.items()) == model
        assert [k for k, _ in state.scan("k/")] == sorted(k for k in model if k.startswith("k/"))
        if take_root:
            assert state.root() == reference_root(model)
    assert state.root() == reference_root(model)
    # Every key that differs from the initial entries is reported (initial ones too: they were never
    # persisted); a key may be reported without a net change, but always with its current value.
    changes = state.take_changes()
    assert {k for k in set(model) | set(initial) if model.get(k) != initial.get(k)} <= set(changes)
    assert set(initial) <= set(changes)
    assert all(value == model.get(key) for key, value in changes.items())
