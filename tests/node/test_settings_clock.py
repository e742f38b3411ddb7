"""Node settings (pydantic-settings, TANLEDGER_ prefix) and the block clocks."""
from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from ledger.errors import InvalidField
from node.clock import SimClock, WallClock, block_time, format_time, parse_time
from node.settings import NodeSettings


def test_settings_default_to_files_in_home(tmp_path: Path) -> None:
    settings = NodeSettings(home=tmp_path)
    assert settings.db_url == f"sqlite:///{tmp_path / 'node.db'}"
    assert settings.genesis == tmp_path / "genesis.json" and settings.validator_key == tmp_path / "validator.key"
    assert (settings.host, settings.port, settings.block_interval_ms, settings.max_block_txs) == ("127.0.0.1", 1317, 200, 2000)
    assert settings.engine == "cometbft" and settings.cometbft_home == tmp_path / "cometbft"
    assert settings.abci == f"unix://{(tmp_path / 'abci.sock').resolve()}"
    assert settings.clock == "wall" and settings.sim_start is None


def test_settings_read_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TANLEDGER_HOME", str(tmp_path))
    monkeypatch.setenv("TANLEDGER_PORT", "9999")
    monkeypatch.setenv("TANLEDGER_CLOCK", "sim")
    monkeypatch.setenv("TANLEDGER_SIM_START", "2025-01-01T00:00:00+08:00")
    monkeypatch.setenv("TANLEDGER_DB_URL", "postgresql+psycopg://postgres@127.0.0.1/x")
    monkeypatch.setenv("TANLEDGER_ENGINE", "solo")
    settings = NodeSettings()
    assert (settings.home, settings.port, settings.clock, settings.engine) == (tmp_path, 9999, "sim", "solo")
    assert settings.db_url == "postgresql+psycopg://postgres@127.0.0.1/x"
    assert format_time(int(settings.sim_start.timestamp() * 1000)) == "2025-01-01T00:00:00.000+08:00"


@pytest.mark.parametrize("field, value", [("clock", "lunar"), ("sim_start", "2025-01-01T00:00:00"), ("port", 70000),
                                          ("block_interval_ms", 0), ("engine", "tendermint")])
def test_invalid_settings_are_refused(tmp_path: Path, field: str, value: object) -> None:
    with pytest.raises(ValidationError):
        NodeSettings(home=tmp_path, **{field: value})


def test_sim_clock_moves_only_forward() -> None:
    clock = SimClock(1_000)
    assert clock.now() == 1_000
    assert clock.advance(500) == 1_500 and clock.advance_to(2_000) == 2_000 and clock.advance_to(2_000) == 2_000
    with pytest.raises(InvalidField, match="before the simulated time"):
        clock.advance_to(1_999)
    with pytest.raises(InvalidField):
        clock.advance(-1)
    assert clock.now() == 2_000


def test_block_time_is_at_least_one_ms_after_the_previous_block() -> None:
    assert block_time(SimClock(100), 50) == 100
    assert block_time(SimClock(100), 100) == 101
    assert block_time(SimClock(100), 500) == 501
    assert WallClock().now() > parse_time("2024-01-01T00:00:00+08:00")


def test_parse_and_format_time_round_trip() -> None:
    ms = parse_time("2025-12-31T23:59:59+08:00")
    assert ms == parse_time("2025-12-31T15:59:59Z") == parse_time("2025-12-31T15:59:59+00:00")
    assert format_time(ms) == "2025-12-31T23:59:59.000+08:00"
    for bad in ("2025-12-31T23:59:59", "yesterday", ""):
        with pytest.raises(InvalidField):
            parse_time(bad)
