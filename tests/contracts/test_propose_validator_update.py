"""Propose validator update: the feature file's scenarios plus unit tests of its shape checks and the set's cap."""
from __future__ import annotations

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from contracts import propose_validator_update
from contracts.genesis import validator_entry
from contracts.validator_set import MAX_VALIDATORS, check_new_set
from helpers import genesis_doc, pub
from ledger import keys
from ledger.encoding import freeze
from ledger.errors import InvalidField, InvalidValidatorSet
from scenario import World, parse_changes, propose_validators, validator_keys, validators_direct

scenarios("../features/propose_validator_update.feature")


@given("the test genesis validator set")
def _genesis_set(world: World) -> None:
    world.chain.state.put(keys.validators(), freeze([validator_entry(v) for v in genesis_doc()["validators"]]))


@when(parsers.re(r'"(?P<signer>[^"]+)" proposes "(?P<proposal_id>[^"]+)": (?P<changes>.+)'))
def _propose(world: World, signer: str, proposal_id: str, changes: str) -> None:
    propose_validators(world, signer, proposal_id, changes)


@then(parsers.parse('the event says "{proposer}" proposed "{proposal_id}" to {count:d} validators with quorum {quorum:d}'))
def _event(world: World, proposer: str, proposal_id: str, count: int, quorum: int) -> None:
    event, = world.events("validator_update_proposed")
    assert (event["proposer"], event["id"], event["validators"], event["quorum"]) == (proposer, proposal_id, count, quorum)
    assert world.events("validator_update_approved") == []


# -- unit tests -------------------------------------------------------------------------

GOOD = {"id": "P-2025.01_a", "changes": parse_changes("PROV-31 at power 10, EXCHANGE at power 0"),
        "reason": "新增省级节点"}


def test_check_shape_accepts_a_good_body() -> None:
    propose_validator_update.check_shape(GOOD)


@pytest.mark.parametrize("bad", [
    {**GOOD, "id": ""}, {**GOOD, "id": "P 1"}, {**GOOD, "id": "P/1"}, {**GOOD, "id": "P" * 65},
    {**GOOD, "changes": []}, {**GOOD, "changes": "PROV-31"}, {**GOOD, "changes": [["PROV-31", 10]]},
    {**GOOD, "changes": [{"name": "prov-31", "power": 10, **validator_keys("PROV-31")}]},
    {**GOOD, "changes": [{"name": "PROV-31", "power": True, **validator_keys("PROV-31")}]},
    {**GOOD, "changes": [{"name": "PROV-31", "power": 10, "pubkey": pub("x").upper(), "consensus_pubkey": pub("y")}]},
    {**GOOD, "changes": [{"name": "PROV-31", "power": 10, "pubkey": pub("x"), "consensus_pubkey": pub("y")[:62]}]},
    {**GOOD, "changes": [{"name": "PROV-31", "power": 10, "consensus_pubkey": pub("y")}]},
    {**GOOD, "changes": [{"name": "PROV-31", "power": 10, "address": "00" * 20, **validator_keys("PROV-31")}]},
    {**GOOD, "reason": ""}, {k: v for k, v in GOOD.items() if k != "reason"}, {**GOOD, "extra": 1},
])
def test_invalid_shape(bad: dict) -> None:
    with pytest.raises(InvalidField):
        propose_validator_update.check_shape(bad)


def set_of(count: int) -> list[dict]:
    return [validator_entry({"name": f"V-{i:03d}", "power": 1, **validator_keys(f"V-{i:03d}")}) for i in range(count)]


@pytest.mark.parametrize("count", [1, MAX_VALIDATORS])
def test_check_new_set_accepts_1_to_the_cap(count: int) -> None:
    check_new_set(set_of(count))


@pytest.mark.parametrize("count", [0, MAX_VALIDATORS + 1])
def test_invalid_new_set_size(count: int) -> None:
    with pytest.raises(InvalidValidatorSet):
        check_new_set(set_of(count))


def test_a_refused_proposal_stores_nothing() -> None:
    world = World()
    validators_direct(world.chain, ["REGISTRY", "EXCHANGE"])
    propose_validators(world, "MEE", "P1", "PROV-31 at power 10 with the pubkey of REGISTRY")
    world.check_result("invalid_validator_set")  # also asserts the state root is unchanged
    assert world.chain.state.get(keys.validator_proposal("P1")) is None


def test_the_proposal_record() -> None:
    world = World()
    validators_direct(world.chain, ["REGISTRY", "EXCHANGE"])
    world.run("propose_validator_update", GOOD, "MEE")
    world.check_result("ok")
    assert world.chain.state.get(keys.validator_proposal(GOOD["id"])) == freeze({
        "id": GOOD["id"], "changes": GOOD["changes"], "reason": GOOD["reason"], "proposer": "MEE",
        "proposed_at": world.chain.tip.height, "status": "open", "approvals": []})
