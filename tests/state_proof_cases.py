"""State proofs built as the node builds them (node.state_proofs.compute_key_proof) over a small sorted state, under
a header signed by one validator: shared by the offline verifier's tests and the browser's (state_proof.js)."""
from __future__ import annotations

from typing import Any

from ledger.block import BlockHeader
from ledger.checkpoint import Trust, Validator, ValidatorSet, format_checkpoint, make_note, sign_note
from ledger.cosignature import Witness, cosign
from ledger.crypto import public_key, sha256
from ledger.encoding import canonical
from ledger.merkle import leaf_hash
from ledger.proof import MemoryTree
from node.state_proofs import compute_key_proof
from node.validator import make_commit

SEED = sha256(b"tanledger-test/state-proof-validator")
ORIGIN = "test.tanledger/state-proof"
TRUST = Trust(ORIGIN, (ValidatorSet(0, (Validator(f"{ORIGIN}/v1", public_key(SEED)),), 1),))
WITNESS_SEED = sha256(b"tanledger-test/state-proof-witness")
WITNESSED = Trust(ORIGIN, TRUST.sets, witnesses=(Witness("witness.test/w1", public_key(WITNESS_SEED)),), witness_quorum=1)
STATE = {"holding/A/CEA-2024": {"available": [[1, 10]]}, "holding/C/CEA-2024": {"available": [[11, 20]]},
         "nonce/A": 3, "participant/A": {"id": "A"}, "participant/C": {"id": "C"}}
FIRST, LAST = "holding/A/CEA-2024", "participant/C"
BETWEEN = "holding/B/CEA-2024"  # between the first and the second entry
MIDDLE = "nonce/A"  # entry 2 of 5


def signed(header: BlockHeader) -> dict[str, Any]:
    """The header's JSON with the validator's commit over it."""
    return {"header": header.to_json(), "commit": make_commit(SEED, header)}


def prove(entries: dict[str, Any], key: str, **header_changes: Any) -> dict[str, Any]:
    """A state proof of `key` in `entries`, as the node serves it, the header changed by `header_changes`."""
    keys = sorted(entries)
    tree = MemoryTree()
    for k in keys:
        tree.append(leaf_hash(canonical([k, entries[k]])))
    fields = {"height": 7, "time": 1_704_157_260_000, "prev_hash": bytes(32), "tx_root": bytes(32), "log_size": 12,
              "log_root": bytes(32), "state_root": tree.root(), "state_size": len(keys), "proposer": public_key(SEED),
              "validators_hash": bytes(32), "last_commit_hash": bytes(32)}
    header = BlockHeader(**{**fields, **header_changes})
    return {**compute_key_proof(keys, [entries[k] for k in keys], tree, key, tree.root()), "height": 7,
            "tree_size": tree.size, "state_root": tree.root().hex(), **signed(header), "checkpoint": None}


def checkpoint_note(doc: dict[str, Any], witnessed_at: int | None = None) -> str:
    """The validator's checkpoint note of the log `doc`'s header names, cosigned by the witness at `witnessed_at`."""
    header = doc["header"]
    body = format_checkpoint(ORIGIN, header["log_size"], bytes.fromhex(header["log_root"]))
    lines = [sign_note(body, f"{ORIGIN}/v1", SEED)]
    if witnessed_at is not None:
        lines.append(cosign(body, "witness.test/w1", WITNESS_SEED, witnessed_at))
    return make_note(body, lines)
