"""Proofs on the wire: every committed transaction's inclusion proof (JSON and .tlog-proof), consistency
between any two checkpoints, state proofs at past heights; each checked with the ledger's verifiers
against the trust built from genesis, on SQLite and PostgreSQL; bad input never a 500."""
from __future__ import annotations

import base64
import itertools
import json
import warnings
from pathlib import Path

import pytest

from helpers import genesis_doc, uscc
from ledger.block import BlockHeader
from ledger.bundle import check_consistency, parse_bundle, verify_bundle
from ledger.checkpoint import verify_checkpoint
from ledger.cosign import HEADER_SIGN_PREFIX
from ledger.crypto import is_valid_signature
from ledger.encoding import canonical
from ledger.merkle import leaf_hash
from ledger.state_proof import verify_state_proof
from ledger.verify import verify_consistency, verify_inclusion
from node.api import create_app
from node.trust import trust_from_genesis
from node_helpers import CEA, Signer, grow_chain, make_settings, open_node, transfer

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

TRUST = trust_from_genesis(genesis_doc())


@pytest.fixture
def served(home: Path, db_url: str):
    """(client, node, logged transactions) on a database of each kind."""
    node = open_node(make_settings(home, db_url=db_url))
    logged = grow_chain(node, Signer())
    with TestClient(create_app(node.settings, node)) as client:
        yield client, node, logged
    node.close()


@pytest.fixture
def grown(client, node):
    """(client, node, logged transactions) on the SQLite node of the shared fixtures."""
    return client, node, grow_chain(node, Signer())


def test_every_transaction_has_an_inclusion_proof_that_verifies(served) -> None:
    client, node, logged = served
    for log_index, tx in enumerate(logged):
        body = client.get(f"/v1/proof/inclusion/{tx.id_hex}").json()
        assert body["log_index"] == log_index and body["tree_size"] == 40
        leaf = base64.b64decode(body["leaf"])
        verify_inclusion(leaf_hash(leaf), log_index, 40, [bytes.fromhex(h) for h in body["audit_path"]],
                         verify_checkpoint(body["checkpoint"], TRUST).checkpoint.root)
        bundle = client.get(f"/v1/proof/inclusion/{tx.id_hex}?format=tlog-proof")
        assert bundle.headers["content-type"].startswith("text/plain")
        assert bundle.headers["content-disposition"] == f'attachment; filename="tx-{tx.id_hex}.tlog-proof"'
        verified = verify_bundle(bundle.text, None, TRUST)
        assert (verified.index, verified.leaf_hash.hex()) == (log_index, body["leaf_hash"])
        assert parse_bundle(bundle.text).extra == leaf and tx.raw == base64.b64decode(json.loads(leaf)["tx"])


def test_inclusion_in_an_older_checkpoint(grown) -> None:
    client, _, logged = grown
    body = client.get(f"/v1/proof/inclusion/{logged[3].id_hex}?size=6").json()
    assert body["tree_size"] == 6
    bundle = client.get(f"/v1/proof/inclusion/{logged[3].id_hex}?size=6&format=tlog-proof").text
    latest = verify_checkpoint(client.get("/v1/checkpoint?format=note").text, TRUST).checkpoint
    proof = [bytes.fromhex(h) for h in client.get("/v1/proof/consistency?from=6&to=40").json()["proof"]]
    verify_bundle(bundle, None, TRUST, last_checkpoint=latest.head, consistency_proof=proof)


def test_consistency_between_any_two_checkpoints(served) -> None:
    client, node, _ = served
    sizes = [c["size"] for c in client.get("/v1/checkpoints").json()["checkpoints"]]
    for older, newer in itertools.combinations_with_replacement(sizes, 2):
        body = client.get(f"/v1/proof/consistency?from={older}&to={newer}").json()
        first = verify_checkpoint(body["from_checkpoint"], TRUST).checkpoint
        second = verify_checkpoint(body["to_checkpoint"], TRUST).checkpoint
        assert (body["from_size"], body["to_size"]) == (first.size, second.size) == (older, newer)
        proof = [bytes.fromhex(h) for h in body["proof"]]
        verify_consistency(older, newer, proof, first.root, second.root)
        check_consistency(first.head, second.head, proof)
    default = client.get("/v1/proof/consistency?from=7").json()
    assert default["to_size"] == 40 and default["from_checkpoint"] is None  # no checkpoint of size 7


def test_state_proof_at_an_older_height_verifies_against_its_header(served) -> None:
    client, node, _ = served
    key = f"holding/{uscc(1)}/{CEA}"
    values = {}
    for height in (3, 5, 9):
        body = client.get(f"/v1/proof/state/{key}?height={height}").json()
        header = BlockHeader.from_json(body["header"])
        assert header.hash().hex() == body["block_hash"] == client.get(f"/v1/blocks/{height}").json()["hash"]
        assert body["state_root"] == header.state_root.hex() and body["height"] == height
        leaf = canonical([body["key"], body["value"]])
        assert base64.b64decode(body["leaf"]) == leaf
        verify_inclusion(leaf_hash(leaf), body["index"], body["tree_size"],
                         [bytes.fromhex(h) for h in body["audit_path"]], header.state_root)
        signature = body["commit"]["signatures"][0]
        assert is_valid_signature(bytes.fromhex(signature["validator"]), HEADER_SIGN_PREFIX + header.hash(),
                                  bytes.fromhex(signature["signature"]))
        assert verify_checkpoint(body["checkpoint"], TRUST).checkpoint.head == (header.log_size, header.log_root)
        values[height] = body["value"]["available"]
    assert values == {3: [[1, 700]], 5: [[601, 700]], 9: [[1, 6], [601, 700]]}  # lowest serials move first
    latest = client.get(f"/v1/proof/state/{key}").json()
    assert latest["height"] == 9 and latest["value"] == {"available": values[9]}


def test_state_proof_of_an_obligation(grown) -> None:
    client, _, _ = grown
    body = client.get(f"/v1/proof/state/obligation/2024/{uscc(2)}?height=3").json()
    assert body["value"]["account"] == uscc(2) and body["value"]["allocated"] == 700


@pytest.mark.parametrize("key, height", [
    (f"holding/{uscc(9)}/{CEA}", None),  # no such account: no holding
    (f"holding/{uscc(1)}/{CEA}", 1),  # before its allocation
    (f"obligation/2031/{uscc(1)}", 9),  # no obligation that year
    ("!", None),  # below every key
    ("~", 5),  # above every key
])
def test_absence_proof_verifies_with_adjacent_neighbours(served, key: str, height: int | None) -> None:
    client, node, _ = served
    url = f"/v1/proof/state/{key}" + (f"?height={height}" if height else "")
    body = client.get(url).json()
    header = BlockHeader.from_json(body["header"])
    assert body["present"] is False and "value" not in body and "audit_path" not in body
    assert body["tree_size"] == header.state_size == len(node.store.get_entries_at(body["height"]))
    left, right = body["left"], body["right"]
    assert (left or {"index": -1})["index"] + 1 == (right or {"index": header.state_size})["index"]
    assert (left is None or left["key"] < key) and (right is None or key < right["key"])
    verified = verify_state_proof(body, TRUST)
    assert (verified.present, verified.key, verified.value, verified.header.height) == (False, key, None, body["height"])


def test_present_key_says_so_and_verifies(served) -> None:
    client, _, _ = served
    body = client.get(f"/v1/proof/state/holding/{uscc(1)}/{CEA}?height=9").json()
    assert body["present"] is True and body["tree_size"] == BlockHeader.from_json(body["header"]).state_size
    assert verify_state_proof(body, TRUST).value == body["value"] == {"available": [[1, 6], [601, 700]]}


@pytest.mark.parametrize("path, status, code", [
    (f"/v1/proof/inclusion/{'ab' * 32}", 404, "not_found"),
    ("/v1/proof/inclusion/xyz", 422, "invalid_request"),
    ("/v1/proof/inclusion/{tx}?size=6", 422, "invalid_inclusion_proof"),
    ("/v1/proof/inclusion/{tx}?size=11", 404, "not_found"),
    ("/v1/proof/inclusion/{tx}?size=x", 422, "invalid_request"),
    ("/v1/proof/inclusion/{tx}?format=pdf", 422, "invalid_request"),
    ("/v1/proof/consistency?from=10&to=6", 422, "invalid_request"),
    ("/v1/proof/consistency?from=6&to=41", 422, "bad_tree_size"),
    ("/v1/proof/consistency?from=0&to=6", 422, "invalid_request"),
    ("/v1/proof/consistency?from=a&to=6", 422, "invalid_request"),
    ("/v1/proof/consistency?from=1.5&to=6", 422, "invalid_request"),
    ("/v1/proof/consistency", 422, "invalid_request"),
    ("/v1/proof/consistency?from=1&to=99999999999999999999999", 422, "invalid_request"),
    (f"/v1/proof/state/holding/{uscc(1)}/{CEA}?height=10", 404, "not_found"),
    (f"/v1/proof/state/holding/{uscc(1)}/{CEA}?height=0", 422, "invalid_request"),
    (f"/v1/proof/state/holding/{uscc(1)}/{CEA}?height=h", 422, "invalid_request"),
    ("/v1/proof/state/bad%01key", 422, "invalid_request"),
    ("/v1/log/40", 404, "not_found"),
    ("/v1/log/-1", 422, "invalid_request"),
])
def test_bad_proof_queries(grown, path: str, status: int, code: str) -> None:
    client, _, logged = grown
    response = client.get(path.replace("{tx}", logged[7].id_hex))  # log entry 7: in the checkpoints from size 8
    assert response.status_code == status, response.json()
    assert response.json()["code"] == code


def test_a_pending_transaction_has_no_proof_yet(grown) -> None:
    client, node, _ = grown
    signer = Signer()
    signer.nonces[uscc(2)] = node.store.get_state(f"nonce/{uscc(2)}")
    tx = transfer(signer, 2, 3, amount=1)
    node.submit(tx.raw)
    response = client.get(f"/v1/proof/inclusion/{tx.id_hex}")
    assert response.status_code == 404 and "pending" in response.json()["message"]


def test_log_entry_by_index(grown) -> None:
    client, _, logged = grown
    body = client.get("/v1/log/11").json()
    assert body["tx_id"] == logged[11].id_hex and body["proof"] == f"/v1/proof/inclusion/{logged[11].id_hex}"


def test_public_records_link_to_their_proofs(grown) -> None:
    client, node, logged = grown
    tx = client.get(f"/v1/tx/{logged[0].id_hex}").json()
    assert tx["proof"] == {"inclusion": f"/v1/proof/inclusion/{logged[0].id_hex}",
                           "bundle": f"/v1/proof/inclusion/{logged[0].id_hex}?format=tlog-proof"}
    serial = client.get(f"/v1/serials/{CEA}/1").json()
    assert [e["proof"] for e in serial["events"]] == [f"/v1/proof/inclusion/{e['tx_id']}" for e in serial["events"]]
    for event in serial["events"]:
        assert client.get(event["proof"]).status_code == 200
    compliance = client.get("/v1/compliance/2024").json()
    for status in compliance["statuses"]:
        assert status["proof"] == f"/v1/proof/state/obligation/2024/{status['account']}?height=9"
        assert client.get(status["proof"]).json()["value"]["account"] == status["account"]
    one = client.get(f"/v1/compliance/2024/{uscc(1)}").json()
    assert one["proof"] == f"/v1/proof/state/obligation/2024/{uscc(1)}?height=9"
    instrument = client.get(f"/v1/instruments/{CEA}").json()
    assert instrument["proof"] == f"/v1/proof/state/instrument/{CEA}"
    assert client.get(instrument["proof"]).json()["value"]["issued"] == instrument["issued"]
