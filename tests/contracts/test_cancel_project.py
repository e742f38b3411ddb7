"""Cancel project: the feature's scenarios plus unit tests of its shape checks."""
from __future__ import annotations

import pytest
from pytest_bdd import parsers, scenarios, then, when

from contracts.cancel_project import check_shape
from ledger import keys
from ledger.errors import InvalidField
from scenario import World

from project_steps import *  # noqa: F403 (the steps the project features share)
from project_steps import project_of

scenarios("../features/cancel_project.feature")


@when(parsers.parse('"{signer}" cancels project "{pid}" because "{reason}"'))
def _cancel(world: World, signer: str, pid: str, reason: str) -> None:
    world.run("cancel_project", {"project": pid, "reason": reason}, signer)


@then(parsers.parse('project "{pid}" is cancelled by "{name}" because "{reason}"'))
def _cancelled_by(world: World, pid: str, name: str, reason: str) -> None:
    record = project_of(world, pid)
    assert record["status"] == "cancelled"
    cancellation = record["cancellation"]
    assert (cancellation["by"], cancellation["reason"], cancellation["height"]) == (world.id(name), reason,
                                                                                    world.chain.tip.height)


@then(parsers.parse('the claim on {kind} "{value}" is still the {elsewhere} claim'))
def _kept(world: World, kind: str, value: str, elsewhere: str) -> None:
    assert world.chain.state.get(keys.project_claim(kind, value))["elsewhere"] == elsewhere


@pytest.mark.parametrize("bad", [{"project": "HW-1"}, {"project": "HW-1", "reason": ""},
                                 {"project": "HW-1", "reason": "x" * 513}, {"project": "HW_1", "reason": "r"}])
def test_invalid_shape(bad: dict) -> None:
    with pytest.raises(InvalidField):
        check_shape(bad)
