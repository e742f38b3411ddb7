"""Rotate key: the feature file's scenarios plus unit tests of its shape checks and atomicity."""
from __future__ import annotations

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from contracts import rotate_key
from helpers import pub
from ledger import keys
from ledger.errors import InvalidField
from scenario import World

scenarios("../features/rotate_key.feature")


def key_list(world: World, labels: str) -> list[str]:
    """'E1,K1' → the public keys of those seeds ('E1' is entity E1's first key)."""
    return [pub(world.id(label)) for label in labels.split(",") if label]


def rotate(world: World, signer: str, name: str, add: list[str], remove: list[str], ref: str | None = None) -> None:
    """Run a rotation of `name`'s keys signed by the seed `signer` (the chain finds the account the key signs for)."""
    body = {"account": world.id(name), "add": add, "remove": remove}
    if ref:
        body["request_ref"] = ref
    world.run("rotate_key", body, signer)


@given(parsers.re(r'"(?P<name>[^"]+)" rotated its keys, adding "(?P<add>[^"]*)" and removing "(?P<remove>[^"]*)"'))
def _rotated(world: World, name: str, add: str, remove: str) -> None:
    rotate(world, name, name, key_list(world, add), key_list(world, remove))
    world.check_result("ok")


@given(parsers.re(r'the registry rotated the keys of "(?P<name>[^"]+)", adding "(?P<add>[^"]*)" '
                  r'and removing "(?P<remove>[^"]*)", on request "(?P<ref>[^"]+)"'))
def _registry_rotated(world: World, name: str, add: str, remove: str, ref: str) -> None:
    rotate(world, "REGISTRY", name, key_list(world, add), key_list(world, remove), ref)
    world.check_result("ok")


@when(parsers.re(r'"(?P<signer>[^"]+)" rotates the keys of "(?P<name>[^"]+)", adding "(?P<add>[^"]*)" '
                 r'and removing "(?P<remove>[^"]*)"(?:, on request "(?P<ref>[^"]+)")?'))
def _rotate(world: World, signer: str, name: str, add: str, remove: str, ref: str | None) -> None:
    rotate(world, signer, name, key_list(world, add), key_list(world, remove), ref)


@when(parsers.parse('"{name}" adds {count:d} fresh keys'))
def _add_fresh(world: World, name: str, count: int) -> None:
    rotate(world, name, name, [pub(f"fresh-{i}") for i in range(count)], [])


@then(parsers.parse('key "{label}" signs for "{name}"'))
def _signs_for(world: World, label: str, name: str) -> None:
    key = pub(world.id(label))
    assert world.chain.state.get(keys.signer(key)) == world.id(name)
    assert key in world.chain.state.get(keys.participant(world.id(name)))["pubkeys"]


@then(parsers.parse('key "{label}" signs for nobody'))
def _signs_for_nobody(world: World, label: str) -> None:
    assert world.chain.state.get(keys.signer(pub(world.id(label)))) is None


@then(parsers.parse('request "{ref}" is recorded'))
def _request(world: World, ref: str) -> None:
    assert world.chain.state.get(keys.order("REGISTRY", "key_request", ref))["action"] == "rotate_key"


# -- unit tests -------------------------------------------------------------------------


def body(**changes) -> dict:
    return {"account": "A1", "add": [pub("k1")], "remove": [], **changes}


@pytest.mark.parametrize("bad", [
    body(add=[], remove=[]), body(add=[pub("k1")], remove=[pub("k1")]), body(add=[pub("k1").upper()]),
    body(add=[pub("k1"), pub("k1")]), body(add=[pub(f"k{i}") for i in range(9)]), body(add="k1"),
    body(request_ref=""), body(extra=1), body(account="a1"),
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


def test_account_signature_needs_no_request_record() -> None:
    world = World()
    world.entity("E1")
    rotate(world, "E1", "E1", [pub("k1")], [], ref="REQ-1")
    world.check_result("ok")
    assert list(world.chain.state.scan("order/")) == []


def test_invalid_rotation_leaves_state_unchanged() -> None:
    world = World()
    world.entity("E1")
    before = world.chain.state.root()
    rotate(world, "E1", "E1", [], [pub(world.id("E1"))])
    assert world.receipt["code"] == "invalid_field"
    assert "0 keys" in world.receipt["message"]
    assert world.chain.state.root() == before
