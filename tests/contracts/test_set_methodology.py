"""Set methodology: the feature's scenarios, the project's methodology file and the genesis path."""
from __future__ import annotations

import pytest
from pytest_bdd import parsers, scenarios, then, when

from cli.genesis_init import compose_genesis, make_keys
from cli.methodologies import get_methodology_body, load_methodologies
from cli.console import CliError
from contracts.genesis import genesis_state
from contracts.set_methodology import check_shape
from helpers import genesis_doc, seed
from ledger import keys
from ledger.errors import InvalidField
from scenario import World

from project_steps import *  # noqa: F403 (the steps the project features share)

scenarios("../features/set_methodology.feature")


@when(parsers.re(r'"(?P<signer>[^"]+)" sets methodology (?P<code>\S+) with field "(?P<field>[^"]*)", '
                 r'at most (?P<years>-?\d+) years, version "(?P<version>[^"]*)", status "(?P<status>[^"]*)"'))
def _set(world: World, signer: str, code: str, field: str, years: str, version: str, status: str) -> None:
    body = {"code": code, "name": "测试方法学", "field": field, "max_crediting_years": int(years), "version": version,
            "status": status}
    world.run("set_methodology", body, signer)


@then(parsers.parse('methodology {code} has field "{field}", at most {years:d} years and status "{status}"'))
def _has(world: World, code: str, field: str, years: int, status: str) -> None:
    record = world.chain.state.get(keys.methodology(code))
    assert (record["field"], record["max_crediting_years"], record["status"]) == (field, years, status)
    assert record["set_at"] == world.chain.tip.height


# -- the project's file and the genesis ---------------------------------------------------


def test_the_project_file_has_the_six_published_methodologies() -> None:
    codes = [body["code"] for body in load_methodologies()]
    assert codes == ["CCER-14-001-V01", "CCER-14-002-V01", "CCER-01-001-V01", "CCER-01-002-V01", "CCER-10-001-V01",
                     "CCER-07-001-V01"]
    assert get_methodology_body("CCER-01-002-V01")["max_crediting_years"] == 10
    assert get_methodology_body("CCER-01-002-V01")["name"] == "并网海上风力发电"
    with pytest.raises(CliError):
        get_methodology_body("CCER-99-001-V01")


def test_a_composed_genesis_loads_the_six_methodologies() -> None:
    doc = compose_genesis("tanledger-x", "devnet", "2024-01-02T09:00:00+08:00", make_keys(iter(seed(str(n)) for n in range(99)).__next__))
    state, _ = genesis_state(doc)
    record = state.get(keys.methodology("CCER-14-001-V01"))
    assert (record["name"], record["field"], record["status"], record["set_at"]) == ("造林碳汇", "14", "active", 0)


@pytest.mark.parametrize("methodologies", [
    {"code": "CCER-01-002-V01"}, ["CCER-01-002-V01"],
    [get_methodology_body("CCER-01-002-V01"), get_methodology_body("CCER-01-002-V01")],
    [{**get_methodology_body("CCER-01-002-V01"), "max_crediting_years": 0}],
])
def test_invalid_genesis_methodologies(methodologies) -> None:
    doc = genesis_doc()
    doc["params"]["methodologies"] = methodologies
    with pytest.raises(InvalidField):
        genesis_state(doc)


@pytest.mark.parametrize("bad", [
    {"code": "CCER-01-002-V01", "name": "x", "field": "01", "max_crediting_years": 10, "version": "V01"},
    {"code": "CCER-01-002-V01", "name": "", "field": "01", "max_crediting_years": 10, "version": "V01", "status": "active"},
    {"code": "CCER-01-002-V01", "name": "x", "field": "01", "max_crediting_years": True, "version": "V01",
     "status": "active"},
    {"code": "CCER-01-002-V01", "name": "x" * 201, "field": "01", "max_crediting_years": 10, "version": "V01",
     "status": "active"},
])
def test_invalid_shape(bad: dict) -> None:
    with pytest.raises(InvalidField):
        check_shape(bad)
