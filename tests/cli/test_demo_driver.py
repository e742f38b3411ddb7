"""The demo's driver against a stub node: refusals and a stuck node end the demo with one clear error."""
from __future__ import annotations

import httpx
import pytest

from cli.client import NodeClient
from cli.console import CliError
from cli.demo import driver
from cli.demo.scenario import Phase


def stub_client(status: dict) -> NodeClient:
    return NodeClient("http://stub", transport=httpx.MockTransport(lambda request: httpx.Response(200, json=status)))


def test_invalid_wait_committed_on_a_stuck_node(monkeypatch):
    monkeypatch.setattr(driver, "STALL_S", 0.2)
    monkeypatch.setattr(driver, "POLL_S", 0.01)
    client = stub_client({"height": 3, "log_size": 10, "mempool_size": 5})
    seen = []
    with pytest.raises(CliError) as caught:
        driver.wait_committed(client, Phase("surrender", "Surrender", "2025-12-18T10:00:00+08:00"), 15, seen.append)
    assert caught.value.code == "stalled"
    assert caught.value.message == ("phase 'surrender': 5 transactions not in a block after 0 s without progress; "
                                    "see the validators' logs")
    assert set(seen) == {10}


def test_wait_committed_returns_when_the_log_holds_every_transaction_of_the_phase():
    seen = []
    driver.wait_committed(stub_client({"height": 9, "log_size": 42, "mempool_size": 3}), Phase("k", "t", "x"), 42, seen.append)
    assert seen == [42]


def test_invalid_check_admitted_names_the_first_refusal():
    results = [{"id": "a", "status": "pending"}, {"id": "b", "code": "nonce_reused", "message": "nonce 3 of MEE is not above 4"},
               {"code": "malformed", "message": "x"}]
    with pytest.raises(CliError) as caught:
        driver.check_admitted(Phase("cycle", "t", "x"), results)
    assert caught.value.code == "nonce_reused"
    assert caught.value.message == "phase 'cycle': 2 of 3 transactions refused; first: nonce 3 of MEE is not above 4"


def attempt_phase() -> Phase:
    from cli.demo.scenario import TxSpec
    return Phase("refused-cap", "t", "x", [TxSpec("freeze_offset", {"amount": 1}, ("MEE",))], expect="offset_cap_exceeded")


def keyring():
    from cli.demo.signing import Keyring
    return Keyring("tanledger-demo", {"MEE": bytes(32)})


def test_run_attempts_counts_the_expected_refusals():
    answer = {"results": [{"code": "offset_cap_exceeded", "message": "cap"}]}
    client = NodeClient("http://stub", transport=httpx.MockTransport(lambda request: httpx.Response(200, json=answer)))
    assert driver.run_attempts(client, keyring(), attempt_phase()) == 1


@pytest.mark.parametrize("result", [{"id": "a", "status": "pending"}, {"code": "insufficient_holding", "message": "m"}])
def test_invalid_run_attempts_admitted_or_refused_for_another_reason(result):
    client = NodeClient("http://stub", transport=httpx.MockTransport(lambda request: httpx.Response(200, json={"results": [result]})))
    with pytest.raises(CliError) as caught:
        driver.run_attempts(client, keyring(), attempt_phase())
    assert caught.value.code == "unexpected_outcome"
    assert caught.value.message.startswith("phase 'refused-cap': an attempt meant to be refused with offset_cap_exceeded got ")
