"""API: submitting transactions and following them; every bad input gets a 4xx with a stable code."""
from __future__ import annotations

import json

import pytest

from helpers import CHAIN_ID, seed, uscc
from ledger import keys
from ledger.tx import sign_transaction
from node.api import deps
from node_helpers import Signer, commit_proposed, commit_via_api, entity_body, market_setup, post_tx, transfer


@pytest.fixture
def signer(client, node) -> Signer:
    """Entities 1 and 2 hold 700 t of CEA-2024 each."""
    signer = Signer()
    for stage in market_setup(signer, [1, 2]):
        commit_via_api(client, node, stage)
    return signer


def test_submit_answers_202_pending_then_committed(client, node) -> None:
    tx = Signer().sign("register_participant", entity_body(1), "REGISTRY")
    assert post_tx(client, tx) == {"id": tx.id_hex, "status": "pending"}
    assert client.get(f"/v1/tx/{tx.id_hex}").json() == {"id": tx.id_hex, "status": "pending"}
    block = node.produce_now()
    response = client.get(f"/v1/tx/{tx.id_hex.upper()}")
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["height"], body["index"], body["block_hash"]) == ("committed", 1, 0, block.header.hash().hex())
    assert body["receipt"]["code"] == "ok" and body["type"] == "register_participant" and body["log_index"] == 0
    assert body["payload"] == tx.payload() and body["time"].endswith("+08:00")


def test_a_second_pending_transfer_is_judged_after_the_first(client, node, signer) -> None:
    first, second = transfer(signer, 1, 2, amount=600), transfer(signer, 1, 2, amount=600)
    post_tx(client, first)
    response = client.post("/v1/tx", content=second.raw)  # each alone would pass; together they overdraw
    assert response.status_code == 422 and response.json()["code"] == "insufficient_holding"
    assert client.get(f"/v1/tx/{second.id_hex}").status_code == 404
    node.produce_now()
    assert client.get(f"/v1/tx/{first.id_hex}").json()["status"] == "committed"


def test_a_transaction_that_fails_in_its_block_is_reported_failed(client, node, signer) -> None:
    first, second = transfer(signer, 1, 2, amount=600), transfer(signer, 1, 2, amount=600)
    commit_proposed(node, [first, second])  # a proposer's block: another validator admitted the second
    assert client.get(f"/v1/tx/{first.id_hex}").json()["status"] == "committed"
    body = client.get(f"/v1/tx/{second.id_hex}").json()
    assert body["status"] == "failed" and body["receipt"]["code"] == "insufficient_holding"


def test_bulk_submission_answers_per_line(client, node) -> None:
    signer = Signer()
    good = [signer.sign("register_participant", entity_body(n), "REGISTRY") for n in (1, 2)]
    lines = [good[0].raw, b"{not json", good[1].raw, good[0].raw]
    response = client.post("/v1/txs", content=b"\n".join(lines) + b"\r\n", headers={"content-type": "application/x-ndjson"})
    assert response.status_code == 202
    body = response.json()
    assert body["accepted"] == 3
    assert body["results"][0] == {"id": good[0].id_hex, "status": "pending"}
    assert body["results"][1]["code"] == "malformed"
    assert body["results"][3] == {"id": good[0].id_hex, "status": "pending"}  # the same bytes again: safe
    node.produce_now()
    assert all(client.get(f"/v1/tx/{tx.id_hex}").json()["status"] == "committed" for tx in good)


def test_bulk_submission_has_limits(client, node, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(deps, "MAX_BULK_TXS", 2)
    lines = b"\n".join(_valid_raw() for _ in range(3))
    response = client.post("/v1/txs", content=lines, headers={"content-type": "application/x-ndjson"})
    assert response.status_code == 413 and response.json()["code"] == "too_large"
    node.settings.max_body_bytes = 1024
    response = client.post("/v1/txs", content=b" " * 1025, headers={"content-type": "application/x-ndjson"})
    assert response.status_code == 413 and response.json()["code"] == "too_large"


def test_bulk_submission_needs_ndjson(client) -> None:
    response = client.post("/v1/txs", content=b"[]", headers={"content-type": "application/json"})
    assert response.status_code == 415 and response.json()["code"] == "unsupported_media_type"


def _valid_raw() -> bytes:
    return Signer().sign("register_participant", entity_body(7), "REGISTRY").raw


def _bad_signature() -> bytes:
    value = json.loads(_valid_raw())
    sig = value["signatures"][0]
    value["signatures"][0] = ("0" if sig[0] != "0" else "1") + sig[1:]
    return json.dumps(value, separators=(",", ":"), sort_keys=True, ensure_ascii=False).encode()


BAD_BODIES = {
    "malformed_json": (b'{"payload":', 422, "malformed"),
    "empty_body": (b"", 422, "malformed"),
    "not_utf8": (b"\xff\xfe", 422, "malformed"),
    "non_canonical": (json.dumps(json.loads(_valid_raw()), indent=1).encode(), 422, "non_canonical"),
    "duplicate_keys": (_valid_raw().replace(b'{"payload":', b'{"payload":{},"payload":', 1), 422, "malformed"),
    "float": (_valid_raw().replace(b'"nonce":1,', b'"nonce":1.5,', 1), 422, "malformed"),
    "not_a_transaction": (b'{"a":1}', 422, "malformed"),
    "bad_signature": (_bad_signature(), 422, "bad_signature"),
    "wrong_chain": (sign_transaction("other-chain", "register_participant", entity_body(7), [seed("REGISTRY")], 1).raw,
                    422, "wrong_chain"),
    "unknown_type": (sign_transaction(CHAIN_ID, "mint", {}, [seed("REGISTRY")], 1).raw, 422, "unknown_type"),
    "unregistered_signer": (sign_transaction(CHAIN_ID, "register_participant", entity_body(7), [seed("nobody")], 1).raw,
                            403, "unauthorized"),
    "wrong_role": (sign_transaction(CHAIN_ID, "create_instrument", {"id": "CEA-2030", "vintage": 2030},
                                    [seed("REGISTRY")], 1).raw, 403, "unauthorized"),
    "invalid_field": (sign_transaction(CHAIN_ID, "create_instrument", {"id": "CEA-2030", "vintage": 2031},
                                       [seed("MEE")], 1).raw, 422, "invalid_field"),
    "too_large": (b" " * (256 * 1024 + 1), 413, "too_large"),
    "nested_too_deeply": (b"[" * 100_000 + b"]" * 100_000, 422, "malformed"),
}


@pytest.mark.parametrize("name", sorted(BAD_BODIES))
def test_bad_transaction_bodies_are_refused(client, name: str) -> None:
    raw, status, code = BAD_BODIES[name]
    response = client.post("/v1/tx", content=raw, headers={"content-type": "application/json"})
    assert response.status_code == status, response.json()
    assert response.json()["code"] == code and response.json()["message"]
    assert client.get("/v1/status").json()["mempool_size"] == 0


def test_refusals_that_need_chain_state(client, node, signer) -> None:
    reused = signer.sign("register_participant", entity_body(8), "REGISTRY", nonce=1)
    gap = signer.sign("register_participant", entity_body(8), "REGISTRY", nonce=node.state.get(keys.nonce("REGISTRY")) + 2)
    overdraw = transfer(signer, 1, 2, amount=701)
    # each refused transaction leaves entity 1's next nonce at 1: the next ones are signed with it again
    unknown_account = signer.sign("transfer", {"from": uscc(1), "to": uscc(99), "instrument": "CEA-2024", "amount": 1},
                                  uscc(1), nonce=1)
    not_yours = signer.sign("transfer", {"from": uscc(1), "to": uscc(2), "instrument": "CEA-2024", "amount": 1}, uscc(2))
    for tx, status, code in [(reused, 422, "nonce_reused"), (gap, 422, "nonce_gap"),
                             (overdraw, 422, "insufficient_holding"), (unknown_account, 404, "not_found"),
                             (not_yours, 403, "unauthorized")]:
        response = client.post("/v1/tx", content=tx.raw)
        assert (response.status_code, response.json()["code"]) == (status, code), response.json()
    assert client.get("/v1/status").json()["mempool_size"] == 0


def test_resending_the_same_bytes_is_idempotent(client, node) -> None:
    tx = Signer().sign("register_participant", entity_body(1), "REGISTRY")
    post_tx(client, tx)
    again = client.post("/v1/tx", content=tx.raw)  # pending: 202 again, queued once
    assert (again.status_code, again.json()) == (202, {"id": tx.id_hex, "status": "pending"})
    assert list(node.engine.queue) == [tx.id]
    node.produce_now()
    committed = client.post("/v1/tx", content=tx.raw)  # in a block: 200 committed, not queued again
    assert (committed.status_code, committed.json()) == (200, {"id": tx.id_hex, "status": "committed"})
    assert not node.engine.queue and node.produce_now() is None
    assert node.store.get_tx(tx.id).height == 1 and list(node.store.get_block(1).tx_ids) == [tx.id]


def test_bulk_resending_committed_bytes_answers_committed(client, node) -> None:
    tx = Signer().sign("register_participant", entity_body(1), "REGISTRY")
    commit_via_api(client, node, [tx])
    response = client.post("/v1/txs", content=tx.raw + b"\n", headers={"content-type": "application/x-ndjson"})
    assert response.status_code == 202
    assert response.json() == {"accepted": 0, "results": [{"id": tx.id_hex, "status": "committed"}]}
    assert not node.engine.queue


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "application/x-ndjson"])
def test_wrong_content_type_is_refused(client, content_type: str) -> None:
    response = client.post("/v1/tx", content=_valid_raw(), headers={"content-type": content_type})
    assert response.status_code == 415 and response.json()["code"] == "unsupported_media_type"


@pytest.mark.parametrize("tx_id, status, code", [
    ("00" * 32, 404, "not_found"), ("zz" * 32, 422, "invalid_request"), ("abc", 422, "invalid_request")])
def test_get_tx_of_unknown_or_bad_id(client, tx_id: str, status: int, code: str) -> None:
    response = client.get(f"/v1/tx/{tx_id}")
    assert response.status_code == status and response.json()["code"] == code
