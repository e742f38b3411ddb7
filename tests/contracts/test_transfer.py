"""Transfer: the feature file's scenarios plus unit tests of its shape checks and atomicity."""
from __future__ import annotations

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from contracts import transfer
from ledger import keys
from ledger.errors import InvalidField
from ledger.holdings import get_holding
from helpers import pub
from scenario import World, allow_bilateral_transfers, entity, give_direct, units_body, vintage
from ccer_fraud_steps import *  # noqa: F403 (the steps the CCER cancellation and fraud features share)

scenarios("../features/transfer.feature")


@when(parsers.re(r'"(?P<src>[^"]+)" transfers (?:(?P<amount>\d+) t|serials (?P<ranges>[\d,-]+)) of (?P<iid>\S+) '
                 r'to "(?P<dst>[^"]+)", signed by "(?P<signer>[^"]+)"(?: with trade_ref "(?P<ref>[^"]+)")?'))
def _transfer(world: World, src: str, amount: str | None, ranges: str | None, iid: str, dst: str, signer: str,
              ref: str | None) -> None:
    body = {"from": world.id(src), "to": world.id(dst), "instrument": iid, **units_body(amount, ranges)}
    if ref:
        body["trade_ref"] = ref
    world.run("transfer", body, signer)


@given(parsers.parse('the exchange settled trade "{ref}" of {amount:d} t of {iid} from "{src}" to "{dst}"'))
def _settled(world: World, ref: str, amount: int, iid: str, src: str, dst: str) -> None:
    body = {"from": world.id(src), "to": world.id(dst), "instrument": iid, "amount": amount, "trade_ref": ref}
    world.run("transfer", body, "EXCHANGE")
    world.check_result("ok")


@given(parsers.parse('a second exchange "{pid}"'))
def _second_exchange(world: World, pid: str) -> None:
    world.run("register_participant", {"id": pid, "name": "另一交易机构", "roles": ["exchange"], "pubkeys": [pub(pid)]}, "MEE")
    world.check_result("ok")


@then(parsers.parse('trade "{ref}" of "{exchange}" is recorded for {amount:d} t from "{src}" to "{dst}"'))
def _trade_recorded(world: World, ref: str, exchange: str, amount: int, src: str, dst: str) -> None:
    record = world.chain.state.get(keys.trade(exchange, ref))
    assert (record["amount"], record["from"], record["to"]) == (amount, world.id(src), world.id(dst)), record
    assert record["height"] == world.chain.tip.height


@then(parsers.parse('"{name}" holds nothing of {iid}'))
def _holds_nothing(world: World, name: str, iid: str) -> None:
    assert get_holding(world.chain.state, world.id(name), iid) == {}


@then(parsers.parse('the move carries trade_ref "{ref}"'))
def _trade_ref(world: World, ref: str) -> None:
    assert [e["trade_ref"] for e in world.events("move")] == [ref]


# -- unit tests -------------------------------------------------------------------------


def body(**changes) -> dict:
    return {"from": "A1", "to": "B1", "instrument": "CEA-2024", "amount": 1, **changes}


@pytest.mark.parametrize("bad", [
    body(amount=0), body(amount=True), body(ranges=[[1, 2]]), body(to="A1"), body(to="CANCELLED"),
    body(memo=""), body(extra=1), {"from": "A1", "to": "B1", "instrument": "CEA-2024"},
    body(trade_ref="T-1\n"), body(trade_ref="T 1"), body(trade_ref=""), body(trade_ref="x" * 65),
])
def test_invalid_shape(bad: dict) -> None:
    with pytest.raises(InvalidField):
        transfer.check_shape(bad)


def test_transfer_counts_flow_for_carry_over() -> None:
    world = World()
    a, b = world.entity("A"), world.entity("B")
    vintage(world.chain, 2024)
    give_direct(world.chain, a, "CEA-2024", 50)
    world.run("transfer", {"from": a, "to": b, "instrument": "CEA-2024", "amount": 20, "trade_ref": "T-1"}, "EXCHANGE")
    world.check_result("ok")
    assert world.chain.state.get(keys.flow(a)) == {"2024/CEA-2024": (0, 20)}
    assert world.chain.state.get(keys.flow(b)) == {"2024/CEA-2024": (20, 0)}


def test_invalid_transfer_leaves_state_unchanged() -> None:
    world = World()
    chain = world.chain
    a, b = entity(chain, 1), entity(chain, 2)
    vintage(chain, 2024)
    give_direct(chain, a, "CEA-2024", 10)
    allow_bilateral_transfers(world)
    before = chain.state.root()
    receipt = chain.run("transfer", {"from": a, "to": b, "instrument": "CEA-2024", "amount": 11}, a)
    assert receipt["code"] == "insufficient_holding"
    assert receipt["message"] == "holding 10 t < requested 11 t"
    assert chain.state.root() == before
