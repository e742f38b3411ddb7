"""Cancel: the feature file's scenarios plus unit tests of its shape checks and terminality."""
from __future__ import annotations

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from contracts import cancel
from ledger.constants import CANCELLED_ACCOUNT
from ledger.errors import InvalidField, TerminalAccount
from ledger.holdings import apply_move
from scenario import World, ensure_vintage, give_direct, units_body
from ccer_fraud_steps import *  # noqa: F403 (the steps the CCER cancellation and fraud features share)

scenarios("../features/cancel.feature")

CANCEL = (r'"(?P<name>[^"]+)" cancels (?:(?P<amount>\d+) t|serials (?P<ranges>[\d,-]+)) of (?P<iid>\S+) '
          r'(?:as (?P<purpose>\S+) )?for "(?P<beneficiary>[^"]*)"(?: with a reason of (?P<length>\d+) characters)?, '
          r'signed by "(?P<signer>[^"]+)"')
REASON = "自愿注销，用于碳中和"


@given(parsers.parse('a court freezes {amount:d} t of {iid} of "{name}"'))
def _freeze(world: World, amount: int, iid: str, name: str) -> None:
    body = {"order_ref": "(2025)京01执2号", "action": "freeze", "account": world.id(name), "court": "北京市第一中级人民法院",
            "instrument": iid, "amount": amount}
    world.run("court_order", body, "REGISTRY")
    world.check_result("ok")


def run_cancel(world: World, name: str, amount: str | None, ranges: str | None, iid: str, beneficiary: str,
               signer: str, purpose: str | None = None, length: str | None = None) -> None:
    """Cancel for `purpose` (default public_interest) with REASON, or a reason of `length` characters."""
    body = {"account": world.id(name), "instrument": iid, "purpose": purpose or "public_interest",
            "beneficiary": beneficiary, "reason": "理" * int(length) if length else REASON, **units_body(amount, ranges)}
    world.run("cancel", body, signer)


@when(parsers.re(CANCEL))
def _cancel(world: World, name: str, amount: str | None, ranges: str | None, iid: str, purpose: str | None,
            beneficiary: str, length: str | None, signer: str) -> None:
    run_cancel(world, name, amount, ranges, iid, beneficiary, signer, purpose, length)


@given(parsers.re(CANCEL))
def _cancelled(world: World, name: str, amount: str | None, ranges: str | None, iid: str, purpose: str | None,
               beneficiary: str, length: str | None, signer: str) -> None:
    run_cancel(world, name, amount, ranges, iid, beneficiary, signer, purpose, length)
    world.check_result("ok")


@when(parsers.parse('"{name}" transfers serials {ranges} of {iid} to "{to}", signed by "{signer}"'))
def _transfer(world: World, name: str, ranges: str, iid: str, to: str, signer: str) -> None:
    body = {"from": world.id(name), "to": world.id(to), "instrument": iid, "trade_ref": "T-1", **units_body(None, ranges)}
    world.run("transfer", body, signer)


@then(parsers.parse('the move to CANCELLED names beneficiary "{beneficiary}" and its reason'))
def _details(world: World, beneficiary: str) -> None:
    [move] = world.events("move")
    assert (move["to"], move["reason"], move["beneficiary"], move["cancellation_reason"]) == (
        CANCELLED_ACCOUNT, "cancellation", beneficiary, REASON)


# -- unit tests -------------------------------------------------------------------------


def body(**changes) -> dict:
    return {"account": "A1", "instrument": "CEA-2024", "amount": 1, "purpose": "company_offset", "beneficiary": "B",
            "reason": "R", **changes}


@pytest.mark.parametrize("bad", [body(amount=0), body(reason=""), body(beneficiary="x" * 201), body(ranges=[[1, 1]]),
                                 {k: v for k, v in body().items() if k != "reason"}, body(memo="m")])
def test_invalid_shape(bad: dict) -> None:
    with pytest.raises(InvalidField):
        cancel.check_shape(bad)


def test_kernel_refuses_to_move_cancelled_units() -> None:
    world = World()
    account = world.entity("E1")
    give_direct(world.chain, account, ensure_vintage(world.chain, "CEA-2024"), 10)
    world.run("cancel", body(account=account, amount=10), "E1")
    world.check_result("ok")
    with pytest.raises(TerminalAccount):
        apply_move(world.chain.state, "CEA-2024", CANCELLED_ACCOUNT, account, ((1, 10),), "transfer")


def test_failing_cancel_leaves_state_unchanged() -> None:
    world = World()
    account = world.entity("E1")
    give_direct(world.chain, account, ensure_vintage(world.chain, "CEA-2024"), 10)
    before = world.chain.state.root()
    world.run("cancel", body(account=account, amount=11), "E1")
    assert world.receipt == {"code": "insufficient_holding", "message": "holding 10 t < requested 11 t", "events": []}
    assert world.chain.state.root() == before
