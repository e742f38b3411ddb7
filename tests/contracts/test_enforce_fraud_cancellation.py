"""Enforce fraud cancellation: the feature file's scenarios plus unit tests of its shape and the order it takes units in."""
from __future__ import annotations

import pytest
from pytest_bdd import given, parsers, scenarios

from contracts import enforce_fraud_cancellation
from ledger.errors import InvalidField
from scenario import World, ccer_direct, project_direct
from ccer_fraud_steps import *  # noqa: F403 (the steps the CCER cancellation and fraud features share)

scenarios("../features/enforce_fraud_cancellation.feature")


@given(parsers.parse('"{owner}" cancelled {amount:d} t of {iid} as fraud_remedy'))
def _remedied(world: World, owner: str, amount: int, iid: str) -> None:
    body = {"account": world.id(owner), "instrument": iid, "amount": amount, "purpose": "fraud_remedy",
            "beneficiary": "公众", "reason": "按注册登记机构要求注销"}
    world.run("cancel", body, owner)
    world.check_result("ok")


# -- unit tests -------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [{}, {"project": "p-1"}, {"project": "P-WIND-01", "amount": 1}])
def test_invalid_shape(bad: dict) -> None:
    with pytest.raises(InvalidField):
        enforce_fraud_cancellation.check_shape(bad)


def test_compute_parts_takes_the_project_first_then_other_ccer_by_id() -> None:
    world = World()
    owner = world.entity("O1", roles=("project_owner",))
    for pid in ("A-FIRST-01", "P-WIND-01", "Z-LAST-09"):
        project_direct(world.chain, pid, owner, "VVB-1")
    for pid, year in (("A-FIRST-01", 2022), ("P-WIND-01", 2023), ("P-WIND-01", 2022), ("Z-LAST-09", 2021)):
        ccer_direct(world.chain, pid, year, owner, 10)
    parts = enforce_fraud_cancellation.compute_parts(world.chain.state, owner, "P-WIND-01", 35)
    assert parts == [("CCER-P-WIND-01-2022", ((1, 10),)), ("CCER-P-WIND-01-2023", ((1, 10),)),
                     ("CCER-A-FIRST-01-2022", ((1, 10),)), ("CCER-Z-LAST-09-2021", ((1, 5),))]


def test_compute_parts_takes_nothing_when_nothing_is_owed() -> None:
    world = World()
    owner = world.entity("O1", roles=("project_owner",))
    project_direct(world.chain, "P-WIND-01", owner, "VVB-1")
    ccer_direct(world.chain, "P-WIND-01", 2022, owner, 10)
    assert enforce_fraud_cancellation.compute_parts(world.chain.state, owner, "P-WIND-01", 0) == []
