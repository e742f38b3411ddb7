"""State proofs on a node with witnesses: a proof (of presence or absence) is of the newest block whose checkpoint a
quorum of the witnesses cosigned, so that it verifies under the trust root's witness policy."""
from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from helpers import uscc
from ledger.errors import LedgerError
from ledger.state_proof import verify_state_proof
from node import checkpoints
from node.api import create_app
from node.witnesses_file import write_witnesses
from node_helpers import CEA, Signer, make_settings, market_setup, open_node
from test_witnessing import T0, policy, witness_line

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

ABSENT = f"holding/{uscc(9)}/{CEA}"


@pytest.fixture
def witnessed(home: Path):
    """A solo node with three witnesses (quorum 2) and the blocks of the market's set-up; no witness cosigned yet."""
    write_witnesses(home / "witnesses.json", policy())
    node = open_node(make_settings(home))
    for stage in market_setup(Signer(), [1, 2]):
        for tx in stage:
            node.submit(tx.raw)
        node.produce_now(force=True)
    with TestClient(create_app(node.settings, node)) as client:
        yield node, client
    node.close()


def cosign_checkpoint(node, height: int) -> None:
    """Two of the three witnesses cosign the checkpoint of block `height`'s log."""
    size = node.store.get_block(height).header.log_size
    with node.lock:
        for index, name in ((0, "witness-1"), (2, "witness-3")):
            checkpoints.add_witness_line(node.store, policy().witnesses[index], size, witness_line(node, size, name, T0))


def verdict(doc, trust) -> str:
    try:
        verify_state_proof(doc, trust)
        return "ok"
    except LedgerError as exc:
        return exc.code


def test_a_state_proof_is_of_the_newest_witnessed_block(witnessed) -> None:
    node, client = witnessed
    top = node.store.height()
    older = next(h for h in range(top - 1, 0, -1)
                 if node.store.get_block(h).header.log_size < node.store.get_block(top).header.log_size)
    cosign_checkpoint(node, older)
    for key in (ABSENT, f"participant/{uscc(1)}"):
        doc = client.get(f"/v1/proof/state/{key}").json()
        assert doc["height"] == older and verdict(doc, node.trust) == "ok", doc["height"]
    cosign_checkpoint(node, top)
    assert client.get(f"/v1/proof/state/{ABSENT}").json()["height"] == top


def test_without_witness_cosignatures_a_state_proof_fails_the_witness_policy(witnessed) -> None:
    node, client = witnessed
    doc = client.get(f"/v1/proof/state/{ABSENT}").json()
    assert doc["present"] is False and verdict(doc, node.trust) == "no_witness_quorum"
    assert verdict(doc, node.trust.without_witnesses()) == "ok"
