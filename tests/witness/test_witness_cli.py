"""`tanledger witness init|vkey|run`: the key and name written, the vkey printed, unusable homes refused in one line."""
from __future__ import annotations

import base64
import json
import stat
from pathlib import Path

from typer.testing import CliRunner

from cli.main import app
from ledger.crypto import public_key
from witness_helpers import ORIGINS, trust_for, write_trust

from ledger.cosignature import cosigner_key_id

runner = CliRunner()


def test_init_writes_a_private_seed_and_prints_the_vkey(tmp_path: Path) -> None:
    result = runner.invoke(app, ["witness", "init", "--home", str(tmp_path / "w"), "--name", "auditor.example/w1"])
    assert result.exit_code == 0, result.output
    key = tmp_path / "w" / "witness.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    seed = bytes.fromhex(key.read_text())
    assert len(seed) == 32
    name, key_id, encoded = result.output.strip().split("+", 2)
    assert name == "auditor.example/w1"
    assert base64.b64decode(encoded) == b"\x04" + public_key(seed)
    assert key_id == cosigner_key_id(name, public_key(seed)).hex()
    assert json.loads((tmp_path / "w" / "witness.json").read_text()) == {"name": name, "pubkey": public_key(seed).hex()}
    again = runner.invoke(app, ["witness", "vkey", "--home", str(tmp_path / "w")])
    assert (again.exit_code, again.output) == (0, result.output)


def test_init_never_overwrites_a_key(tmp_path: Path) -> None:
    assert runner.invoke(app, ["witness", "init", "--home", str(tmp_path), "--name", "w1"]).exit_code == 0
    before = (tmp_path / "witness.key").read_text()
    result = runner.invoke(app, ["witness", "init", "--home", str(tmp_path), "--name", "w2"])
    assert result.exit_code == 1
    assert "error[file_exists]" in result.output
    assert (tmp_path / "witness.key").read_text() == before


def test_init_refuses_a_name_with_a_space(tmp_path: Path) -> None:
    result = runner.invoke(app, ["witness", "init", "--home", str(tmp_path), "--name", "my witness"])
    assert result.exit_code == 1
    assert "error[invalid_name]" in result.output
    assert not (tmp_path / "witness.key").exists()


def test_vkey_and_run_refuse_a_home_without_a_witness(tmp_path: Path) -> None:
    trust = write_trust(tmp_path / "trust.json", trust_for(ORIGINS[0]))
    for args in (["vkey"], ["run", "--trust", str(trust), "--port", "0"]):
        result = runner.invoke(app, ["witness", *args, "--home", str(tmp_path)])
        assert result.exit_code == 1
        assert "error[witness_home]" in result.output and "witness init" in result.output


def test_run_refuses_a_bad_trust_file(tmp_path: Path) -> None:
    assert runner.invoke(app, ["witness", "init", "--home", str(tmp_path), "--name", "w1"]).exit_code == 0
    (tmp_path / "trust.json").write_text('{"origin": "x"}')
    result = runner.invoke(app, ["witness", "run", "--home", str(tmp_path), "--trust", str(tmp_path / "trust.json"),
                                 "--port", "0"])
    assert result.exit_code == 1
    assert "error[trust_file]" in result.output


def test_run_refuses_a_bad_follow_url(tmp_path: Path) -> None:
    trust = write_trust(tmp_path / "trust.json", trust_for(ORIGINS[0]))
    result = runner.invoke(app, ["witness", "run", "--home", str(tmp_path), "--trust", str(trust), "--follow", "node:1317"])
    assert result.exit_code == 1
    assert "error[invalid_url]" in result.output
