"""Signing policies: the feature file's scenarios plus unit tests of how signatures are counted (contracts/roles.py)."""
from __future__ import annotations

import contextlib

import pytest
from pytest_bdd import parsers, scenarios, then, when

from account_steps import *  # noqa: F403 (the shared account steps)
from account_steps import register_with_keys
from contracts import signing_policy
from contracts.roles import PROVINCE, REGISTRY, check_signed_by_roles, signer_ids
from contracts.genesis import genesis_state
from helpers import genesis_doc, pub, uscc
from ledger import keys
from ledger.errors import Unauthorized
from ledger.account_errors import SameInstitution, SigningPolicyTooWeak, ThresholdAboveKeys, ThresholdNotMet
from scenario import World

scenarios("../features/signing_policy.feature")


@when(parsers.parse('"{name}" cancels {amount:d} t of {iid}, signed by "{signers}"'))
def _cancel(world: World, name: str, amount: int, iid: str, signers: str) -> None:
    body = {"account": world.id(name), "instrument": iid, "amount": amount, "purpose": "company_offset", "beneficiary": "碳中和",
            "reason": "自愿注销"}
    world.run("cancel", body, *signers.split(","))


@when(parsers.re(r'the registry opens (?P<role>entity|holder) "(?P<name>[^"]+)"(?: of province "(?P<province>\d+)")? '
                 r'with keys "(?P<labels>[^"]+)" and threshold (?P<threshold>\d+)'))
def _open(world: World, role: str, name: str, province: str | None, labels: str, threshold: str) -> None:
    with contextlib.suppress(AssertionError):  # the receipt is checked by the Then step
        register_with_keys(world, name, role, labels, int(threshold), province)


@when(parsers.parse('the registry restricts "{name}", co-signed by "{label}"'))
def _restrict(world: World, name: str, label: str) -> None:
    world.run("set_account_status", {"account": world.id(name), "status": "restricted", "reason": "test"}, "REGISTRY", label)


@then(parsers.parse('the last nonce of "{name}" is {nonce:d}'))
def _nonce(world: World, name: str, nonce: int) -> None:
    assert world.chain.state.get(keys.nonce(world.id(name))) == nonce


# -- unit tests -------------------------------------------------------------------------


def signed(world: World, *seeds: str):
    """A transaction signed by `seeds` (its body does not matter here)."""
    return world.chain.sign("set_account_status", {}, *seeds)


def test_signer_ids_lists_each_account_once_in_signing_order() -> None:
    world = World()
    register_with_keys(world, "E1", "entity", "E1a,E1b", 2, "11")
    tx = signed(world, "REGISTRY", "E1b", "PROV-11", "E1a")
    assert signer_ids(world.chain.state, tx) == ["REGISTRY", world.id("E1"), "PROV-11"]


def test_signer_ids_refuses_an_unknown_key() -> None:
    world = World()
    with pytest.raises(Unauthorized, match="belongs to no participant"):
        signer_ids(world.chain.state, signed(world, "MEE", "nobody"))


def test_signer_ids_refuses_a_primary_signer_below_its_threshold() -> None:
    world = World()
    register_with_keys(world, "E1", "entity", "E1a,E1b", 2, "11")
    with pytest.raises(ThresholdNotMet):
        signer_ids(world.chain.state, signed(world, "E1a", "MEE"))
    assert signer_ids(world.chain.state, signed(world, "MEE", "E1a")) == ["MEE"]


def legacy_account(world: World, pid: str, roles: tuple[str, ...], province: str | None = None) -> None:
    """An account holding several authority roles, written directly (register_participant now refuses it)."""
    world.chain.state.put(keys.participant(pid), {"id": pid, "name": pid, "roles": roles, "pubkeys": (pub(pid),),
                                                  "threshold": 1, "province": province, "sector": None, "status": "active"})
    world.chain.state.put(keys.signer(pub(pid)), pid)


def test_check_signed_by_roles_returns_distinct_institutions() -> None:
    world = World()
    tx = signed(world, "REGISTRY", "PROV-11")
    assert check_signed_by_roles(world.chain.state, tx, (PROVINCE, "11"), REGISTRY) == ("PROV-11", "REGISTRY")


def test_invalid_one_account_for_two_institutions() -> None:
    world = World()
    legacy_account(world, "BOTH", ("province", "registry"), "11")
    with pytest.raises(SameInstitution):
        check_signed_by_roles(world.chain.state, signed(world, "BOTH"), (PROVINCE, "11"), REGISTRY)
    assert check_signed_by_roles(world.chain.state, signed(world, "BOTH", "REGISTRY"), (PROVINCE, "11"), REGISTRY) == (
        "BOTH", "REGISTRY")


def test_invalid_roles_missing() -> None:
    world = World()
    with pytest.raises(Unauthorized, match="province of province 11"):
        check_signed_by_roles(world.chain.state, signed(world, "REGISTRY", "PROV-31"), REGISTRY, (PROVINCE, "11"))


def test_invalid_threshold_above_the_keys_of_a_body() -> None:
    with pytest.raises(ThresholdAboveKeys):
        signing_policy.get_threshold_field({"threshold": 3}, 2)
    assert signing_policy.get_threshold_field({}, 2) is None


def test_invalid_genesis_entity_below_entity_min_signers() -> None:
    doc = genesis_doc()
    doc["params"]["market_rules"] = {"entity_min_signers": 2}
    doc["participants"].append({"id": uscc(1), "name": "e", "roles": ["entity"], "province": "11", "sector": "power",
                                "pubkeys": [pub("e1")]})
    with pytest.raises(SigningPolicyTooWeak):
        genesis_state(doc)
    doc["participants"][-1] |= {"pubkeys": [pub("e1"), pub("e2")], "threshold": 2}
    assert genesis_state(doc)[0].get(keys.participant(uscc(1)))["threshold"] == 2
