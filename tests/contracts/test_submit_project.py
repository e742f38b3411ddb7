"""Submit project: the feature's scenarios plus unit tests of its shape checks and the crediting end."""
from __future__ import annotations

import pytest
from pytest_bdd import given, parsers, scenarios, then

from contracts.project_checks import compute_crediting_end
from contracts.submit_project import check_shape
from ledger.errors import InvalidField
from scenario import World, project_body

from project_steps import *  # noqa: F403 (the steps the project features share)
from project_steps import project_of

scenarios("../features/submit_project.feature")


@given(parsers.parse('"{signer}" withdrew methodology {code}'))
def _withdrew(world: World, signer: str, code: str) -> None:
    body = {"code": code, "name": code, "field": code[5:7], "max_crediting_years": 10, "version": code[-3:],
            "status": "withdrawn"}
    world.run("set_methodology", body, signer)
    world.check_result("ok")


@then(parsers.parse('project "{pid}" credits from "{start}" to "{end}"'))
def _credits(world: World, pid: str, start: str, end: str) -> None:
    record = project_of(world, pid)
    assert (record["crediting_start"], record["crediting_end"]) == (start, end)


@pytest.mark.parametrize("start, years, end", [
    ("2021-01-01", 10, "2030-12-31"), ("2024-02-29", 1, "2025-02-28"), ("2024-02-29", 4, "2028-02-28"),
    ("2023-07-15", 1, "2024-07-14"),
])
def test_compute_crediting_end(start: str, years: int, end: str) -> None:
    assert compute_crediting_end(start, years) == end


@pytest.mark.parametrize("changes", [
    {"project": "h1"}, {"province": "3"}, {"pdd_hash": "AB" * 32}, {"crediting_years": 0}, {"crediting_years": 61},
    {"external_ref": "GEC 1"}, {"facility": "fac"}, {"location": ""}, {"methodology": "CCER-01-002"}, {"extra": 1},
])
def test_invalid_shape(changes: dict) -> None:
    with pytest.raises(InvalidField):
        check_shape(project_body("HW-1", "V1") | changes)


def test_shape_without_optional_reference_and_with_one() -> None:
    check_shape(project_body("HW-1", "V1"))
    check_shape(project_body("HW-1", "V1", external_ref="GEC-2024-0001"))
