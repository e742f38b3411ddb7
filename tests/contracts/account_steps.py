"""Steps shared by the account features (signing policy, key recovery, rotate key, register participant).

A test module takes them with `from account_steps import *`: pytest-bdd keeps each step as a fixture in the
module that defines it, and the star import brings those fixtures into the test module.
"""
from __future__ import annotations

import json

from pytest_bdd import given, parsers, then, when

from helpers import pub, uscc
from ledger import keys
from scenario import World


def register_with_keys(world: World, name: str, role: str, labels: str, threshold: int, province: str | None) -> None:
    """Open the account of `name` with the keys of seeds `labels` ("E1a,E1b") and `threshold`, by the registry."""
    pid = uscc(100 + len(world.ids))
    world.ids[name] = pid
    body = {"id": pid, "name": f"participant {name}", "roles": [role], "pubkeys": [pub(k) for k in labels.split(",")],
            "threshold": threshold}
    if province:
        body |= {"province": province, "sector": "power"}
    world.run("register_participant", body, "REGISTRY")
    world.check_result("ok")


@given(parsers.parse('the market rule "{rule}" is {value}'))
def _market_rule(world: World, rule: str, value: str) -> None:
    world.run("set_market_rules", {rule: json.loads(value)}, "MEE")
    world.check_result("ok")


@given(parsers.parse('entity "{name}" of province "{province}" with keys "{labels}" and threshold {threshold:d}'))
def _entity_with_keys(world: World, name: str, province: str, labels: str, threshold: int) -> None:
    register_with_keys(world, name, "entity", labels, threshold, province)


@given(parsers.parse('holder "{name}" with keys "{labels}" and threshold {threshold:d}'))
def _holder_with_keys(world: World, name: str, labels: str, threshold: int) -> None:
    register_with_keys(world, name, "holder", labels, threshold, None)


@when(parsers.parse('"{signer}" creates instrument CEA-{year:d}'))
def _create(world: World, signer: str, year: int) -> None:
    world.run("create_instrument", {"id": f"CEA-{year}", "vintage": year}, signer)


@then(parsers.parse('key "{label}" signs for "{name}"'))
def _signs_for(world: World, label: str, name: str) -> None:
    key = pub(world.id(label))
    assert world.chain.state.get(keys.signer(key)) == world.id(name)
    assert key in world.chain.state.get(keys.participant(world.id(name)))["pubkeys"]


@then(parsers.parse('key "{label}" signs for nobody'))
def _signs_for_nobody(world: World, label: str) -> None:
    assert world.chain.state.get(keys.signer(pub(world.id(label)))) is None


@then(parsers.parse('"{name}" has threshold {threshold:d} of {count:d} keys'))
def _policy(world: World, name: str, threshold: int, count: int) -> None:
    record = world.chain.state.get(keys.participant(world.id(name)))
    assert (record["threshold"], len(record["pubkeys"])) == (threshold, count), record
