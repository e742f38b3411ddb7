"""Validate project: the feature's scenarios plus unit tests of its shape checks."""
from __future__ import annotations

import pytest
from pytest_bdd import parsers, scenarios, then

from contracts.validate_project import check_shape
from ledger.errors import InvalidField
from scenario import World

from project_steps import *  # noqa: F403 (the steps the project features share)
from project_steps import project_of

scenarios("../features/validate_project.feature")


@then(parsers.parse('project "{pid}" is validated with a {conclusion} report by "{vvb}"'))
def _validated_with(world: World, pid: str, conclusion: str, vvb: str) -> None:
    record = project_of(world, pid)
    assert (record["status"], record["validation"]["conclusion"], record["validating_vvb"]) == (
        "validated", conclusion, world.id(vvb))
    assert record["validation"]["height"] == world.chain.tip.height


@pytest.mark.parametrize("bad", [
    {"project": "HW-1", "report_hash": "cd" * 32}, {"project": "HW-1", "report_hash": "cd" * 32, "conclusion": "ok"},
    {"project": "HW-1", "report_hash": "cd" * 31, "conclusion": "positive"},
    {"project": "hw-1", "report_hash": "cd" * 32, "conclusion": "positive"},
])
def test_invalid_shape(bad: dict) -> None:
    with pytest.raises(InvalidField):
        check_shape(bad)
