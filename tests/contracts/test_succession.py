"""Succession of obligations: unit tests of when a year is open and how two records merge.

The scenarios are in tests/features/court_order.feature (a succession is a court order).
"""
from __future__ import annotations

import pytest

from contracts import succession
from contracts.records import EMPTY_OBLIGATION
from scenario import World, cycle_direct, ms

DEADLINE = "2025-12-31T23:59:59+08:00"


def record(account: str = "A1", **changes) -> dict:
    return {"account": account, "year": 2024, "province": "11", **EMPTY_OBLIGATION, **changes}


@pytest.mark.parametrize("changes, time, expected", [
    ({"verified": 100}, DEADLINE, True),
    ({"verified": 100, "surrendered": 100}, "2026-01-01T00:00:00+08:00", False),
    ({"verified": 100, "surrendered": 60, "offset": 5, "late_surrendered": 34}, "2026-01-01T00:00:00+08:00", True),
    ({"verified": 100, "surrendered": 60, "offset": 5, "late_surrendered": 35}, "2026-01-01T00:00:00+08:00", False),
    ({}, "2026-01-01T00:00:00+08:00", True),
    ({"exempt": True}, "2026-01-01T00:00:00+08:00", False),
])
def test_is_open(changes: dict, time: str, expected: bool) -> None:
    world = World()
    cycle_direct(world.chain, 2024, DEADLINE, ["CEA-2024"])
    assert succession.is_open(world.chain.state, record(**changes), ms(time)) is expected


def test_a_year_without_a_cycle_is_open() -> None:
    assert succession.is_open(World().chain.state, record(verified=1, surrendered=1), ms("2030-01-01T00:00:00+08:00"))


def test_compute_merged_adds_amounts_and_keeps_forced() -> None:
    successor = record("B1", verified=200, allocated=50, shortfall=None, forced=False)
    predecessor = record("A1", verified=800, allocated=300, surrendered=500, shortfall=7, forced=True,
                         succeeded_from=("Z1",))
    merged = succession.compute_merged(successor, predecessor, existed=True)
    assert (merged["account"], merged["province"]) == ("B1", "11")
    assert (merged["verified"], merged["allocated"], merged["surrendered"], merged["shortfall"]) == (1000, 350, 500, 7)
    assert merged["forced"] is True and merged["exempt"] is False
    assert merged["succeeded_from"] == ("A1", "Z1")


def test_compute_merged_keeps_none_when_neither_knows() -> None:
    merged = succession.compute_merged(record("B1"), record("A1"), existed=False)
    assert (merged["verified"], merged["shortfall"], merged["fine_fen"]) == (None, None, None)


@pytest.mark.parametrize("successor_exempt, existed, expected", [(False, True, False), (True, True, True),
                                                                 (False, False, True)])
def test_compute_merged_exempt_only_if_both_were(successor_exempt: bool, existed: bool, expected: bool) -> None:
    merged = succession.compute_merged(record("B1", exempt=successor_exempt), record("A1", exempt=True), existed)
    assert merged["exempt"] is expected
