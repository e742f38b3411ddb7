"""Rotate key: the feature file's scenarios plus unit tests of its shape checks and atomicity."""
from __future__ import annotations

import pytest
from pytest_bdd import given, parsers, scenarios, when

from account_steps import *  # noqa: F403 (the shared account steps)
from contracts import rotate_key
from helpers import pub
from ledger import keys
from ledger.errors import InvalidField
from scenario import World

scenarios("../features/rotate_key.feature")


def key_list(world: World, labels: str) -> list[str]:
    """'E1,K1' → the public keys of those seeds ('E1' is entity E1's first key)."""
    return [pub(world.id(label)) for label in labels.split(",") if label]


def rotate(world: World, signers: str, name: str, add: list[str], remove: list[str], ref: str | None = None,
           threshold: str | None = None) -> None:
    """Run a rotation of `name`'s keys signed by the seeds `signers` ("E1,K1"; the chain finds the account each key signs for)."""
    body = {"account": world.id(name), "add": add, "remove": remove}
    if ref:
        body["request_ref"] = ref
    if threshold:
        body["threshold"] = int(threshold)
    world.run("rotate_key", body, *signers.split(","))


THRESHOLD = r'(?:, with threshold (?P<threshold>\d+))?'


@given(parsers.re(r'"(?P<name>[^"]+)" rotated its keys, adding "(?P<add>[^"]*)" and removing "(?P<remove>[^"]*)"' + THRESHOLD))
def _rotated(world: World, name: str, add: str, remove: str, threshold: str | None) -> None:
    rotate(world, name, name, key_list(world, add), key_list(world, remove), threshold=threshold)
    world.check_result("ok")


@when(parsers.re(r'"(?P<signers>[^"]+)" rotates the keys of "(?P<name>[^"]+)", adding "(?P<add>[^"]*)" '
                 r'and removing "(?P<remove>[^"]*)"(?:, on request "(?P<ref>[^"]+)")?' + THRESHOLD))
def _rotate(world: World, signers: str, name: str, add: str, remove: str, ref: str | None, threshold: str | None) -> None:
    rotate(world, signers, name, key_list(world, add), key_list(world, remove), ref, threshold)


@when(parsers.parse('"{name}" adds {count:d} fresh keys'))
def _add_fresh(world: World, name: str, count: int) -> None:
    rotate(world, name, name, [pub(f"fresh-{i}") for i in range(count)], [])


@given(parsers.parse('the MEE registered the provincial authority "{pid}"'))
def _province(world: World, pid: str) -> None:
    body = {"id": pid, "name": f"省级生态环境主管部门 {pid[-2:]}", "roles": ["province"], "province": pid[-2:], "pubkeys": [pub(pid)]}
    world.run("register_participant", body, "MEE")
    world.check_result("ok")


# -- unit tests -------------------------------------------------------------------------


def body(**changes) -> dict:
    return {"account": "A1", "add": [pub("k1")], "remove": [], **changes}


@pytest.mark.parametrize("bad", [
    body(add=[], remove=[]), body(add=[pub("k1")], remove=[pub("k1")]), body(add=[pub("k1").upper()]),
    body(add=[pub("k1"), pub("k1")]), body(add=[pub(f"k{i}") for i in range(9)]), body(add="k1"),
    body(request_ref="REQ-1"), body(extra=1), body(account="a1"), body(threshold=0), body(threshold=9),
    body(threshold=True), body(add=[], remove=[]),
])
def test_invalid_shape(bad: dict) -> None:
    with pytest.raises(InvalidField):
        rotate_key.check_shape(bad)


def test_rotation_keeps_key_order_and_appends_new_keys() -> None:
    world = World()
    pid = world.entity("E1")
    rotate(world, "E1", "E1", [pub("k1"), pub("k2")], [])
    rotate(world, "k2", "E1", [pub("k3")], [pub("k1")])
    world.check_result("ok")
    assert world.chain.state.get(keys.participant(pid))["pubkeys"] == (pub(pid), pub("k2"), pub("k3"))


def test_rotation_of_the_threshold_alone_keeps_the_keys() -> None:
    world = World()
    pid = world.entity("E1")
    rotate(world, "E1", "E1", [pub("k1")], [])
    rotate(world, "E1", "E1", [], [], threshold="2")
    world.check_result("ok")
    record = world.chain.state.get(keys.participant(pid))
    assert (record["pubkeys"], record["threshold"]) == ((pub(pid), pub("k1")), 2)


def test_invalid_rotation_leaves_state_unchanged() -> None:
    world = World()
    world.entity("E1")
    before = world.chain.state.root()
    rotate(world, "E1", "E1", [], [pub(world.id("E1"))])
    assert world.receipt["code"] == "invalid_field"
    assert "0 keys" in world.receipt["message"]
    assert world.chain.state.root() == before
