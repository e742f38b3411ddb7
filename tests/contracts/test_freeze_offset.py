"""Freeze offset: the feature file's scenarios plus unit tests of its shape checks and the pending offset helpers."""
from __future__ import annotations

import pytest
from pytest_bdd import scenarios

from contracts import freeze_offset
from contracts.pending_offset import compute_overlap
from ledger.errors import InvalidField

from compliance_steps import *  # noqa: F403 (the steps the compliance features share)
from offset_steps import *  # noqa: F403 (the steps the offset features share)

scenarios("../features/freeze_offset.feature")


def body(**changes) -> dict:
    return {"account": "A1", "year": 2024, "instrument": "CCER-P1-2024", "amount": 1, **changes}


@pytest.mark.parametrize("bad", [
    body(amount=0), body(amount="1"), body(year=2012), body(instrument="ccer"), body(extra=1),
    {"account": "A1", "year": 2024, "instrument": "CCER-P1-2024"}, body(ranges=[[1, 2]]),
])
def test_invalid_shape(bad: dict) -> None:
    with pytest.raises(InvalidField):
        freeze_offset.check_shape(bad)


@pytest.mark.parametrize("a, b, both", [
    (((1, 10),), ((5, 20),), ((5, 10),)),
    (((1, 3), (7, 9)), ((2, 8),), ((2, 3), (7, 8))),
    (((1, 3),), ((4, 6),), ()),
    ((), ((1, 2),), ()),
])
def test_compute_overlap(a, b, both) -> None:
    assert compute_overlap(a, b) == both == compute_overlap(b, a)
