"""The golden vectors (tests/vectors/golden): every id, byte string, hash and signature is recomputed and compared.

A failure here is a protocol change: the folder's README says when rewriting the files is right.
"""
from __future__ import annotations

import base64
import json

import pytest

from ledger.checkpoint import parse_checkpoint, parse_note, verify_checkpoint
from ledger.merkle import leaf_hash
from ledger.tx import check_signatures, decode_transaction
from node.trust import trust_from_genesis
from tools import golden

BUILT = golden.build()
FIELDS = [(name, key) for name, vector in sorted(BUILT.items()) for key in sorted(vector)]


def stored(name: str) -> dict:
    """The checked-in vector file `name`.json."""
    return json.loads((golden.FOLDER / f"{name}.json").read_text(encoding="utf-8"))


def test_every_file_is_checked_and_written_as_the_generator_writes_it():
    assert sorted(p.stem for p in golden.FOLDER.glob("*.json")) == sorted(BUILT)
    for name, vector in BUILT.items():
        assert sorted(stored(name)) == sorted(vector), name
        assert (golden.FOLDER / f"{name}.json").read_text(encoding="utf-8") == golden.render(vector), name


@pytest.mark.parametrize("name, key", FIELDS)
def test_recomputed_value_equals_the_golden_one(name, key):
    assert json.loads(json.dumps(BUILT[name][key])) == stored(name)[key], f"{name}.json {key}: a protocol change"


def test_the_stored_transaction_decodes_verifies_and_hashes_to_its_id():
    vector = stored("transaction")
    tx = decode_transaction(vector["wire"].encode("utf-8"))
    check_signatures(tx)
    assert (tx.id_hex, tx.signed_bytes.hex(), tx.type, tx.body) == \
        (vector["tx_id"], vector["signed_bytes_hex"], vector["type"], vector["body"])


def test_the_stored_leaf_hashes_to_the_log_root_and_holds_the_transaction():
    block, tx = stored("block"), stored("transaction")
    leaf = block["log_leaf"].encode("utf-8")
    assert leaf_hash(leaf).hex() == block["log_leaf_hash"] == block["log_root"] == block["header"]["log_root"]
    assert base64.b64decode(json.loads(leaf)["tx"]) == tx["wire"].encode("utf-8")


def test_the_stored_note_verifies_against_the_genesis_trust_root():
    note, genesis = stored("checkpoint")["note"], stored("genesis")["document"]
    verified = verify_checkpoint(note, trust_from_genesis(genesis))
    body = parse_checkpoint(parse_note(note).text)
    assert (body.size, body.root.hex()) == (1, stored("block")["log_root"])
    assert verified is not None
