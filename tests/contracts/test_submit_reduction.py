"""Submit reduction: the feature file's scenarios plus unit tests of its shape checks."""
from __future__ import annotations

import pytest
from pytest_bdd import scenarios

from contracts import submit_reduction
from ledger.errors import InvalidField
from reduction_steps import *  # noqa: F403 (the steps the reduction features share)

scenarios("../features/submit_reduction.feature")


def body(**changes) -> dict:
    return {"project": "WIND-01", "period_start": "2024-01-01", "period_end": "2024-12-31", "verifying_vvb": "V2",
            "report_hash": "ab" * 32, **changes}


def test_shape_accepts_a_one_day_period() -> None:
    submit_reduction.check_shape(body(period_end="2024-01-01"))


@pytest.mark.parametrize("bad", [body(period_start="2024-02-30"), body(period_end="2024-1-31"), body(project="w1"),
                                 body(report_hash="AB" * 32), body(verifying_vvb=""), body(memo="m"),
                                 {k: v for k, v in body().items() if k != "verifying_vvb"}])
def test_invalid_shape(bad: dict) -> None:
    with pytest.raises(InvalidField):
        submit_reduction.check_shape(bad)
