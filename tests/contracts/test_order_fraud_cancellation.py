"""Order fraud cancellation: the feature file's scenarios plus unit tests of its shape checks."""
from __future__ import annotations

import pytest
from pytest_bdd import parsers, scenarios, then

from contracts import order_fraud_cancellation
from ledger import keys
from ledger.errors import InvalidField
from scenario import World, ms
from ccer_fraud_steps import *  # noqa: F403 (the steps the CCER cancellation and fraud features share)
from ccer_fraud_steps import FRAUD_REASON, last_tx_id

scenarios("../features/order_fraud_cancellation.feature")


@then(parsers.parse('the order names owner "{owner}", {amount:d} t, due "{due}" and its reason'))
def _order_names(world: World, owner: str, amount: int, due: str) -> None:
    [event] = world.events("fraud_order")
    order = world.chain.state.get(keys.fraud_order(event["project"]))
    expected = {"owner": world.id(owner), "amount": amount, "due": ms(due), "reason": FRAUD_REASON, "tx": last_tx_id(world),
                "height": world.chain.tip.height, "enforcement": None}
    assert {key: order[key] for key in expected} == expected, order


@then("the order event is emitted")
def _order_event(world: World) -> None:
    [event] = world.events("fraud_order")
    order = world.chain.state.get(keys.fraud_order(event["project"]))
    assert event == {"op": "fraud_order", **{k: v for k, v in order.items() if k != "previous"}}


@then(parsers.parse("the order keeps {count:d} earlier order"))
def _previous(world: World, count: int) -> None:
    [event] = world.events("fraud_order")
    previous = world.chain.state.get(keys.fraud_order(event["project"]))["previous"]
    assert len(previous) == count and previous[0]["status"] == "enforced", previous


# -- unit tests -------------------------------------------------------------------------


def body(**changes) -> dict:
    return {"project": "P-WIND-01", "ref": "F-1", "amount": 60, "due": "2026-06-30T23:59:59+08:00", "reason": "R",
            **changes}


@pytest.mark.parametrize("bad", [body(amount=0), body(amount="60"), body(due="2026-06-30"), body(project="p-1"),
                                 body(reason="x" * 513), body(ref=""), body(memo="m"),
                                 {k: v for k, v in body().items() if k != "due"}])
def test_invalid_shape(bad: dict) -> None:
    with pytest.raises(InvalidField):
        order_fraud_cancellation.check_shape(bad)


def test_shape_accepts_a_full_body() -> None:
    order_fraud_cancellation.check_shape(body())
