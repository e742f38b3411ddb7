"""Decide project: the feature's scenarios plus unit tests of its shape checks."""
from __future__ import annotations

import pytest
from pytest_bdd import given, parsers, scenarios, then

from contracts.decide_project import check_shape
from ledger.errors import InvalidField
from scenario import World

from project_steps import *  # noqa: F403 (the steps the project features share)
from project_steps import project_of

scenarios("../features/decide_project.feature")


@given(parsers.parse('"{signer}" refused project "{pid}"'))
def _refused(world: World, signer: str, pid: str) -> None:
    world.run("decide_project", {"project": pid, "outcome": "refuse", "reason": "材料不实"}, signer)
    world.check_result("ok")


@then(parsers.re(r'the decision on "(?P<pid>[^"]+)" is (?P<timeliness>on time|late)$'))
def _timeliness(world: World, pid: str, timeliness: str) -> None:
    decision = project_of(world, pid)["decision"]
    assert decision["late"] is (timeliness == "late"), decision
    assert decision["height"] == world.chain.tip.height


@pytest.mark.parametrize("bad", [
    {"project": "HW-1", "outcome": "accept"}, {"project": "HW-1", "outcome": "refuse"},
    {"project": "HW-1", "outcome": "refuse", "reason": "x" * 513}, {"project": "HW-1", "outcome": "register", "reason": ""},
])
def test_invalid_shape(bad: dict) -> None:
    with pytest.raises(InvalidField):
        check_shape(bad)


def test_a_reason_of_512_characters() -> None:
    check_shape({"project": "HW-1", "outcome": "refuse", "reason": "理" * 512})
