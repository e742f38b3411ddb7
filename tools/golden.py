"""The golden vectors of the protocol: `python -m tools.golden` prints them, `--write` rewrites tests/vectors/golden.

A fixed genesis (keys from fixed seeds, a fixed time) and one fixed block holding one signed transaction:
its id and bytes, the log leaf and its hash, the block hash, the state root and size, the app hash, the
validators_hash and the signed checkpoint note (Ed25519 signatures are deterministic). tests/test_golden.py recomputes each value
and compares it with the files; a difference there is a protocol change (see the folder's README).
"""
from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path
from typing import Any

from contracts import execute_block
from contracts.genesis import advance_tip, genesis_state
from ledger.block import compute_app_hash, log_leaf
from ledger.chain import make_block
from ledger.checkpoint import format_checkpoint, make_note, sign_note, verify_checkpoint
from ledger.crypto import public_key
from ledger.merkle import leaf_hash
from ledger.tx import sign_transaction
from node.trust import compute_identity, trust_from_genesis

FOLDER = Path(__file__).resolve().parent.parent / "tests" / "vectors" / "golden"
CHAIN_ID = "tanledger-golden"
GENESIS_TIME = "2024-01-02T09:00:00+08:00"
BLOCK_TIME_MS = 1_704_157_260_000  # 2024-01-02T09:01:00+08:00, one minute after genesis
VALIDATOR = "REGISTRY"  # the institution that runs the one validator


def seed(name: str) -> bytes:
    """The fixed 32-byte Ed25519 seed of `name`."""
    return hashlib.sha256(b"tanledger-golden/" + name.encode("utf-8")).digest()


def pub(name: str) -> str:
    """The hex public key of `name`'s fixed seed."""
    return public_key(seed(name)).hex()


def genesis_doc() -> dict[str, Any]:
    """The fixed genesis: the MEE and the registry, whose validator is the chain's only one."""
    participants = [
        {"id": "MEE", "name": "生态环境部", "roles": ["mee"], "pubkeys": [pub("MEE")]},
        {"id": "REGISTRY", "name": "全国碳排放权注册登记机构", "roles": ["registry"], "pubkeys": [pub("REGISTRY")]},
    ]
    return {"chain_id": CHAIN_ID, "genesis_time": GENESIS_TIME, "network": "devnet", "participants": participants,
            "validators": [{"name": VALIDATOR, "pubkey": pub("validator"), "power": 1}]}


def build() -> dict[str, dict[str, Any]]:
    """Every golden vector, by file name (without .json)."""
    doc = genesis_doc()
    state, tip = genesis_state(doc)
    genesis = {"document": doc, "genesis_hash": tip.hash.hex(), "state_root": state.root().hex(),
               "state_size": len(state), "validators_hash": tip.validators_hash.hex(),
               "app_hash": compute_app_hash(state.root(), len(state), 0, tip.log.root()).hex()}
    tx = sign_transaction(CHAIN_ID, "create_instrument", {"id": "CEA-2024", "vintage": 2024}, [seed("MEE")], 1)
    transaction = {"type": tx.type, "body": tx.body, "signer_seed": seed("MEE").hex(), "nonce": tx.nonce,
                   "tx_id": tx.id_hex, "signed_bytes_hex": tx.signed_bytes.hex(), "wire": tx.raw.decode("utf-8")}
    block, receipts, log = make_block(tip, state, [tx], BLOCK_TIME_MS, bytes.fromhex(pub("validator")),
                                      tip.validators_hash, execute_block)
    leaf = log_leaf(1, 0, tx, receipts[0])
    after = advance_tip(tip, block.header, log, {"height": 1}, state)
    block_vector = {"header": block.header.to_json(), "block_hash": block.header.hash().hex(),
                    "state_root": block.header.state_root.hex(), "state_size": block.header.state_size,
                    "app_hash": block.header.app_hash().hex(), "validators_hash": after.validators_hash.hex(),
                    "receipt": receipts[0], "log_leaf": leaf.decode("utf-8"), "log_leaf_hash": leaf_hash(leaf).hex(),
                    "log_root": log.root().hex(), "log_size": log.size}
    return {"genesis": genesis, "transaction": transaction, "block": block_vector,
            "checkpoint": checkpoint_vector(doc, log.size, log.root())}


def checkpoint_vector(doc: dict[str, Any], size: int, root: bytes) -> dict[str, Any]:
    """The checkpoint note of the log after the block, signed as the node signs it; checked against the trust root."""
    identity = compute_identity(doc)
    body = format_checkpoint(identity.origin, size, root)
    note = make_note(body, [sign_note(body, identity.validators[0].name, seed("validator"))])
    verify_checkpoint(note, trust_from_genesis(doc))
    return {"origin": identity.origin, "key_name": identity.validators[0].name, "note": note}


def render(vector: dict[str, Any]) -> str:
    """A vector file's text: indented JSON with sorted keys and a final newline."""
    return json.dumps(vector, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main() -> None:
    """Print the vectors, or write them to tests/vectors/golden with --write."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite the files (a protocol change: see the README)")
    args = parser.parse_args()
    for name, vector in build().items():
        if args.write:
            (FOLDER / f"{name}.json").write_text(render(vector), encoding="utf-8")
            print(f"wrote {FOLDER / name}.json")
        else:
            print(f"== {name}.json\n{render(vector)}")


if __name__ == "__main__":
    main()
