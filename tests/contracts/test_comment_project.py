"""Comment project: the feature's scenarios plus unit tests of its shape checks."""
from __future__ import annotations

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from contracts.comment_project import check_shape
from ledger import keys
from ledger.errors import InvalidField
from scenario import World, ms

from project_steps import *  # noqa: F403 (the steps the project features share)
from project_steps import project_of

scenarios("../features/comment_project.feature")


def comment(world: World, signer: str, pid: str, time: str | None = None) -> None:
    world.run("comment_project", {"project": pid, "content_hash": "9f" * 32}, signer, time=ms(time) if time else None)


@when(parsers.re(r'"(?P<signer>[^"]+)" comments on project "(?P<pid>[^"]+)"(?: at "(?P<time>[^"]+)")?$'))
def _comment(world: World, signer: str, pid: str, time: str | None) -> None:
    comment(world, signer, pid, time)


@given(parsers.parse('"{signer}" commented on project "{pid}"'))
def _commented(world: World, signer: str, pid: str) -> None:
    comment(world, signer, pid)
    world.check_result("ok")


@then(parsers.parse('comment {number:d} on "{pid}" is by "{name}"'))
def _comment_by(world: World, number: int, pid: str, name: str) -> None:
    record = world.chain.state.get(keys.project_comment(pid, number))
    assert (record["by"], record["content_hash"], record["height"]) == (world.id(name), "9f" * 32, world.chain.tip.height)


@then(parsers.parse('project "{pid}" has {count:d} comments'))
def _count(world: World, pid: str, count: int) -> None:
    assert project_of(world, pid)["comments"] == count


@pytest.mark.parametrize("bad", [{"project": "HW-1"}, {"project": "HW-1", "content_hash": "9F" * 32},
                                 {"project": "HW-1", "content_hash": "9f" * 32, "text": "意见"}])
def test_invalid_shape(bad: dict) -> None:
    with pytest.raises(InvalidField):
        check_shape(bad)
