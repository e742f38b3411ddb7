"""`tanledger node start`: options become node settings; a node that cannot start says why in one line."""
from __future__ import annotations

from pathlib import Path

import pytest

from cli.commands.node import make_settings
from cli.console import CliError


def test_make_settings_solo_engine_sim_clock_on_sqlite(tmp_path):
    settings = make_settings(tmp_path, 1318, "0.0.0.0", "", "sim", "2025-01-02T09:00:00+08:00", 50, "solo")
    assert settings.db_url == f"sqlite:///{tmp_path / 'node.db'}"
    assert (settings.port, settings.host, settings.clock, settings.block_interval_ms) == (1318, "0.0.0.0", "sim", 50)
    assert settings.engine == "solo"
    assert settings.sim_start.isoformat() == "2025-01-02T09:00:00+08:00"
    assert settings.genesis == tmp_path / "genesis.json" and settings.validator_key == tmp_path / "validator.key"


def test_make_settings_cometbft_by_default_with_a_postgres_url(tmp_path):
    url = "postgresql+psycopg://tanledger:secret@postgres-1:5432/tanledger"
    settings = make_settings(tmp_path, 1317, "127.0.0.1", url, "wall", None)
    assert (settings.db_url, settings.engine, settings.cometbft_home) == (url, "cometbft", tmp_path / "cometbft")


@pytest.mark.parametrize("clock, sim_start, engine, expected", [
    ("moon", None, "solo", "--clock must be wall or sim, got 'moon'"),
    ("wall", None, "tendermint", "--engine must be cometbft or solo, got 'tendermint'"),
    ("sim", None, "cometbft", "--clock sim is the solo engine's test calendar"),
    ("sim", "2025-01-02T09:00:00", "solo", "sim_start needs an offset"),
    ("sim", "soon", "solo", "Invalid isoformat string"),
])
def test_invalid_make_settings(tmp_path, clock, sim_start, engine, expected):
    with pytest.raises(CliError) as caught:
        make_settings(tmp_path, 1317, "127.0.0.1", "", clock, sim_start, 200, engine)
    assert caught.value.code == "invalid_option" and expected in caught.value.message


def test_invalid_node_start_without_a_home(invoke, tmp_path: Path):
    result = invoke("node", "start", "--home", tmp_path / "empty", "--port", "0")
    assert result.exit_code == 1
    last = result.output.strip().splitlines()[-1]
    assert last.startswith(f"error[node_start]: cannot read the validator key {tmp_path / 'empty' / 'validator.key'}")


def test_invalid_node_start_without_genesis(invoke, home: Path):
    (home / "genesis.json").unlink()
    result = invoke("node", "start", "--home", home, "--port", "0")
    assert result.exit_code == 1
    last = result.output.strip().splitlines()[-1]
    assert last == f"error[node_start]: no genesis document at {home / 'genesis.json'} and none in the database"
