"""Approve validator update: the feature file's scenarios plus unit tests of compute_updates and compute_new_validators."""
from __future__ import annotations

import re

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from contracts import approve_validator_update
from contracts.genesis import compute_validators_hash, validator_entry
from contracts.validator_set import compute_new_validators, compute_updates
from ledger import keys
from ledger.errors import InvalidField
from scenario import World, parse_changes, propose_validators, validator_keys, validators_direct

scenarios("../features/approve_validator_update.feature")


@given(parsers.re(r'(?P<approvers>nobody|[A-Z0-9,-]+) approved "(?P<proposal_id>[^"]+)"'))
def _approved(world: World, approvers: str, proposal_id: str) -> None:
    for approver in [] if approvers == "nobody" else approvers.split(","):
        world.run("approve_validator_update", {"id": proposal_id}, approver)
        world.check_result("ok")


@when(parsers.parse('"{signer}" approves "{proposal_id}"'))
def _approve(world: World, signer: str, proposal_id: str) -> None:
    world.run("approve_validator_update", {"id": proposal_id}, signer)


@then(parsers.parse('the event says "{validator}" approved "{proposal_id}", {have:d} of quorum {need:d}'))
def _approved_event(world: World, validator: str, proposal_id: str, have: int, need: int) -> None:
    assert world.events("validator_update_approved") == [{"op": "validator_update_approved", "id": proposal_id,
                                                          "validator": validator, "approvals": have, "quorum": need}]
    assert world.events("validator_set_changed") == []


@then(parsers.parse('proposal "{proposal_id}" is applied at this height'))
def _applied_here(world: World, proposal_id: str) -> None:
    proposal = world.chain.state.get(keys.validator_proposal(proposal_id))
    assert (proposal["status"], proposal["applied_at"]) == ("applied", world.chain.tip.height)


@then(parsers.parse('the validator history is "{proposal_id}" at this height with "{names}"'))
def _history(world: World, proposal_id: str, names: str) -> None:
    entry, = world.chain.state.get(keys.validator_history())
    assert (entry["id"], entry["height"]) == (proposal_id, world.chain.tip.height)
    assert entry["validators"] == world.chain.state.get(keys.validators())
    assert ", ".join(v["name"] for v in entry["validators"]) == names


UPDATE = re.compile(r"^(?P<name>\S+)=(?P<power>\d+)(?P<new> \(new key\))?$")


@then(parsers.parse('the event says the validator set changed by "{proposal_id}" with updates "{updates}"'))
def _changed_event(world: World, proposal_id: str, updates: str) -> None:
    expected = []
    for item in updates.split(", "):
        match = UPDATE.match(item)
        key = validator_keys(match["name"], 2 if match["new"] else 1)["consensus_pubkey"]
        expected.append({"name": match["name"], "consensus_pubkey": key, "power": int(match["power"])})
    event, = world.events("validator_set_changed")
    assert (event["id"], event["updates"]) == (proposal_id, expected)


@then("the event's validators hash is the hash of the new set")
def _hash(world: World) -> None:
    event, = world.events("validator_set_changed")
    assert event["validators_hash"] == compute_validators_hash(world.chain.state.get(keys.validators())).hex()


# -- unit tests -------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [{}, {"id": ""}, {"id": "P 1"}, {"id": 1}, {"id": "P1", "vote": "yes"}])
def test_invalid_shape(bad: dict) -> None:
    with pytest.raises(InvalidField):
        approve_validator_update.check_shape(bad)


def entries(*names: str) -> list[dict]:
    return [validator_entry({"name": n, "power": 10, **validator_keys(n)}) for n in names]


def test_compute_new_validators_is_sorted_by_name_whatever_the_order_of_the_changes() -> None:
    changes = parse_changes("PROV-31 at power 5, AAA at power 1, EXCHANGE at power 0")
    new = compute_new_validators(entries("REGISTRY", "EXCHANGE"), changes)
    assert [(v["name"], v["power"]) for v in new] == [("AAA", 1), ("PROV-31", 5), ("REGISTRY", 10)]
    assert new == compute_new_validators(entries("EXCHANGE", "REGISTRY"), list(reversed(changes)))


def test_compute_new_validators_builds_entries_with_the_consensus_address() -> None:
    new, = compute_new_validators([], parse_changes("PROV-31 at power 5"))
    assert new == validator_entry({"name": "PROV-31", "power": 5, **validator_keys("PROV-31")}) and len(new["address"]) == 40


def test_compute_updates_keeps_the_order_of_the_changes() -> None:
    changes = parse_changes("REGISTRY at power 0, PROV-31 at power 3, EXCHANGE at power 7")
    assert compute_updates(entries("EXCHANGE", "REGISTRY"), changes) == [
        {"name": "REGISTRY", "consensus_pubkey": validator_keys("REGISTRY")["consensus_pubkey"], "power": 0},
        {"name": "PROV-31", "consensus_pubkey": validator_keys("PROV-31")["consensus_pubkey"], "power": 3},
        {"name": "EXCHANGE", "consensus_pubkey": validator_keys("EXCHANGE")["consensus_pubkey"], "power": 7},
    ]


def test_a_refused_approval_leaves_the_proposal_unchanged() -> None:
    world = World()
    validators_direct(world.chain, ["REGISTRY", "EXCHANGE", "PROV-11", "PROV-44"])
    propose_validators(world, "MEE", "P1", "PROV-31 at power 10")
    world.run("approve_validator_update", {"id": "P1"}, "PROV-31")
    world.check_result("unauthorized")  # also asserts the state root is unchanged


def test_the_node_sees_the_new_set_in_the_next_block() -> None:
    world = World()
    validators_direct(world.chain, ["REGISTRY", "EXCHANGE", "PROV-11", "PROV-44"])
    propose_validators(world, "MEE", "P1", "PROV-31 at power 10")
    for approver in ("REGISTRY", "EXCHANGE", "PROV-11"):
        world.run("approve_validator_update", {"id": "P1"}, approver)
        world.check_result("ok")
    names = [v["name"] for v in world.chain.state.get(keys.validators())]
    assert names == sorted(names) and "PROV-31" in names
    world.run("approve_validator_update", {"id": "P1"}, "PROV-31")  # PROV-31 now validates; P1 is closed
    world.check_result("invalid_state")
