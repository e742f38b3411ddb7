"""The transaction envelope (contracts/execute.py): the nonce feature's scenarios plus unit tests of check_nonce."""
from __future__ import annotations

import pytest
from pytest_bdd import parsers, scenarios, then

from contracts import execute_tx
from contracts.execute import check_nonce
from helpers import Chain
from ledger import keys
from ledger.errors import NonceGap, NonceReused
from ledger.state import State
from scenario import World, allow_bilateral_transfers, give_direct, vintage

scenarios("../features/execute.feature")


@then(parsers.parse('the last nonce of "{name}" is {nonce:d}'))
def _last_nonce(world: World, name: str, nonce: int) -> None:
    assert world.chain.state.get(keys.nonce(world.id(name)), 0) == nonce


# -- unit tests -------------------------------------------------------------------------


def test_check_nonce_accepts_the_next() -> None:
    check_nonce(State({keys.nonce("A1"): 4}), "A1", 5)


@pytest.mark.parametrize("nonce, error, text", [
    (1, NonceReused, "nonce 1 of A1 is already used: its next nonce is 5 (last committed 4); sign again with nonce 5"),
    (4, NonceReused, "nonce 4 of A1 is already used"),
    (6, NonceGap, "nonce 6 of A1 skips ahead: its next nonce is 5 (last committed 4); send the missing ones first"),
    (7, NonceGap, "nonce 7 of A1 skips ahead"),
])
def test_invalid_nonce(nonce: int, error: type, text: str) -> None:
    with pytest.raises(error) as caught:
        check_nonce(State({keys.nonce("A1"): 4}), "A1", nonce)
    assert text in caught.value.message


def test_a_participant_without_a_nonce_record_starts_at_1() -> None:
    check_nonce(State(), "A1", 1)
    with pytest.raises(NonceGap):
        check_nonce(State(), "A1", 2)


def test_execute_tx_rolls_back_the_nonce_of_a_refused_transaction() -> None:
    world = World()
    chain, a, b = world.chain, world.entity("A"), world.entity("B")
    vintage(chain, 2024)
    give_direct(chain, a, "CEA-2024", 5)
    allow_bilateral_transfers(world)
    state, ctx, before = chain.state, chain.ctx(), chain.state.root()
    body = {"from": a, "to": b, "instrument": "CEA-2024"}
    receipt = execute_tx(state, chain.sign("transfer", {**body, "amount": 6}, a, nonce=1), ctx)
    assert receipt["code"] == "insufficient_holding"
    assert state.get(keys.nonce(a)) == 0 and state.root() == before
    receipt = execute_tx(state, chain.sign("transfer", {**body, "amount": 5}, a, nonce=1), ctx)
    assert receipt["code"] == "ok" and state.get(keys.nonce(a)) == 1


def test_chain_helper_reuses_the_nonce_of_a_refused_transaction() -> None:
    chain = Chain.new()
    receipts = chain.block([chain.sign("create_instrument", {"id": "CEA-2024", "vintage": 2024}, "MEE"),
                            chain.sign("create_instrument", {"id": "CEA-2024", "vintage": 2024}, "MEE"),
                            chain.sign("create_instrument", {"id": "CEA-2025", "vintage": 2025}, "MEE")])
    assert [r["code"] for r in receipts] == ["ok", "already_exists", "nonce_gap"]
    assert chain.run("create_instrument", {"id": "CEA-2025", "vintage": 2025}, "MEE")["code"] == "ok"
    assert chain.state.get(keys.nonce("MEE")) == 2


def test_a_defect_in_a_rule_refuses_the_transaction_and_the_chain_goes_on(monkeypatch, caplog) -> None:
    """Anything but an InvalidTransaction from a handler is a defect: the transaction fails with execution_fault,
    changes nothing (not even its nonce), is logged with its traceback, and the next block runs as usual."""
    from contracts import create_instrument

    chain = Chain.new()
    original = create_instrument.apply

    def broken_apply(state, tx, ctx):
        original(state, tx, ctx)  # a half-done change that the rollback must undo
        raise KeyError("order/rotate_key/R1")

    monkeypatch.setattr(create_instrument, "apply", broken_apply)
    before = chain.state.root()
    with caplog.at_level("ERROR", logger="tanledger.contracts"):
        receipt = chain.run("create_instrument", {"id": "CEA-2024", "vintage": 2024}, "MEE")
    assert receipt["code"] == "execution_fault", receipt
    assert "unexpected KeyError" in receipt["message"] and "report transaction" in receipt["message"]
    assert "order/rotate_key" not in receipt["message"]  # every validator writes the same receipt
    assert chain.state.root() == before and chain.state.get(keys.instrument("CEA-2024")) is None
    assert "DEFECT" in caplog.text and "KeyError" in caplog.text
    monkeypatch.setattr(create_instrument, "apply", original)
    assert chain.run("create_instrument", {"id": "CEA-2024", "vintage": 2024}, "MEE")["code"] == "ok"
    assert chain.state.get(keys.nonce("MEE")) == 1
