"""Node settings: where the node keeps its data, how it listens, how it makes blocks.

Read from the environment with the prefix TANLEDGER_ (e.g. TANLEDGER_HOME, TANLEDGER_PORT,
TANLEDGER_DB_URL, TANLEDGER_CLOCK=sim). Chain parameters are ledger data, never settings.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class NodeSettings(BaseSettings):
    """One validator node's settings; paths left empty default to files inside `home`."""

    model_config = SettingsConfigDict(env_prefix="TANLEDGER_", extra="ignore")

    home: Path = Field(Path("var/node"), description="the node's folder: database, genesis, validator key")
    db_url: str = Field("", description="SQLAlchemy URL; default sqlite:///<home>/node.db; "
                                        "PostgreSQL as postgresql+psycopg://user@host/db")
    host: str = "127.0.0.1"
    port: int = Field(1317, ge=0, le=65535, description="the TanLedger HTTP API's port (CometBFT keeps 26656/26657)")
    engine: Literal["cometbft", "solo"] = Field("cometbft", description="'cometbft': consensus among the validators; "
                                                                        "'solo': one process, for development and tests")
    cometbft: Path | None = Field(None, description="the cometbft binary; default .tools/bin/cometbft, then PATH")
    cometbft_home: Path | None = Field(None, description="CometBFT's home (config, keys, data); default <home>/cometbft")
    abci: str = Field("", description="the ABCI socket CometBFT connects to; default unix://<home>/abci.sock")
    block_interval_ms: int = Field(200, ge=1, description="how often the producer looks at the mempool, ms")
    max_block_txs: int = Field(2000, ge=1, description="at most this many transactions per block")
    max_mempool_txs: int = Field(50_000, ge=1, description="admission refuses with mempool_full beyond this many "
                                                           "pending; keep it below CometBFT's mempool.size (100,000 "
                                                           "in `network up`), which drops silently once full")
    max_body_bytes: int = Field(32 * 1024 * 1024, ge=1024, description="largest bulk submission body, bytes")
    auto_produce: bool = Field(True, description="False: blocks only on produce_now() (tests, tooling)")
    clock: Literal["wall", "sim"] = Field("wall", description="'sim' only on a devnet: a simulated calendar")
    sim_start: datetime | None = Field(None, description="RFC 3339 start of the simulated calendar; "
                                                         "default the genesis time")
    genesis: Path | None = Field(None, description="genesis document; default <home>/genesis.json")
    validator_key: Path | None = Field(None, description="file holding the validator's 32-byte seed in hex; "
                                                         "default <home>/validator.key")
    witnesses: Path | None = Field(None, description="the witnesses file {quorum, witnesses: [{name, pubkey, url}]} "
                                                     "whose cosignatures this node collects; default "
                                                     "<home>/witnesses.json, if present")
    witness_refresh_s: float = Field(10.0, gt=0, description="how often the newest checkpoint goes to each witness "
                                                            "again for a fresh cosignature when the log does not grow, "
                                                            "seconds (verifiers' --max-age must allow for it)")
    log_level: str = "info"
    fault: str = Field("", description="fault injection for the fault tests only: 'crash-before-commit@H' exits "
                                       "the app after FinalizeBlock of height H, before its Commit")

    @field_validator("sim_start")
    @classmethod
    def _check_offset(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("sim_start needs an offset, like 2024-01-02T09:00:00+08:00")
        return value

    @model_validator(mode="after")
    def _fill_paths(self) -> NodeSettings:
        if not self.db_url:
            self.db_url = f"sqlite:///{self.home / 'node.db'}"
        if self.genesis is None:
            self.genesis = self.home / "genesis.json"
        if self.validator_key is None:
            self.validator_key = self.home / "validator.key"
        if self.witnesses is None:
            self.witnesses = self.home / "witnesses.json"
        if self.cometbft_home is None:
            self.cometbft_home = self.home / "cometbft"
        if not self.abci:
            self.abci = f"unix://{(self.home / 'abci.sock').resolve()}"
        return self
