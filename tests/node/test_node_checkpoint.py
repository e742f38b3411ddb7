"""Checkpoints: signed after each durable block, consistent with the last one signed, stored before they are
served, verifiable with the trust file built from genesis; co-signatures join after verification."""
from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path

import pytest
from sqlalchemy import text

from helpers import genesis_doc, pub, seed
from ledger.bundle import check_consistency
from ledger.checkpoint import parse_checkpoint, parse_note, sign_note, verify_checkpoint
from ledger.errors import NoQuorum
from node import checkpoints
from node.core import Node
from node.errors import CheckpointRefused, NodeStartError
from node.trust import trust_from_genesis
from node_helpers import Signer, grow_chain, make_settings, open_node, transfer, write_home

ORIGIN = "tanledger.devnet/tanledger-test"


@pytest.fixture
def grown(home: Path, db_url: str):
    """A node on a database of each kind with the chain of `grow_chain`, and the signer that grew it."""
    node = open_node(make_settings(home, db_url=db_url))
    signer = Signer()
    grow_chain(node, signer)
    yield node, signer
    node.close()


def test_trust_from_genesis_names_origin_keys_and_quorum() -> None:
    trust = trust_from_genesis(genesis_doc())
    assert trust.to_json() == {"origin": ORIGIN, "genesis_hash": trust.genesis_hash.hex(), "validator_sets": [
        {"from_size": 0, "quorum": 1, "validators": [{"name": f"{ORIGIN}/v1", "pubkey": pub("validator-1")}]}]}
    four = {**genesis_doc(), "network": "testnet",
            "validators": [{"name": f"v{i}", "pubkey": pub(f"validator-{i}")} for i in range(1, 5)]}
    trust4 = trust_from_genesis(four)
    assert trust4.origin == "tanledger.testnet/tanledger-test" and trust4.sets[0].quorum == 3
    assert [v.name for v in trust4.sets[0].validators] == [f"tanledger.testnet/tanledger-test/v{i}" for i in range(1, 5)]


def test_every_block_has_a_checkpoint_that_verifies(grown) -> None:
    grown, _ = grown
    trust = trust_from_genesis(genesis_doc())
    sizes = []
    for height in range(1, grown.tip.height + 1):
        header = grown.store.get_block(height).header
        checkpoint = grown.store.get_checkpoint_at_height(height)
        verified = verify_checkpoint(checkpoint.note, trust)
        assert verified.checkpoint.head == (header.log_size, header.log_root) == (checkpoint.size, checkpoint.root)
        assert verified.signers == (f"{ORIGIN}/v1",)
        sizes.append(checkpoint.size)
    assert sizes == [6, 8, 16, 16, 18, 19, 23, 30, 40]  # block 4 is empty: the checkpoint of size 16 stands
    assert grown.store.get_checkpoint(16).height == 3
    assert [c.size for c in grown.store.list_checkpoints(0, 100)] == sorted(set(sizes))


def test_consecutive_checkpoints_are_consistent(grown) -> None:
    grown, _ = grown
    signed = grown.store.list_checkpoints(0, 100)
    for older, newer in pairwise(signed):
        proof = grown.store.consistency_proof(older.size, newer.size)
        check_consistency((older.size, older.root), (newer.size, newer.root), proof)


def test_a_crash_before_the_checkpoint_is_caught_up_at_restart(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    node = open_node(make_settings(home))
    signer = Signer()
    grow_chain(node, signer, rounds=1)
    signed = node.store.latest_checkpoint()

    def crash(*_args):
        raise RuntimeError("power cut")

    monkeypatch.setattr(checkpoints, "sign_checkpoint", crash)
    node.submit(transfer(signer, 2, 3, amount=1).raw)
    block = node.produce_now()  # the block stands; its checkpoint is missing
    assert node.store.height() == block.header.height and node.store.latest_checkpoint() == signed
    monkeypatch.undo()
    node.close()
    reopened = open_node(make_settings(home))
    try:
        latest = reopened.store.latest_checkpoint()
        assert (latest.size, latest.root, latest.height) == (block.header.log_size, block.header.log_root,
                                                             block.header.height)
        verify_checkpoint(latest.note, reopened.trust)
    finally:
        reopened.close()


def test_a_restart_on_a_log_that_contradicts_a_signed_checkpoint_refuses_to_start(home: Path) -> None:
    node = open_node(make_settings(home))
    grow_chain(node, Signer(), rounds=1)
    with node.store.engine.begin() as conn:  # the tip's checkpoint lost in a crash, an older one forged
        conn.execute(text("DELETE FROM checkpoints WHERE size = :s"), {"s": node.tip.log.size})
    _forge_latest_root(node)
    node.close()
    with pytest.raises(NodeStartError, match="contradicts the checkpoints this validator signed"):
        Node.open(make_settings(home))


def _forge_latest_root(node: Node) -> None:
    with node.store.engine.begin() as conn:
        conn.execute(text("UPDATE checkpoints SET root = :r WHERE size = :s"),
                     {"r": bytes(32).hex(), "s": node.store.latest_checkpoint().size})


def test_a_second_root_for_a_signed_size_is_refused(grown) -> None:
    node, _ = grown
    _forge_latest_root(node)
    node.produce_now(force=True)  # an empty block: the log keeps its size and its real root
    header = node.store.get_block(node.tip.height).header
    with pytest.raises(CheckpointRefused, match="already signed"):
        checkpoints.sign_checkpoint(node, header)


def test_a_log_that_does_not_extend_the_last_checkpoint_is_not_signed(grown, caplog) -> None:
    node, signer = grown
    last = node.store.latest_checkpoint()
    _forge_latest_root(node)
    node.submit(transfer(signer, 2, 3, amount=1).raw)
    block = node.produce_now()
    assert node.store.height() == block.header.height  # the block stands
    assert node.store.latest_checkpoint().size == last.size  # nothing signed past the contradiction
    assert f"checkpoint of block {block.header.height} not signed" in caplog.text
    with pytest.raises(CheckpointRefused, match="no consistent history"):
        checkpoints.sign_checkpoint(node, block.header)


def test_a_header_the_log_does_not_give_or_a_shrinking_log_is_not_signed(grown) -> None:
    node, _ = grown
    header = node.store.get_block(node.tip.height).header
    with pytest.raises(CheckpointRefused, match="stored log's root"):
        checkpoints.check_extends(node.store, None, header.log_size, bytes(32))
    with pytest.raises(CheckpointRefused, match="below the last signed"):
        checkpoints.check_extends(node.store, node.store.latest_checkpoint(), 5, node.store.log_root(5))


@pytest.fixture
def four(tmp_path: Path):
    """A node of validator v1 on a chain of four validators (quorum 3), one block made."""
    home = write_home(tmp_path / "four")
    doc = {**genesis_doc(), "validators": [{"name": f"v{i}", "pubkey": pub(f"validator-{i}")} for i in range(1, 5)]}
    (home / "genesis.json").write_text(json.dumps(doc), encoding="utf-8")
    node = open_node(make_settings(home))
    node.produce_now(force=True)
    yield node
    node.close()


def cosign(node: Node, size: int, validator: int, key_of: int | None = None) -> str:
    """Validator `validator`'s signature line on the stored checkpoint of `size` (made with `key_of`'s key)."""
    body = parse_note(node.store.get_checkpoint(size).note).text
    return sign_note(body, f"{ORIGIN}/v{validator}", seed(f"validator-{key_of or validator}"))


def test_cosignatures_join_a_stored_checkpoint_until_quorum(four: Node) -> None:
    validators = four.trust.sets[0]
    with pytest.raises(NoQuorum):
        verify_checkpoint(four.store.latest_checkpoint().note, four.trust)  # v1 alone: 1 of 3
    checkpoints.add_signature(four.store, validators, 0, cosign(four, 0, 2))
    again = checkpoints.add_signature(four.store, validators, 0, cosign(four, 0, 2))  # once only
    assert len(parse_note(again.note).signatures) == 2
    checkpoints.add_signature(four.store, validators, 0, cosign(four, 0, 3))
    verified = verify_checkpoint(four.store.get_checkpoint(0).note, four.trust)
    assert verified.signers == tuple(f"{ORIGIN}/v{i}" for i in (1, 2, 3))
    assert parse_checkpoint(parse_note(four.store.get_checkpoint(0).note).text).size == 0


@pytest.mark.parametrize("make_line, reason", [
    (lambda n: cosign(n, 0, 4, key_of=9), "from no validator"),  # v4's name, another key: not v4's key id
    (lambda n: sign_note("tanledger.devnet/tanledger-test\n1\n" + "A" * 43 + "=\n", f"{ORIGIN}/v4",
                         seed("validator-4")), "does not verify"),  # v4's key, another body
    (lambda n: "not a signature line", "refused"),
])
def test_a_bad_cosignature_is_refused(four: Node, make_line, reason: str) -> None:
    before = four.store.get_checkpoint(0).note
    with pytest.raises(CheckpointRefused, match=reason):
        checkpoints.add_signature(four.store, four.trust.sets[0], 0, make_line(four))
    assert four.store.get_checkpoint(0).note == before
    with pytest.raises(CheckpointRefused, match="no checkpoint of size 7"):
        checkpoints.add_signature(four.store, four.trust.sets[0], 7, cosign(four, 0, 2))


def test_get_checkpoint_latest_by_size_by_height_and_as_note(client, node) -> None:
    assert client.get("/v1/checkpoint").status_code == 404  # no block yet
    grow_chain(node, Signer())
    body = client.get("/v1/checkpoint").json()
    latest = node.store.latest_checkpoint()
    assert body["origin"] == ORIGIN and body["size"] == 40 and body["height"] == 9
    assert body["root_hex"] == latest.root.hex() and body["note"] == latest.note
    assert body["signers"] == [f"{ORIGIN}/v1"] and body["quorum"] == 1 and body["cosigned"] is True
    as_note = client.get("/v1/checkpoint?format=note")
    assert as_note.headers["content-type"].startswith("text/plain") and as_note.text == latest.note
    assert client.get("/v1/checkpoint?size=16").json()["height"] == 3
    assert client.get("/v1/checkpoint?height=4").json()["size"] == 16  # block 4 is empty
    assert client.get("/v1/checkpoint?height=999").json()["size"] == 40


def test_checkpoint_history_pages(client, node) -> None:
    grow_chain(node, Signer())
    first = client.get("/v1/checkpoints?limit=3").json()
    assert [c["size"] for c in first["checkpoints"]] == [6, 8, 16] and first["next"] == 18
    rest = client.get(f"/v1/checkpoints?from={first['next']}").json()
    assert [c["size"] for c in rest["checkpoints"]] == [18, 19, 23, 30, 40] and rest["next"] is None
    assert all(c["signers"] == [f"{ORIGIN}/v1"] for c in rest["checkpoints"])


@pytest.mark.parametrize("path, status, code", [
    ("/v1/checkpoint?size=11", 404, "not_found"),
    ("/v1/checkpoint?size=5&height=1", 422, "invalid_request"),
    ("/v1/checkpoint?size=abc", 422, "invalid_request"),
    ("/v1/checkpoint?size=-1", 422, "invalid_request"),
    ("/v1/checkpoint?height=0", 422, "invalid_request"),
    ("/v1/checkpoint?size=99999999999999999999999", 422, "invalid_request"),
    ("/v1/checkpoint?format=xml", 422, "invalid_request"),
    ("/v1/checkpoints?limit=0", 422, "invalid_request"),
    ("/v1/checkpoints?limit=100000", 422, "invalid_request"),
    ("/v1/checkpoints?from=x", 422, "invalid_request"),
])
def test_bad_checkpoint_queries(client, node, path: str, status: int, code: str) -> None:
    grow_chain(node, Signer(), rounds=1)
    response = client.get(path)
    assert response.status_code == status, response.json()
    assert response.json()["code"] == code
