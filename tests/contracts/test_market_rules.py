"""Set market rules: the feature file's scenarios plus unit tests of the genesis path."""
from __future__ import annotations

import json

import pytest
from pytest_bdd import parsers, scenarios, then, when

from contracts.genesis import genesis_state
from contracts.market_rules import get_rule
from helpers import genesis_doc
from ledger.errors import InvalidField
from scenario import World

scenarios("../features/market_rules.feature")


@when(parsers.parse("\"{signer}\" sets the market rules to '{body}'"))
def _sets(world: World, signer: str, body: str) -> None:
    world.run("set_market_rules", json.loads(body), signer)


@then(parsers.parse('market rule "{name}" is {value}'))
def _rule_is(world: World, name: str, value: str) -> None:
    assert get_rule(world.chain.state, name) == json.loads(value)


def test_genesis_sets_starting_rules() -> None:
    doc = genesis_doc()
    doc["params"] = {"market_rules": {"bilateral_transfers": True}}
    state, _ = genesis_state(doc)
    assert get_rule(state, "bilateral_transfers") is True


def test_genesis_refuses_an_unknown_rule() -> None:
    doc = genesis_doc()
    doc["params"] = {"market_rules": {"bilateral": True}}
    with pytest.raises(InvalidField, match="unknown market rule"):
        genesis_state(doc)

