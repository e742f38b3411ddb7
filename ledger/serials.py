"""Serial ranges: a set of tonnes as sorted, disjoint, non-adjacent inclusive ranges.

A `Ranges` value is a tuple of `(first, last)` pairs with `first <= last`; it is never
mutated. Splitting is deterministic: `take_lowest` takes the lowest serials first.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable

from .errors import InsufficientHolding, InvalidField, RangeNotHeld

Range = tuple[int, int]
_MAX = float("inf")  # compares above every serial
Ranges = tuple[Range, ...]
EMPTY: Ranges = ()


def count(ranges: Ranges) -> int:
    """The number of tonnes in `ranges`."""
    return sum(last - first + 1 for first, last in ranges)


def normalize(ranges: Iterable[Iterable[int]]) -> Ranges:
    """Sort, check disjointness and merge adjacent ranges. Raise InvalidField on overlap or bad bounds."""
    items = sorted((int(a), int(b)) for a, b in ranges)
    out: list[Range] = []
    for first, last in items:
        if first < 1 or last < first:
            raise InvalidField(f"serial range [{first}, {last}] is not a range of positive serials")
        if out and first <= out[-1][1]:
            raise InvalidField(f"serial ranges overlap at {first}")
        if out and first == out[-1][1] + 1:
            out[-1] = (out[-1][0], last)
        else:
            out.append((first, last))
    return tuple(out)


def union(a: Ranges, b: Ranges) -> Ranges:
    """The union of two disjoint range sets; raise InvalidField if they overlap.

    Each range of the smaller set is placed by binary search and merged with its neighbours,
    so adding a few ranges to a fragmented holding costs O(log n) comparisons, not a sort.
    """
    if not a:
        return b
    if not b:
        return a
    if len(b) > len(a):
        a, b = b, a
    out = list(a)
    for first, last in b:
        _insert(out, first, last)
    return tuple(out)


def _insert(out: list[Range], first: int, last: int) -> None:
    i = bisect_left(out, (first, first))
    # Verify the new range overlaps neither neighbour
    if (i > 0 and out[i - 1][1] >= first) or (i < len(out) and out[i][0] <= last):
        raise InvalidField(f"serial ranges overlap at [{first}, {last}]")
    joins_left = i > 0 and out[i - 1][1] + 1 == first
    joins_right = i < len(out) and out[i][0] == last + 1
    if joins_left and joins_right:
        out[i - 1:i + 1] = [(out[i - 1][0], out[i][1])]
    elif joins_left:
        out[i - 1] = (out[i - 1][0], last)
    elif joins_right:
        out[i] = (first, out[i][1])
    else:
        out.insert(i, (first, last))


def take_lowest(held: Ranges, amount: int) -> tuple[Ranges, Ranges]:
    """Split `held` into (the lowest `amount` serials, the rest). Raise InsufficientHolding."""
    if amount == 0:
        return EMPTY, held
    need = amount
    for i, (first, last) in enumerate(held):
        size = last - first + 1
        if size < need:
            need -= size
        elif size == need:
            return held[:i + 1], held[i + 1:]
        else:
            return held[:i] + ((first, first + need - 1),), ((first + need, last),) + held[i + 1:]
    raise InsufficientHolding(f"holding {count(held)} t < requested {amount} t")


def subtract(held: Ranges, part: Ranges) -> Ranges:
    """`held` without `part`. Raise RangeNotHeld unless every range of `part` lies in `held`.

    Requires both normalized: a held run of serials then lies inside one range of `held`, found
    by binary search.
    """
    out = list(held)
    for p_first, p_last in part:
        i = bisect_right(out, (p_first, _MAX)) - 1
        # Verify the range lies inside one held range
        if i < 0 or p_last > out[i][1]:
            raise RangeNotHeld(f"serials [{p_first}, {p_last}] are not all held here")
        first, last = out[i]
        out[i:i + 1] = [r for r in ((first, p_first - 1), (p_last + 1, last)) if r[0] <= r[1]]
    return tuple(out)


def contains(ranges: Ranges, serial: int) -> bool:
    """True when `serial` lies in one of `ranges`."""
    return any(first <= serial <= last for first, last in ranges)


def to_json(ranges: Ranges) -> list[list[int]]:
    """Ranges as a JSON list of `[first, last]` pairs."""
    return [[first, last] for first, last in ranges]
