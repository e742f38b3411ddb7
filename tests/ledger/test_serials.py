"""Serial ranges, checked against the obvious model: a plain Python set of integers."""
from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings, strategies as st

from helpers import ranges_of
from ledger import serials
from ledger.errors import InsufficientHolding, InvalidField, RangeNotHeld

UNIVERSE = 80


def check_canonical(ranges) -> None:
    """Sorted, disjoint, non-adjacent, positive, first <= last."""
    assert isinstance(ranges, tuple)
    for first, last in ranges:
        assert 1 <= first <= last
    for (_, last), (first, _) in pairwise(ranges):
        assert first > last + 1


serial_sets = st.sets(st.integers(1, UNIVERSE), max_size=40)


@st.composite
def pieces(draw, serial_set):
    """`serial_set` cut into arbitrary (possibly adjacent) ranges, shuffled."""
    out = []
    for first, last in ranges_of(serial_set):
        cursor = first
        while cursor <= last:
            end = draw(st.integers(cursor, last))
            out.append((cursor, end))
            cursor = end + 1
    return draw(st.permutations(out))


# -- normalize ----------------------------------------------------------------------

@given(st.data(), serial_sets)
def test_normalize_matches_the_set_model(data, serial_set):
    result = serials.normalize(data.draw(pieces(serial_set)))
    check_canonical(result)
    assert result == ranges_of(serial_set)


def test_normalize_accepts_json_lists_and_merges_adjacent():
    assert serials.normalize([[5, 9], [1, 4], [11, 11]]) == ((1, 9), (11, 11))


@pytest.mark.parametrize("bad", [[(3, 5), (5, 7)], [(1, 10), (2, 3)], [(0, 3)], [(-2, -1)], [(5, 4)]])
def test_invalid_normalize(bad):
    with pytest.raises(InvalidField) as info:
        serials.normalize(bad)
    assert info.value.code == "invalid_field"


@given(st.data(), st.lists(st.tuples(st.integers(1, UNIVERSE), st.integers(0, 5)), min_size=1, max_size=5))
def test_normalize_refuses_any_overlap(data, spans):
    ranges = [(first, first + extra) for first, extra in spans]
    first, last = data.draw(st.sampled_from(ranges), label="overlapped")
    shared = data.draw(st.integers(first, last), label="shared serial")
    start = data.draw(st.integers(1, shared), label="start")
    overlapping = (start, data.draw(st.integers(shared, shared + 5), label="end"))
    with pytest.raises(InvalidField):
        serials.normalize(data.draw(st.permutations(ranges + [overlapping])))


# -- count, contains, to_json -------------------------------------------------------

@given(serial_sets, st.integers(0, UNIVERSE + 1))
def test_count_and_contains_match_the_model(serial_set, probe):
    ranges = ranges_of(serial_set)
    assert serials.count(ranges) == len(serial_set)
    assert serials.contains(ranges, probe) == (probe in serial_set)


def test_to_json():
    assert serials.to_json(((1, 3), (7, 7))) == [[1, 3], [7, 7]]
    assert serials.to_json(serials.EMPTY) == []


# -- union ----------------------------------------------------------------------------

@given(serial_sets, serial_sets)
def test_union_of_disjoint_sets_matches_the_model(a, b):
    b = b - a
    result = serials.union(ranges_of(a), ranges_of(b))
    check_canonical(result)
    assert result == ranges_of(a | b)


@given(st.data(), serial_sets.filter(bool), serial_sets)
def test_invalid_union_of_overlapping_sets(data, a, b):
    b = b | {data.draw(st.sampled_from(sorted(a)), label="shared serial")}
    with pytest.raises(InvalidField):
        serials.union(ranges_of(a), ranges_of(b))


# -- take_lowest -----------------------------------------------------------------------

@given(st.data(), serial_sets)
def test_take_lowest_matches_the_model(data, held):
    amount = data.draw(st.integers(0, len(held)))
    taken, rest = serials.take_lowest(ranges_of(held), amount)
    lowest = set(sorted(held)[:amount])
    check_canonical(taken)
    check_canonical(rest)
    assert taken == ranges_of(lowest)
    assert rest == ranges_of(held - lowest)


@given(serial_sets, st.integers(1, 10))
def test_invalid_take_more_than_held(held, extra):
    with pytest.raises(InsufficientHolding) as info:
        serials.take_lowest(ranges_of(held), len(held) + extra)
    assert info.value.code == "insufficient_holding"
    assert f"holding {len(held)} t" in info.value.message


# -- subtract ---------------------------------------------------------------------------

@settings(max_examples=200)
@given(st.data(), serial_sets)
def test_subtract_a_held_part_matches_the_model(data, held):
    part = data.draw(st.sets(st.sampled_from(sorted(held)))) if held else set()
    result = serials.subtract(ranges_of(held), ranges_of(part))
    check_canonical(result)
    assert result == ranges_of(held - part)


@settings(max_examples=200)
@given(st.data(), serial_sets, serial_sets)
def test_invalid_subtract_a_part_not_held(data, held, part):
    part = part | {data.draw(st.integers(1, UNIVERSE + 5).filter(lambda s: s not in held), label="not held")}
    with pytest.raises(RangeNotHeld) as info:
        serials.subtract(ranges_of(held), ranges_of(part))
    assert info.value.code == "range_not_held"


@pytest.mark.parametrize("held, part", [
    (((1, 5), (7, 10)), ((4, 8),)),  # spans a gap
    (((1, 5), (10, 12)), ((7, 8),)),  # lies in a gap
    (((5, 9),), ((1, 2),)),  # before everything
    (((5, 9),), ((11, 12),)),  # after everything
    ((), ((1, 1),)),
])
def test_invalid_subtract_examples(held, part):
    with pytest.raises(RangeNotHeld):
        serials.subtract(held, part)


def test_subtract_everything_leaves_nothing():
    assert serials.subtract(((1, 5), (7, 9)), ((1, 5), (7, 9))) == ()
