"""Accredit VVB: the feature's scenarios plus unit tests of its shape checks."""
from __future__ import annotations

import pytest
from pytest_bdd import parsers, scenarios, then, when

from contracts.accredit_vvb import check_shape
from ledger.errors import InvalidField
from scenario import World

from project_steps import *  # noqa: F403 (the steps the project features share)
from project_steps import vvb_record

scenarios("../features/accredit_vvb.feature")


@when(parsers.re(r'"(?P<signer>[^"]+)" sets "(?P<name>[^"]+)" to "(?P<status>[^"]+)"'
                 r'(?: with fields "(?P<fields>[^"]*)")?$'))
def _accredit(world: World, signer: str, name: str, status: str, fields: str | None) -> None:
    body = {"vvb": world.id(name), "status": status}
    if fields is not None:
        body["fields"] = [f for f in fields.split(",") if f]
    world.run("accredit_vvb", body, signer)


@then(parsers.re(r'the history of "(?P<name>[^"]+)" has (?P<count>\d+) changes?, the last "(?P<status>[^"]+)" at this block'))
def _history(world: World, name: str, count: str, status: str) -> None:
    history = vvb_record(world, name)["history"]
    assert len(history) == int(count)
    assert history[-1][0] == status and history[-1][2:] == (world.chain.tip.time, world.chain.tip.height)


@pytest.mark.parametrize("bad", [
    {"vvb": "V1", "status": "active"}, {"vvb": "V1", "status": "paused", "fields": ["01"]},
    {"vvb": "v1", "status": "suspended"}, {"vvb": "V1", "status": "active", "fields": "01"},
    {"vvb": "V1", "status": "active", "fields": [1]}, {"vvb": "V1", "status": "active", "fields": ["01"], "x": 1},
])
def test_invalid_shape(bad: dict) -> None:
    with pytest.raises(InvalidField):
        check_shape(bad)
