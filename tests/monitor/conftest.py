"""Fixtures of the monitor's tests: an honest node with a small market, shared by the module."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "node"))  # node_helpers
sys.path.insert(0, str(Path(__file__).resolve().parent))  # monitor_processes

from monitor_processes import build_chain, write_trust


@pytest.fixture(scope="session")
def honest(tmp_path_factory):
    """A node whose chain holds the market and three transfers of entity 1 to entity 2; stopped after the tests."""
    node = build_chain(tmp_path_factory.mktemp("honest") / "home", [(1, 2, 10), (1, 2, 20), (1, 2, 30)])
    yield node
    node.stop()


@pytest.fixture(scope="session")
def trust(tmp_path_factory) -> Path:
    """The trust file of the tests' chains (every node here has the genesis of node_helpers.write_home)."""
    return write_trust(tmp_path_factory.mktemp("trust") / "trust.json")
