"""Witness cosignatures on a validator: the witnesses file, the stored note, what is served and the trust root.

The cosignatures are made here with the witnesses' keys (`ledger.cosignature.cosign`); the
add-checkpoint client against real witness processes is tested in tests/network/test_witnesses.py.
"""
from __future__ import annotations

import base64
import json
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from helpers import seed
from ledger.checkpoint import format_checkpoint, make_note, parse_note, sign_note, verify_checkpoint
from ledger.cosignature import Witness, cosign
from ledger.errors import NotFound
from node import checkpoints
from node.errors import NodeStartError
from node.proofs import checkpoint_view, find_checkpoint
from node.witnesses_file import WitnessEndpoint, WitnessPolicy, parse_witnesses, write_witnesses
from node.witnessing import WitnessAhead, WitnessClient, WitnessConflict, WitnessError, add_checkpoint_body
from node_helpers import Signer, make_settings, market_setup, open_node, transfer

NAMES = ("witness-1", "witness-2", "witness-3")
T0 = 1_764_000_000  # a POSIX time for the cosignatures made here


def policy(quorum: int = 2) -> WitnessPolicy:
    return WitnessPolicy(quorum, tuple(WitnessEndpoint(Witness(n, _pub(n)), f"http://127.0.0.1:{2024 + i}")
                                       for i, n in enumerate(NAMES)))


def _pub(name: str) -> bytes:
    from ledger.crypto import public_key

    return public_key(seed(name))


@pytest.fixture
def signer() -> Signer:
    return Signer()


@pytest.fixture
def witnessed(home: Path, signer: Signer):
    """A solo node with a witnesses file of three witnesses, quorum 2, and a few blocks (no witness runs)."""
    write_witnesses(home / "witnesses.json", policy())
    node = open_node(make_settings(home))
    for stage in market_setup(signer, [1, 2]):
        for tx in stage:
            node.submit(tx.raw)
        node.produce_now(force=True)
    yield node
    node.close()


def witness_line(node, size: int, name: str, at: int) -> str:
    return cosign(parse_note(node.store.get_checkpoint(size).note).text, name, seed(name), at)


def test_checkpoint_is_served_once_a_quorum_of_witnesses_cosigned_it(witnessed) -> None:
    latest = witnessed.store.latest_checkpoint()
    # Signed by the validator only: nothing to serve yet
    with pytest.raises(NotFound):
        find_checkpoint(witnessed)
    with witnessed.lock:
        checkpoints.add_witness_line(witnessed.store, policy().witnesses[0], latest.size,
                                     witness_line(witnessed, latest.size, "witness-1", T0))
    with pytest.raises(NotFound):
        find_checkpoint(witnessed)
    with witnessed.lock:
        checkpoints.add_witness_line(witnessed.store, policy().witnesses[2], latest.size,
                                     witness_line(witnessed, latest.size, "witness-3", T0 + 5))
    served = find_checkpoint(witnessed)
    assert served.size == latest.size
    view = checkpoint_view(witnessed, served)
    assert view["witnesses"] == [{"name": "witness-1", "time": T0}, {"name": "witness-3", "time": T0 + 5}]
    assert view["witness_quorum"] == 2 and view["witnessed"] is True and view["cosigned"] is True
    verified = verify_checkpoint(served.note, witnessed.trust)
    assert verified.witnesses == (("witness-1", T0), ("witness-3", T0 + 5))


def test_a_newer_cosignature_replaces_the_witness_older_line(witnessed) -> None:
    size = witnessed.store.latest_checkpoint().size
    w1 = policy().witnesses[0]
    with witnessed.lock:
        checkpoints.add_witness_line(witnessed.store, w1, size, witness_line(witnessed, size, "witness-1", T0))
        stored = checkpoints.add_witness_line(witnessed.store, w1, size,
                                              witness_line(witnessed, size, "witness-1", T0 + 60))
    assert stored == witnessed.store.get_checkpoint(size)
    lines = stored.note.splitlines()
    assert sum(" witness-1 " in line for line in lines) == 1
    assert checkpoint_view(witnessed, stored)["witnesses"] == [{"name": "witness-1", "time": T0 + 60}]
    assert checkpoint_view(witnessed, stored)["signers"] == [f"{witnessed.identity.origin}/v1"]


def test_trust_root_carries_the_witness_policy(witnessed) -> None:
    from node.api import create_app

    with TestClient(create_app(witnessed.settings, witnessed)) as http:
        trust = http.get("/v1/trust").json()
        assert trust["witness_quorum"] == 2
        assert trust["witnesses"] == [{"name": n, "pubkey": _pub(n).hex()} for n in NAMES]
        assert http.get("/v1/checkpoint").json()["code"] == "not_found"


def test_node_without_witnesses_file_serves_as_before(node) -> None:
    node.produce_now(force=True)
    view = checkpoint_view(node, find_checkpoint(node))
    assert view["witnesses"] == [] and view["witness_quorum"] == 0 and view["witnessed"] is False
    assert "witnesses" not in node.trust.to_json()


@pytest.mark.parametrize("text, needle", [
    ('{"quorum": 4, "witnesses": []}', "quorum 4"),
    ('{"witnesses": []}', "quorum"),
    ('{"quorum": 1, "witnesses": [{"name": "w", "pubkey": "zz", "url": "http://x"}]}', "malformed"),
    ("not json", "cannot read"),
])
def test_invalid_witnesses_file_stops_the_node_with_a_reason(home: Path, text: str, needle: str) -> None:
    (home / "witnesses.json").write_text(text)
    with pytest.raises(NodeStartError, match=needle):
        open_node(make_settings(home))


def test_witnesses_file_round_trips() -> None:
    assert parse_witnesses(json.loads(json.dumps(policy().to_json()))) == policy()


def test_add_checkpoint_body_is_old_size_proof_lines_blank_line_note() -> None:
    proof = [bytes([i]) * 32 for i in range(2)]
    body = add_checkpoint_body(5, proof, "origin\n9\nroot\n\n— v1 sig\n")
    assert body == ("old 5\n" + "".join(base64.b64encode(h).decode() + "\n" for h in proof)
                    + "\norigin\n9\nroot\n\n— v1 sig\n")


def test_client_refuses_an_answer_without_a_valid_cosignature_of_its_witness(witnessed) -> None:
    stored = witnessed.store.latest_checkpoint()
    client = WitnessClient(policy().endpoints[0], http=None)  # type: ignore[arg-type]
    good = witness_line(witnessed, stored.size, "witness-1", T0)
    assert client.check_answer(stored.note, good + "\n") == good
    with pytest.raises(WitnessError, match="no cosignature of its key"):
        client.check_answer(stored.note, witness_line(witnessed, stored.size, "witness-2", T0) + "\n")
    forged = cosign("another body\n", "witness-1", seed("witness-1"), T0)
    with pytest.raises(WitnessError, match="does not verify"):
        client.check_answer(stored.note, forged + "\n")


def test_client_learns_the_witness_size_from_a_409_and_sends_the_consistency_proof(witnessed, signer,
                                                                                   tmp_path) -> None:
    from node.witness.http import create_app
    from node.witness.service import WitnessService
    from node.witness.store import WitnessStore

    service = WitnessService("witness-1", seed("witness-1"), [witnessed.trust], WitnessStore(tmp_path / "w.db"),
                             lambda: T0)
    endpoint = replace(policy().endpoints[0], url="http://testserver")
    with TestClient(create_app(service)) as http:
        first = witnessed.store.latest_checkpoint()
        client = WitnessClient(endpoint, http)
        line = client.request(first, witnessed.store.consistency_proof)
        assert client.size == first.size and line.split(" ")[1] == "witness-1"
        witnessed.submit(transfer(signer, 1, 2, amount=1).raw)
        witnessed.produce_now()
        newer = witnessed.store.latest_checkpoint()
        restarted = WitnessClient(endpoint, http)  # a validator that restarted: it knows no size yet
        line = restarted.request(newer, witnessed.store.consistency_proof)
        assert restarted.size == newer.size
        assert client.check_answer(newer.note, line) == line
        # A checkpoint below the witness's size cannot be cosigned any more
        with pytest.raises(WitnessAhead, match=f"cosigned size {newer.size} already"):
            client.request(first, witnessed.store.consistency_proof)
        # Another root for the size it cosigned: a split view, refused
        body = format_checkpoint(witnessed.identity.origin, newer.size, bytes(32))
        fork = replace(newer, root=bytes(32), note=make_note(body, [sign_note(body, witnessed.key_name,
                                                                              seed("validator-1"))]))
        with pytest.raises(WitnessConflict, match="split view"):
            restarted.request(fork, witnessed.store.consistency_proof)
        assert len(service.conflicts()) == 1

