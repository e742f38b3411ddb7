"""Record external claim: the feature's scenarios plus unit tests of its shape checks."""
from __future__ import annotations

import pytest
from pytest_bdd import parsers, scenarios, then, when

from contracts.record_external_claim import check_shape
from ledger import keys
from ledger.errors import InvalidField
from scenario import World

from project_steps import *  # noqa: F403 (the steps the project features share)

scenarios("../features/record_external_claim.feature")


@when(parsers.re(r'"(?P<signer>[^"]+)" records an? (?P<kind>\w+) claim on ref "(?P<ref>[^"]+)"'
                 r'(?: and facility "(?P<facility>[^"]+)")?$'))
def _record(world: World, signer: str, kind: str, ref: str, facility: str | None) -> None:
    body = {"kind": kind, "ref": ref, **({"facility": facility} if facility else {})}
    world.run("record_external_claim", body, signer)


@then(parsers.parse('the {kind} "{value}" is claimed elsewhere as {elsewhere}'))
def _claimed(world: World, kind: str, value: str, elsewhere: str) -> None:
    claim = world.chain.state.get(keys.project_claim(kind, value))
    assert claim == {"elsewhere": elsewhere, "by": "REGISTRY", "tx": world.chain.blocks[-1].txs[0].id_hex}


@pytest.mark.parametrize("bad", [{"kind": "local_ets"}, {"kind": "local_ets", "ref": "a b"},
                                 {"kind": "local_ets", "ref": "R1", "facility": "fac"},
                                 {"kind": "local_ets", "ref": "R1", "project": "HW-1"}])
def test_invalid_shape(bad: dict) -> None:
    with pytest.raises(InvalidField):
        check_shape(bad)
