"""Serial ranges: a set of tonnes as sorted, disjoint, non-adjacent inclusive ranges.

A `Ranges` value is a tuple of `(first, last)` pairs with `first <= last`; it is never
mutated. Splitting is deterministic: `take_lowest` takes the lowest serials first.
"""
from __future__ import annotations

from typing import Iterable

from .errors import InsufficientHolding, InvalidField, RangeNotHeld

Range = tuple[int, int]
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
    """The union of two disjoint range sets. Requires `a` and `b` disjoint."""
    if not a:
        return b
    if not b:
        return a
    return normalize(a + b)


def take_lowest(held: Ranges, amount: int) -> tuple[Ranges, Ranges]:
    """Split `held` into (the lowest `amount` serials, the rest). Raise InsufficientHolding."""
    total = count(held)
    if amount > total:
        raise InsufficientHolding(f"holding {total} t < requested {amount} t")
    taken: list[Range] = []
    need = amount
    i = 0
    while need > 0:
        first, last = held[i]
        size = last - first + 1
        if size <= need:
            taken.append((first, last))
            need -= size
            i += 1
        else:
            taken.append((first, first + need - 1))
            return tuple(taken), ((first + need, last),) + held[i + 1:]
    return tuple(taken), held[i:]


def subtract(held: Ranges, part: Ranges) -> Ranges:
    """`held` without `part`. Raise RangeNotHeld unless every range of `part` lies in `held`."""
    out: list[Range] = []
    j = 0
    for first, last in held:
        cursor = first
        while j < len(part) and part[j][0] <= last:
            p_first, p_last = part[j]
            if p_first < cursor or p_last > last:
                raise RangeNotHeld(f"serials [{p_first}, {p_last}] are not all held here")
            if p_first > cursor:
                out.append((cursor, p_first - 1))
            cursor = p_last + 1
            j += 1
        if cursor <= last:
            out.append((cursor, last))
    if j < len(part):
        raise RangeNotHeld(f"serials [{part[j][0]}, {part[j][1]}] are not held here")
    return tuple(out)


def contains(ranges: Ranges, serial: int) -> bool:
    """True when `serial` lies in one of `ranges`."""
    return any(first <= serial <= last for first, last in ranges)


def to_json(ranges: Ranges) -> list[list[int]]:
    """Ranges as a JSON list of `[first, last]` pairs."""
    return [[first, last] for first, last in ranges]
