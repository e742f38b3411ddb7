"""CheckTx admission: the cheap checks (signer count, known signers) refuse before any signature is
verified; what passes is judged on the check state and waits in `node.pending`."""
from __future__ import annotations

import json

import pytest

from helpers import CHAIN_ID, seed
from ledger.tx import sign_transaction
from node import app as app_module
from node.admission import MAX_SIGNERS
from node.core import Node
from node_helpers import Signer, entity_body


def no_dry_run(*_args, **_kwargs):
    raise AssertionError("a cheap check should have refused before signatures and the dry run")


def with_bad_signatures(raw: bytes) -> bytes:
    """The same transaction with every signature's first hex digit changed: none verifies."""
    value = json.loads(raw)
    value["signatures"] = [("0" if s[0] != "0" else "1") + s[1:] for s in value["signatures"]]
    return json.dumps(value, separators=(",", ":"), sort_keys=True, ensure_ascii=False).encode()


def test_admit_puts_the_transaction_in_pending(node: Node) -> None:
    tx = Signer().sign("register_participant", entity_body(1), "REGISTRY")
    admission = node.check_tx(tx.raw)
    assert (admission.ok, admission.tx.id) == (True, tx.id) and list(node.pending) == [tx.id]


def test_invalid_too_many_signers_refused_before_any_signature(node: Node, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_module, "execute_tx", no_dry_run)
    strangers = [seed(f"stranger-{i}") for i in range(MAX_SIGNERS + 1)]
    raw = with_bad_signatures(sign_transaction(CHAIN_ID, "register_participant", entity_body(1), strangers, 1).raw)
    admission = node.check_tx(raw)
    assert admission.code == "too_many_signers" and f"{MAX_SIGNERS + 1} signers" in admission.message
    assert not node.pending


def test_invalid_unknown_signer_refused_before_any_signature(node: Node, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_module, "execute_tx", no_dry_run)
    raw = with_bad_signatures(sign_transaction(CHAIN_ID, "register_participant", entity_body(1),
                                               [seed("REGISTRY"), seed("nobody")], 1).raw)
    admission = node.check_tx(raw)
    assert admission.code == "unauthorized" and "belongs to no participant" in admission.message
    assert not node.pending


def test_invalid_bad_signature_of_known_signers_is_found_by_the_dry_run(node: Node) -> None:
    raw = with_bad_signatures(Signer().sign("register_participant", entity_body(1), "REGISTRY").raw)
    assert node.check_tx(raw).code == "bad_signature" and not node.pending


def test_at_most_max_signers_pass_the_count(node: Node) -> None:
    signers = ["REGISTRY", "MEE", "EXCHANGE", "PROV-11", "PROV-31", "PROV-44"]
    assert len(signers) <= MAX_SIGNERS
    admission = node.check_tx(sign_transaction(CHAIN_ID, "register_participant", entity_body(1),
                                               [seed(s) for s in signers], 1).raw)
    assert admission.code != "too_many_signers"


@pytest.mark.parametrize("nonce, code", [(1, "nonce_reused"), (3, "nonce_gap"), (2, "ok")])
def test_nonce_must_be_exactly_the_next(node: Node, nonce: int, code: str) -> None:
    signer = Signer()
    node.submit(signer.sign("register_participant", entity_body(1), "REGISTRY").raw)
    node.produce_now()  # the REGISTRY's last committed nonce is 1
    tx = signer.sign("register_participant", entity_body(2), "REGISTRY", nonce=nonce)
    assert node.check_tx(tx.raw).code == code


def test_nonces_count_on_from_the_pending_ones(node: Node) -> None:
    signer = Signer()
    first, second = (signer.sign("register_participant", entity_body(n), "REGISTRY") for n in (1, 2))
    assert node.check_tx(second.raw).code == "nonce_gap"  # nonce 2 before nonce 1
    assert node.check_tx(first.raw).ok and node.check_tx(second.raw).ok
    assert list(node.pending) == [first.id, second.id]
