"""A node whose database was changed while it was stopped: the monitor re-executes and checks everything, and
raises the alarm naming the block or the checkpoint."""
from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from helpers import seed
from ledger.checkpoint import format_checkpoint, make_note, sign_note
from ledger.cosignature import cosign
from ledger.crypto import public_key
from node.trust import compute_identity
from monitor_processes import build_chain, run_monitor, start_node


@pytest.fixture(scope="module")
def stopped_home(tmp_path_factory) -> Path:
    """The home of a node with the market and two transfers, stopped."""
    node = build_chain(tmp_path_factory.mktemp("tampered") / "home", [(1, 2, 5), (1, 2, 6)])
    node.stop()
    return node.home


def tampered_copy(home: Path, target: Path, sql: str, *args: object) -> Path:
    """A copy of the stopped node's home with one SQL statement run on its database."""
    shutil.copytree(home, target)
    with sqlite3.connect(target / "node.db") as db:
        assert db.execute(sql, args).rowcount == 1
    return target


def alarm_of(home: Path, trust: Path, tmp_path: Path) -> tuple[str, dict]:
    """Start a node on `home`, run `monitor --once` on it; the alarm line and its evidence."""
    node = start_node(home)
    try:
        result = run_monitor(node.url, trust, "--once", "--evidence", str(tmp_path / "evidence.json"))
    finally:
        node.stop()
    assert result.returncode == 2, result.stdout + result.stderr
    return result.stderr.strip().splitlines()[-1], json.loads((tmp_path / "evidence.json").read_text())


def test_invalid_block_state_root_changed_in_the_database(stopped_home, trust, tmp_path):
    with sqlite3.connect(stopped_home / "node.db") as db:
        header = json.loads(db.execute("SELECT header FROM blocks WHERE height = 2").fetchone()[0])
    header["state_root"] = "00" * 32
    home = tampered_copy(stopped_home, tmp_path / "home", "UPDATE blocks SET header = ? WHERE height = 2",
                         json.dumps(header))
    line, evidence = alarm_of(home, trust, tmp_path)
    assert line.startswith("ALARM[divergence]: block 2, field state_root: "), line
    assert evidence["evidence"]["height"] == 2


def test_invalid_checkpoint_of_another_root_signed_by_the_validator(stopped_home, trust, tmp_path):
    with sqlite3.connect(stopped_home / "node.db") as db:
        size = db.execute("SELECT size FROM checkpoints WHERE size > 0 ORDER BY size LIMIT 1 OFFSET 1").fetchone()[0]
    genesis = json.loads((stopped_home / "genesis.json").read_text(encoding="utf-8"))
    identity = compute_identity(genesis)
    body = format_checkpoint(identity.origin, size, b"\x42" * 32)
    note = make_note(body, [sign_note(body, identity.validators[0].name, seed("validator-1"))])
    home = tampered_copy(stopped_home, tmp_path / "home", "UPDATE checkpoints SET note = ?, root = ? WHERE size = ?",
                         note, (b"\x42" * 32).hex(), size)
    line, evidence = alarm_of(home, trust, tmp_path)
    assert line.startswith(f"ALARM[checkpoint_mismatch]: checkpoint of size {size} from the node has root "
                           f"{'42' * 32}, the replayed log "), line
    assert evidence["evidence"]["note"] == note



WITNESS_TIME = 1_750_000_000  # POSIX seconds of the witness's cosignature


def witness_trust(trust: Path, target: Path) -> Path:
    """The trust file with witness `witness-1` (policy: 1 of 1), as a verifier holding a witness policy has it."""
    value = json.loads(trust.read_text()) | {"witnesses": [{"name": "witness-1", "pubkey": public_key(seed("witness-1")).hex()}],
                                             "witness_quorum": 1}
    target.write_text(json.dumps(value))
    return target


def with_witness_line(stopped_home: Path, target: Path, signed_size_delta: int) -> Path:
    """A copy of the home whose first non-empty checkpoint carries witness-1's cosignature of the checkpoint of
    its size + `signed_size_delta` (0: a valid cosignature)."""
    with sqlite3.connect(stopped_home / "node.db") as db:
        size, root, note = db.execute("SELECT size, root, note FROM checkpoints WHERE size > 0 ORDER BY size LIMIT 1").fetchone()
    origin = note.split("\n")[0]
    body = format_checkpoint(origin, size + signed_size_delta, bytes.fromhex(root))
    line = cosign(body, "witness-1", seed("witness-1"), WITNESS_TIME)
    return tampered_copy(stopped_home, target, "UPDATE checkpoints SET note = ? WHERE size = ?", note + line + "\n", size)


def test_witness_cosignatures_are_verified_when_present(stopped_home, trust, tmp_path):
    home = with_witness_line(stopped_home, tmp_path / "home", 0)
    node = start_node(home)
    try:
        result = run_monitor(node.url, witness_trust(trust, tmp_path / "trust.json"), "--once", "--json")
    finally:
        node.stop()
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["witnessed"] == 1


def test_invalid_witness_cosignature_of_another_checkpoint(stopped_home, trust, tmp_path):
    home = with_witness_line(stopped_home, tmp_path / "home", 1)
    line, evidence = alarm_of(home, witness_trust(trust, tmp_path / "trust.json"), tmp_path)
    assert line.startswith("ALARM[bad_signature]: checkpoint of size "), line
    assert "witness-1" in line
