"""`tanledger keys new|show`: a fresh seed, written 0600, never overwritten."""
from __future__ import annotations

import json
import stat

from ledger.crypto import public_key


def test_keys_new_writes_a_private_key_file(invoke, tmp_path):
    path = tmp_path / "alice.json"
    result = invoke("keys", "new", path, "--name", "91110000000000001X")
    assert result.exit_code == 0, result.output
    value = json.loads(path.read_text())
    assert value["name"] == "91110000000000001X"
    assert public_key(bytes.fromhex(value["seed"])).hex() == value["pubkey"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert value["pubkey"] in result.output


def test_keys_new_names_the_key_after_the_file(invoke, tmp_path):
    result = invoke("keys", "new", tmp_path / "PROV-37.json")
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "PROV-37.json").read_text())["name"] == "PROV-37"


def test_keys_new_draws_a_different_seed_each_time(invoke, tmp_path):
    invoke("keys", "new", tmp_path / "a.json")
    invoke("keys", "new", tmp_path / "b.json")
    seeds = {json.loads((tmp_path / f).read_text())["seed"] for f in ("a.json", "b.json")}
    assert len(seeds) == 2


def test_invalid_keys_new_refuses_to_overwrite(invoke, tmp_path):
    path = tmp_path / "alice.json"
    assert invoke("keys", "new", path).exit_code == 0
    before = path.read_text()
    result = invoke("keys", "new", path)
    assert result.exit_code == 1
    assert "error[file_exists]" in result.output
    assert path.read_text() == before


def test_keys_show_prints_name_and_pubkey_not_seed(invoke, tmp_path):
    path = tmp_path / "alice.json"
    invoke("keys", "new", path)
    value = json.loads(path.read_text())
    result = invoke("keys", "show", path)
    assert result.exit_code == 0, result.output
    assert value["pubkey"] in result.output and value["name"] in result.output
    assert value["seed"] not in result.output


def test_invalid_keys_show_tampered_file(invoke, tmp_path):
    path = tmp_path / "alice.json"
    invoke("keys", "new", path)
    value = json.loads(path.read_text())
    path.write_text(json.dumps({**value, "pubkey": "00" * 32}))
    result = invoke("keys", "show", path)
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == ["error[key_file]: " + f"{path}: pubkey does not match the seed"]
