"""Verify reduction: the feature file's scenarios plus unit tests of its shape checks."""
from __future__ import annotations

import pytest
from pytest_bdd import parsers, scenarios, then

from contracts import verify_reduction
from contracts.ccer import get_reduction
from ledger.errors import InvalidField
from reduction_steps import *  # noqa: F403 (the steps the reduction features share)
from scenario import World

scenarios("../features/verify_reduction.feature")


@then(parsers.parse('report {n:d} of "{pid}" was verified for {amount:d} t by the transaction'))
def _verification(world: World, n: int, pid: str, amount: int) -> None:
    verification = get_reduction(world.chain.state, pid, n)["verification"]
    assert (verification["amount"], verification["tx"], verification["verified"]) == (
        amount, world.chain.blocks[-1].txs[0].id_hex, {"2023": 400, "2024": 600})


def body(**changes) -> dict:
    return {"project": "WIND-01", "report": 1, "report_hash": "ab" * 32, "conclusion": "positive",
            "verified": {"2024": 1}, **changes}


def test_shape_accepts_a_negative_verification_of_nothing() -> None:
    verify_reduction.check_shape(body(conclusion="negative", verified={"2024": 0}))


@pytest.mark.parametrize("bad", [body(report=0), body(conclusion="maybe"), body(verified={}), body(verified=[2024]),
                                 body(verified={"24": 1}), body(verified={"２０２４": 1}), body(verified={"2024": -1}),
                                 body(verified={"2024": True}), body(verified={"2024": 0}), body(memo="m")])
def test_invalid_shape(bad: dict) -> None:
    with pytest.raises(InvalidField):
        verify_reduction.check_shape(bad)
