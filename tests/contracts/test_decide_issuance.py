"""Decide issuance: the feature file's scenarios plus unit tests of its shape checks."""
from __future__ import annotations

import pytest
from pytest_bdd import given, parsers, scenarios, then

from contracts import decide_issuance
from contracts.ccer import get_reduction
from ledger import keys
from ledger.errors import InvalidField
from reduction_steps import APPLICATION_TX, VALIDATION_TX
from reduction_steps import *  # noqa: F403 (the steps the reduction features share)
from scenario import World, register_project

scenarios("../features/decide_issuance.feature")


@then(parsers.parse('instrument {iid} is a CCER of "{pid}" vintage {year:d} with {issued:d} t issued'))
def _instrument(world: World, iid: str, pid: str, year: int, issued: int) -> None:
    record = world.chain.state.get(keys.instrument(iid))
    assert (record["kind"], record["project"], record["vintage"], record["issued"], record["methodology"]) == (
        "CCER", pid, year, issued, "CCER-01-002-V01")


@then(parsers.parse("there is no instrument {iid}"))
def _no_instrument(world: World, iid: str) -> None:
    assert world.chain.state.get(keys.instrument(iid)) is None


@then(parsers.parse('the decision on report {n:d} of "{pid}" issued {issued}'))
def _issued(world: World, n: int, pid: str, issued: str) -> None:
    pairs = (item.split(" ") for item in issued.split(" and "))
    expected = {iid: [[int(x) for x in span.split("-")]] for iid, span in pairs}
    assert get_reduction(world.chain.state, pid, n)["decision"]["issued"] == expected


@then(parsers.re(r'the decision on report (?P<n>\d+) of "(?P<pid>[^"]+)" is (?P<late>on time|late)'))
def _late(world: World, n: str, pid: str, late: str) -> None:
    assert get_reduction(world.chain.state, pid, int(n))["decision"]["late"] is (late == "late")


@then(parsers.parse('the issue events name {first} {a:d} t and {second} {b:d} t to "{name}"'))
def _issue_events(world: World, first: str, a: int, second: str, b: int, name: str) -> None:
    seen = [(e["instrument"], e["amount"], e["to"], e["reason"]) for e in world.events("issue")]
    assert seen == [(first, a, world.id(name), "ccer_issuance"), (second, b, world.id(name), "ccer_issuance")]


@then(parsers.parse('each names project "{pid}", report {n:d}, methodology {code}, period {start} to {end}'))
def _provenance(world: World, pid: str, n: int, code: str, start: str, end: str) -> None:
    for event in world.events("issue"):
        assert (event["project"], event["report"], event["methodology"], event["period"]) == (pid, n, code, [start, end])


@then(parsers.parse('each names validating VVB "{validating}" and verifying VVB "{verifying}"'))
def _vvbs(world: World, validating: str, verifying: str) -> None:
    for event in world.events("issue"):
        assert (event["validating_vvb"], event["verifying_vvb"]) == (world.id(validating), world.id(verifying))


@then("each names the project's validation and application and report 1's verification and application")
def _commitments(world: World) -> None:
    report = get_reduction(world.chain.state, "WIND-01", 1)
    expected = {"project_application": APPLICATION_TX, "validation": VALIDATION_TX,
                "verification": report["verification"]["tx"], "issuance_application": report["application"]["tx"]}
    assert [e["commitments"] for e in world.events("issue")] == [expected, expected]


@given(parsers.parse('project "{pid}" of "{owner}" validated by "{vvb}" registered through its lifecycle from {day}'))
def _registered(world: World, pid: str, owner: str, vvb: str, day: str) -> None:
    register_project(world, pid, owner, vvb, submitted=f"{day}T10:00:00+08:00")


@then(parsers.parse('the issue event of {iid} names the four commitments of report {n:d} of "{pid}"'))
def _four_commitments(world: World, iid: str, n: int, pid: str) -> None:
    project, report = world.chain.state.get(keys.project(pid)), get_reduction(world.chain.state, pid, n)
    [event] = world.events("issue")
    assert (event["instrument"], event["commitments"]) == (iid, {
        "project_application": project["application"]["tx"], "validation": project["validation"]["tx"],
        "verification": report["verification"]["tx"], "issuance_application": report["application"]["tx"]})
    assert project["status"] == "registered" and project["decision"]["tx"] != project["application"]["tx"]


def body(**changes) -> dict:
    return {"project": "WIND-01", "report": 1, "outcome": "register", **changes}


def test_shape_accepts_a_registration_with_a_reason() -> None:
    decide_issuance.check_shape(body(reason="材料齐全"))


@pytest.mark.parametrize("bad", [body(outcome="issue"), body(outcome="refuse"), body(outcome="refuse", reason=" "),
                                 body(reason="x" * 513), body(report="1"), body(memo="m")])
def test_invalid_shape(bad: dict) -> None:
    with pytest.raises(InvalidField):
        decide_issuance.check_shape(bad)
