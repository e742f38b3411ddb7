"""The genesis hash in `GET /v1/status`, `GET /v1/trust` and the trust file: the hash block 1 links to."""
from __future__ import annotations

import hashlib

import pytest
from helpers import genesis_doc
from node_helpers import Signer, commit_via_api, entity_body

from ledger.checkpoint import Trust, parse_trust
from ledger.encoding import canonical
from ledger.errors import BadTrust
from node.trust import trust_from_genesis


def test_status_and_trust_name_the_hash_block_1_links_to(client, node) -> None:
    commit_via_api(client, node, [Signer().sign("register_participant", entity_body(1), "REGISTRY")])
    first = client.get("/v1/blocks/1").json()["header"]["prev_hash"]
    status, trust = client.get("/v1/status").json(), client.get("/v1/trust").json()
    assert status["genesis_hash"] == trust["genesis_hash"] == first
    assert first == hashlib.sha256(canonical(client.get("/v1/genesis").json())).hexdigest()


def test_two_genesis_documents_of_one_chain_id_have_two_hashes() -> None:
    one = trust_from_genesis(genesis_doc())
    other = trust_from_genesis({**genesis_doc(), "genesis_time": "2024-01-01T00:00:01+08:00"})
    assert one.origin == other.origin and one.genesis_hash != other.genesis_hash


def test_trust_file_round_trips_with_and_without_genesis_hash() -> None:
    trust = trust_from_genesis(genesis_doc())
    assert parse_trust(trust.to_json()) == trust
    legacy = {k: v for k, v in trust.to_json().items() if k != "genesis_hash"}
    assert parse_trust(legacy) == Trust(trust.origin, trust.sets) and parse_trust(legacy).genesis_hash is None


@pytest.mark.parametrize("bad", ["ab" * 31, "zz" * 32, 7])
def test_invalid_genesis_hash_in_trust_file(bad) -> None:
    value = {**trust_from_genesis(genesis_doc()).to_json(), "genesis_hash": bad}
    with pytest.raises(BadTrust):
        parse_trust(value)
