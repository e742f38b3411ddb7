"""`tanledger genesis init`: the authorities' keys, the validator key and a genesis the ledger accepts."""
from __future__ import annotations

import json
import stat

from cli.keyfile import load_key
from cli.provinces import CODES
from contracts.genesis import genesis_state
from ledger import keys
from ledger.crypto import public_key


def test_genesis_init_writes_a_valid_genesis(invoke, tmp_path):
    folder = tmp_path / "node"
    result = invoke("genesis", "init", folder, "--chain-id", "tanledger-x", "--time", "2025-01-02T08:00:00+08:00")
    assert result.exit_code == 0, result.output
    doc = json.loads((folder / "genesis.json").read_text())
    state, tip = genesis_state(doc)
    assert tip.chain_id == "tanledger-x" and tip.height == 0
    assert doc["network"] == "devnet" and doc["genesis_time"] == "2025-01-02T08:00:00+08:00"
    ids = {p["id"] for p in doc["participants"]}
    assert {"MEE", "REGISTRY", "EXCHANGE"} <= ids
    assert {f"PROV-{code}" for code in CODES} <= ids and len(CODES) == 31


def test_genesis_init_keys_match_the_genesis(invoke, tmp_path):
    folder = tmp_path / "node"
    invoke("genesis", "init", folder)
    doc = json.loads((folder / "genesis.json").read_text())
    state, _ = genesis_state(doc)
    for participant in doc["participants"]:
        key = load_key(folder / "keys" / f"{participant['id']}.json")
        assert state.get(keys.signer(key.pubkey.hex())) == participant["id"]
    seed = bytes.fromhex((folder / "validator.key").read_text().strip())
    assert doc["validators"][0]["pubkey"] == public_key(seed).hex()
    assert stat.S_IMODE((folder / "validator.key").stat().st_mode) == 0o600


def test_genesis_init_provinces_have_their_codes(invoke, tmp_path):
    invoke("genesis", "init", tmp_path / "node")
    doc = json.loads((tmp_path / "node" / "genesis.json").read_text())
    province = next(p for p in doc["participants"] if p["id"] == "PROV-44")
    assert province["province"] == "44" and province["roles"] == ["province"]
    assert province["name"] == "广东省生态环境厅"


def test_invalid_genesis_init_twice(invoke, tmp_path):
    assert invoke("genesis", "init", tmp_path / "node").exit_code == 0
    result = invoke("genesis", "init", tmp_path / "node")
    assert result.exit_code == 1
    assert "error[file_exists]" in result.output


def test_invalid_genesis_init_bad_time(invoke, tmp_path):
    result = invoke("genesis", "init", tmp_path / "node", "--time", "yesterday")
    assert result.exit_code == 1
    assert result.output.startswith("error[invalid_field]: genesis_time must be an RFC 3339")
    assert not (tmp_path / "node" / "genesis.json").exists()
