"""Fixtures for the CLI tests: a node home made by `genesis init`, and a live node serving it over HTTP."""
from __future__ import annotations

import json
import socket
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "node"))  # node_helpers: open_node

from cli.genesis_init import init_home
from cli_helpers import A, B, DEADLINE
from cli.main import app
from node.api import create_app
from node.core import Node
from node.settings import NodeSettings
from node_helpers import open_node

GENESIS_TIME = "2025-01-02T08:00:00+08:00"
SIM_START = "2025-01-02T09:00:00+08:00"


@dataclass
class LiveNode:
    """A node served by uvicorn in a thread, with its home (keys in home/keys) and URL."""

    home: Path
    url: str
    node: Node

    def key(self, account: str) -> str:
        return str(self.home / "keys" / f"{account}.json")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def invoke(runner):
    """Run `tanledger <args>` in-process; return the result."""
    def run(*args: str):
        return runner.invoke(app, [str(a) for a in args])
    return run


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    init_home(folder, "tanledger-test", "devnet", GENESIS_TIME)
    allow_single_key_entities(folder / "genesis.json")
    return folder


def allow_single_key_entities(path: Path) -> None:
    """Set the market rule entity_min_signers to 1 in a genesis file, so the CLI tests' entities sign with one key
    (the market's default asks for two: maker–checker)."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc.setdefault("params", {}).setdefault("market_rules", {})["entity_min_signers"] = 1
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


@pytest.fixture
def live_node(home: Path):
    """A node on SQLite in `home`, the solo engine making a block every 20 ms on the simulated calendar,
    served on a free port; stopped after the test."""
    port = free_port()
    settings = NodeSettings(home=home, port=port, engine="solo", clock="sim", block_interval_ms=20,
                            sim_start=SIM_START)
    node = open_node(settings)
    server = uvicorn.Server(uvicorn.Config(create_app(settings, node), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the node did not start"
        time.sleep(0.02)
    yield LiveNode(home, url, node)
    server.should_exit = True
    thread.join(timeout=10)
    node.close()


@pytest.fixture
def market(invoke, live_node, tmp_path):
    """Two entities of Beijing (keys in tmp_path), CEA-2024, the 2024 cycle, A pre-allocated 70 % of its 10,000 t
    verified in 2023 (the 2023 cycle, with a deadline late enough for a genesis in 2025, carries that record)."""
    n = live_node
    for account in (A, B):
        assert invoke("keys", "new", tmp_path / f"{account}.json").exit_code == 0
        result = invoke("tx", "register", "-n", n.url, "-k", n.key("REGISTRY"), "--id", account, "--name", f"企业 {account[-4:]}",
                        "--role", "entity", "--pubkey", tmp_path / f"{account}.json", "--province", "11", "--sector", "power")
        assert result.exit_code == 0, result.output
    steps = [
        ("create-instrument", "-k", n.key("MEE"), "--id", "CEA-2024", "--vintage", "2024"),
        ("set-cycle", "-k", n.key("MEE"), "--year", "2024", "--deadline", DEADLINE, "--vintage", "CEA-2024"),
        ("create-instrument", "-k", n.key("MEE"), "--id", "CEA-2023", "--vintage", "2023"),
        ("set-cycle", "-k", n.key("MEE"), "--year", "2023", "--deadline", DEADLINE, "--vintage", "CEA-2023"),
        ("record-emissions", "-k", n.key("PROV-11"), "--account", A, "--year", "2023", "--verified", "10000"),
        ("allocate", "-k", n.key("PROV-11"), "-k", n.key("REGISTRY"), "--account", A, "--year", "2024"),
    ]
    for step in steps:
        result = invoke("tx", *step, "-n", n.url)
        assert result.exit_code == 0, result.output
    return tmp_path
