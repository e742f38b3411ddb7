"""Apply issuance: the feature file's scenarios plus unit tests of its shape checks and of the five-year limit."""
from __future__ import annotations

import pytest
from pytest_bdd import given, parsers, scenarios, then

from contracts import apply_issuance
from contracts.ccer import get_reduction
from contracts.fields import format_time, uscc_with_check
from contracts.reductions import compute_years_back
from helpers import pub
from ledger.errors import InvalidField
from reduction_steps import *  # noqa: F403 (the steps the reduction features share)
from scenario import World, vvb_direct

scenarios("../features/apply_issuance.feature")


@given(parsers.parse('VVB "{name}" of the institution of "{other}" accredited for fields {fields}'))
def _vvb_same_institution(world: World, name: str, other: str, fields: str) -> None:
    pid = uscc_with_check("9132" + world.id(other)[4:17])  # another region, the same organization code
    body = {"id": pid, "name": name, "roles": ["vvb"], "pubkeys": [pub(pid)]}
    world.run("register_participant", body, "REGISTRY")
    world.check_result("ok")
    world.ids[name] = pid
    vvb_direct(world.chain, pid, tuple(fields.split(", ")))


@then(parsers.parse('the decision on report {n:d} of "{pid}" is due at "{due}"'))
def _due(world: World, n: int, pid: str, due: str) -> None:
    assert format_time(get_reduction(world.chain.state, pid, n)["application"]["decision_due"]) == due


def body(**changes) -> dict:
    return {"project": "WIND-01", "report": 1, "amount": 1000, "commitment_hash": "ab" * 32, **changes}


@pytest.mark.parametrize("bad", [body(amount=0), body(amount="1000"), body(report=0), body(commitment_hash=""),
                                 body(memo="m"), {k: v for k, v in body().items() if k != "commitment_hash"}])
def test_invalid_shape(bad: dict) -> None:
    with pytest.raises(InvalidField):
        apply_issuance.check_shape(bad)


@pytest.mark.parametrize("day, years, limit", [("2026-01-05", 5, "2021-01-05"), ("2028-02-29", 5, "2023-02-28"),
                                               ("2029-03-01", 1, "2028-03-01"), ("2025-12-31", 5, "2020-12-31")])
def test_compute_years_back(day: str, years: int, limit: str) -> None:
    assert compute_years_back(day, years) == limit
