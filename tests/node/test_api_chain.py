"""API: status, genesis, blocks and pages of blocks, the devnet clock (advance_clock), docs, and HTTP-level errors."""
from __future__ import annotations

import base64
import json
import warnings

import pytest

with warnings.catch_warnings():  # Starlette's notice that its TestClient will move to httpx2
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient  # not `from conftest`: tests/cli has a conftest too
from helpers import bilateral_genesis_doc, genesis_doc, pub
from ledger.block import BlockHeader
from ledger.cosign import HEADER_SIGN_PREFIX
from ledger.crypto import is_valid_signature
from node.api import create_app
from node.api import routes_chain
from node.clock import parse_time
from node_helpers import Signer, commit_via_api, entity_body, make_settings, open_node, write_home


@pytest.fixture
def three_blocks(client, node) -> list:
    """Blocks 1–3 with one, two and three registrations."""
    signer, blocks, n = Signer(), [], 0
    for size in (1, 2, 3):
        txs = [signer.sign("register_participant", entity_body(n + i), "REGISTRY") for i in range(1, size + 1)]
        n += size
        commit_via_api(client, node, txs)
        blocks.append(txs)
    return blocks


def test_status_reports_the_tip(client, node, three_blocks) -> None:
    body = client.get("/v1/status").json()
    assert (body["chain_id"], body["height"], body["log_size"], body["mempool_size"]) == ("tanledger-test", 3, 6, 0)
    assert body["block_hash"] == node.tip.hash.hex() and body["state_root"] == node.state.root().hex()
    assert body["log_root"] == node.tip.log.root().hex() and body["validator"] == pub("validator-1")
    assert body["clock"] == "sim" and body["time"].startswith("2024-01-02T09:00:00.003")


def test_genesis_is_served(client) -> None:
    assert client.get("/v1/genesis").json() == bilateral_genesis_doc()


def test_block_by_height_has_header_commit_and_tx_ids(client, three_blocks) -> None:
    body = client.get("/v1/blocks/2").json()
    header = BlockHeader.from_json(body["header"])
    assert body["hash"] == header.hash().hex() and body["height"] == 2
    assert body["tx_ids"] == [tx.id_hex for tx in three_blocks[1]]
    signature = body["commit"]["signatures"][0]
    assert signature["validator"] == pub("validator-1") and body["commit"]["block_hash"] == body["hash"]
    signed = HEADER_SIGN_PREFIX + header.hash()  # the domain-separated header signature
    assert is_valid_signature(bytes.fromhex(signature["validator"]), signed, bytes.fromhex(signature["signature"]))
    assert not is_valid_signature(bytes.fromhex(signature["validator"]), header.hash(), bytes.fromhex(signature["signature"]))
    assert client.get("/v1/blocks/3").json()["header"]["prev_hash"] == body["hash"]


@pytest.mark.parametrize("path, status, code", [("/v1/blocks/4", 404, "not_found"), ("/v1/blocks/0", 422, "invalid_request"),
                                                ("/v1/blocks/x", 422, "invalid_request"),
                                                ("/v1/blocks?from=3&to=1", 422, "invalid_request"),
                                                ("/v1/blocks?from=-1", 422, "invalid_request")])
def test_bad_block_queries(client, three_blocks, path: str, status: int, code: str) -> None:
    response = client.get(path)
    assert response.status_code == status and response.json()["code"] == code


def test_block_range_has_raw_txs_for_replay(client, three_blocks) -> None:
    body = client.get("/v1/blocks?from=2").json()
    assert [b["height"] for b in body["blocks"]] == [2, 3] and body["next"] is None
    assert [base64.b64decode(t) for t in body["blocks"][1]["txs"]] == [tx.raw for tx in three_blocks[2]]
    assert client.get("/v1/blocks?from=9").json() == {"blocks": [], "next": None}


def test_block_range_pages(client, three_blocks, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(routes_chain, "MAX_PAGE_BLOCKS", 2)
    first = client.get("/v1/blocks").json()
    assert [b["height"] for b in first["blocks"]] == [1, 2] and first["next"] == 3
    assert [b["height"] for b in client.get("/v1/blocks?from=3").json()["blocks"]] == [3]
    monkeypatch.setattr(routes_chain, "MAX_PAGE_BYTES", 1)  # at least one block per page, however large
    assert [b["height"] for b in client.get("/v1/blocks?from=1&to=3").json()["blocks"]] == [1]


@pytest.fixture
def testnet(tmp_path):
    """A TestClient and node on a chain whose network is "testnet": no advance_clock there."""
    home = write_home(tmp_path / "testnet")
    (home / "genesis.json").write_text(json.dumps({**genesis_doc(), "network": "testnet"}), encoding="utf-8")
    node = open_node(make_settings(home))
    with TestClient(create_app(node.settings, node)) as client:
        yield client, node
    node.close()


def post_advance(client, signer: Signer, to: object, *signers: str) -> object:
    """POST /v1/tx of an advance_clock transaction to `to`, signed by `signers` (default the MEE)."""
    tx = signer.sign("advance_clock", {"to": to}, *(signers or ("MEE",)))
    return client.post("/v1/tx", content=tx.raw, headers={"content-type": "application/json"})


def test_advance_clock_transaction_moves_block_time(client, node) -> None:
    node.clock.advance(1000)  # the engine's time of block 1: one second after genesis
    response = post_advance(client, Signer(), "2025-12-31T23:59:59+08:00")
    assert response.status_code == 202, response.json()
    block = node.produce_now()
    assert block.header.time == parse_time("2024-01-02T09:00:01+08:00")  # its own block keeps the engine's time
    answer = client.get(f"/v1/tx/{response.json()['id']}").json()
    offset = parse_time("2025-12-31T23:59:59+08:00") - parse_time("2024-01-02T09:00:01+08:00")
    assert answer["status"] == "committed" and answer["receipt"]["events"] == [
        {"op": "clock_advanced", "to": "2025-12-31T23:59:59+08:00", "offset_ms": offset}]
    node.clock.advance(1000)  # one engine second later
    node.produce_now(force=True)
    status = client.get("/v1/status").json()
    assert (status["height"], status["time"]) == (2, "2026-01-01T00:00:00.000+08:00")
    assert status["clock_offset_ms"] == offset


def test_advance_clock_never_moves_back(client, node) -> None:
    signer = Signer()
    assert post_advance(client, signer, "2025-12-31T23:59:59+08:00").status_code == 202
    node.produce_now()
    back = post_advance(client, signer, "2025-01-01T00:00:00+08:00")
    assert back.status_code == 422 and back.json()["code"] == "invalid_field"
    assert "not after block time" in back.json()["message"] and node.tip.height == 1


@pytest.mark.parametrize("to", ["tomorrow", "2025-01-01T00:00:00", 5, None])
def test_advance_clock_refuses_bad_times(client, to: object) -> None:
    response = post_advance(client, Signer(), to)
    assert response.status_code == 422 and response.json()["code"] == "invalid_field"
    assert client.get("/v1/status").json()["mempool_size"] == 0


def test_advance_clock_needs_the_mee(client) -> None:
    response = post_advance(client, Signer(), "2025-12-31T23:59:59+08:00", "REGISTRY")
    assert response.status_code == 403 and response.json()["code"] == "unauthorized"


def test_advance_clock_is_refused_off_a_devnet(testnet) -> None:
    client, node = testnet
    response = post_advance(client, Signer(), "2025-12-31T23:59:59+08:00")
    assert response.status_code == 422 and response.json()["code"] == "devnet_only"
    assert client.get("/v1/status").json()["clock_offset_ms"] == 0 and not node.engine.queue


def test_the_unsigned_dev_clock_route_is_gone(client) -> None:
    response = client.post("/v1/dev/clock", json={"time": "2030-01-01T00:00:00+08:00"})
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert client.get("/v1/status").json()["height"] == 0


def test_the_app_opens_its_own_node_on_the_wall_clock(home) -> None:
    settings = make_settings(home, clock="wall")
    with TestClient(create_app(settings)) as client:  # the app opens (and closes) the node itself
        assert client.get("/v1/status").json()["clock"] == "wall"
        assert client.get("/v1/status").json()["engine"] == "solo"
        response = client.post("/v1/dev/clock", json={"time": "2030-01-01T00:00:00+08:00"})
        assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_docs_and_unknown_routes(client) -> None:
    assert client.get("/docs").status_code == 200
    assert "/v1/tx" in client.get("/openapi.json").json()["paths"]
    missing = client.get("/v1/nothing")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    wrong = client.delete("/v1/status")
    assert wrong.status_code == 405 and wrong.json()["code"] == "method_not_allowed"
