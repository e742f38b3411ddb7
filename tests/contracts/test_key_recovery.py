"""Key recovery (request, veto, complete): the feature file's scenarios plus unit tests of shapes and atomicity."""
from __future__ import annotations

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from account_steps import *  # noqa: F403 (the shared account steps)
from contracts import complete_key_recovery, request_key_recovery, veto_key_recovery
from helpers import pub
from ledger import keys
from ledger.errors import InvalidField
from scenario import World, ms

scenarios("../features/key_recovery.feature")

AT = r'(?:, at "(?P<time>[^"]+)")?'
ASK = (r'"(?P<signers>[^"]+)" (?:ask|asked) for the key recovery "(?P<ref>[^"]+)" of "(?P<name>[^"]+)" '
       r'with keys "(?P<labels>[^"]+)" and threshold (?P<k>\d+)' + AT)
VETO = r'"(?P<signers>[^"]+)" (?:veto|vetoed) the key recovery "(?P<ref>[^"]+)" of "(?P<name>[^"]+)"' + AT
COMPLETE = r'"(?P<signers>[^"]+)" (?:completes|completed) the key recovery "(?P<ref>[^"]+)" of "(?P<name>[^"]+)"' + AT


def run(world: World, type_: str, body: dict, signers: str, time: str | None) -> None:
    """Run `type_` signed by the names `signers` ("REGISTRY,PROV-11"), at block time `time` when given."""
    world.run(type_, body, *signers.split(","), time=ms(time) if time else None)


def ask(world: World, signers: str, ref: str, name: str, labels: str, k: str, time: str | None) -> None:
    body = {"account": world.id(name), "request_ref": ref, "pubkeys": [pub(label) for label in labels.split(",")],
            "threshold": int(k)}
    run(world, "request_key_recovery", body, signers, time)


@when(parsers.re(ASK))
def _ask(world: World, signers: str, ref: str, name: str, labels: str, k: str, time: str | None) -> None:
    ask(world, signers, ref, name, labels, k, time)


@given(parsers.re(ASK))
def _asked(world: World, signers: str, ref: str, name: str, labels: str, k: str, time: str | None) -> None:
    ask(world, signers, ref, name, labels, k, time)
    world.check_result("ok")


@when(parsers.re(VETO))
def _veto(world: World, signers: str, ref: str, name: str, time: str | None) -> None:
    run(world, "veto_key_recovery", {"account": world.id(name), "request_ref": ref, "reason": "密钥未丢失"}, signers, time)


@given(parsers.re(VETO))
def _vetoed(world: World, signers: str, ref: str, name: str, time: str | None) -> None:
    _veto(world, signers, ref, name, time)
    world.check_result("ok")


@when(parsers.re(COMPLETE))
def _complete(world: World, signers: str, ref: str, name: str, time: str | None) -> None:
    run(world, "complete_key_recovery", {"account": world.id(name), "request_ref": ref}, signers, time)


@given(parsers.re(COMPLETE))
def _completed(world: World, signers: str, ref: str, name: str, time: str | None) -> None:
    _complete(world, signers, ref, name, time)
    world.check_result("ok")


@given(parsers.parse('an account "{pid}" with the roles registry and province of "{province}", written before the rule'))
def _both(world: World, pid: str, province: str) -> None:
    world.chain.state.put(keys.participant(pid), {"id": pid, "name": pid, "roles": ("registry", "province"),
                                                  "pubkeys": (pub(pid),), "threshold": 1, "province": province,
                                                  "sector": None, "status": "active"})
    world.chain.state.put(keys.signer(pub(pid)), pid)
    world.chain.state.put(keys.nonce(pid), 0)


@then(parsers.parse('the key recovery of "{name}" is {status}, due "{time}"'))
def _recovery(world: World, name: str, status: str, time: str) -> None:
    recovery = world.chain.state.get(keys.recovery(world.id(name)))
    assert (recovery["status"], recovery["due"]) == (status, ms(time)), recovery


# -- unit tests -------------------------------------------------------------------------


def request(**changes) -> dict:
    return {"account": "A1", "request_ref": "KR-1", "pubkeys": [pub("n1")], **changes}


@pytest.mark.parametrize("module, bad", [
    (request_key_recovery, request(pubkeys=[])), (request_key_recovery, request(request_ref="KR 1")),
    (request_key_recovery, request(threshold=0)),
    (request_key_recovery, request(add=[])), (veto_key_recovery, {"account": "A1", "request_ref": "KR-1"}),
    (veto_key_recovery, {"account": "A1", "request_ref": "KR-1", "reason": ""}),
    (complete_key_recovery, {"account": "A1"}), (complete_key_recovery, {"account": "A1", "request_ref": "KR-1", "x": 1}),
])
def test_invalid_shape(module, bad: dict) -> None:
    with pytest.raises(InvalidField):
        module.check_shape(bad)


def test_request_records_the_order_in_the_registry_book() -> None:
    world = World()
    account = world.entity("E1")
    ask(world, "REGISTRY,PROV-11", "KR-1", "E1", "n1", "1", None)
    world.check_result("ok")
    order = world.chain.state.get(keys.order("REGISTRY", "key_request", "KR-1"))
    assert (order["action"], order["account"]) == ("request_key_recovery", account)
    assert world.chain.state.get(keys.recovery(account))["institutions"] == ("REGISTRY", "PROV-11")


def test_the_registry_recovery_is_recorded_in_the_mee_book() -> None:
    world = World()
    ask(world, "MEE,EXCHANGE", "KR-1", "REGISTRY", "n1", "1", None)
    world.check_result("ok")
    assert world.chain.state.get(keys.order("MEE", "key_request", "KR-1"))["account"] == "REGISTRY"


def test_invalid_completion_leaves_state_unchanged() -> None:
    world = World()
    world.entity("E1")
    ask(world, "REGISTRY,PROV-11", "KR-1", "E1", "n1", "1", "2025-09-26T10:00:00+08:00")
    before = world.chain.state.root()
    run(world, "complete_key_recovery", {"account": world.id("E1"), "request_ref": "KR-1"}, "REGISTRY",
        "2025-10-13T23:59:59+08:00")
    assert world.receipt["code"] == "recovery_wait_not_over"
    assert "2025-10-14T00:00:00+08:00" in world.receipt["message"]
    assert world.chain.state.root() == before


def test_a_completion_refuses_keys_taken_during_the_wait() -> None:
    world = World()
    world.entity("E1")
    ask(world, "REGISTRY,PROV-11", "KR-1", "E1", "n1", "1", "2025-09-26T10:00:00+08:00")
    world.run("register_participant", {"id": "PROV-32", "name": "p", "roles": ["province"], "province": "32",
                                       "pubkeys": [pub("n1")]}, "MEE")
    world.check_result("ok")
    run(world, "complete_key_recovery", {"account": world.id("E1"), "request_ref": "KR-1"}, "REGISTRY",
        "2025-10-14T10:00:00+08:00")
    world.check_result("already_exists")
