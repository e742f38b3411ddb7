"""Fixtures of the monitor's tests: an honest node with a small market, shared by the module."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "node"))  # node_helpers
sys.path.insert(0, str(Path(__file__).resolve().parent))  # processes

from node_helpers import Signer, market_setup, transfer, write_home
from processes import NodeProcess, commit_stages, start_node, write_trust


def build_chain(home: Path, transfers: list[tuple[int, int, int]]) -> NodeProcess:
    """Start a node on a new `home`: the market of entities 1 and 2, then `transfers` (from, to, tonnes), a block each."""
    node = start_node(write_home(home))
    try:
        signer = Signer()
        stages = market_setup(signer, [1, 2]) + [[transfer(signer, a, b, amount=t)] for a, b, t in transfers]
        commit_stages(node.url, stages)
    except BaseException:
        node.stop()
        raise
    return node


@pytest.fixture(scope="module")
def honest(tmp_path_factory):
    """A node whose chain holds the market and three transfers of entity 1 to entity 2; stopped after the module."""
    node = build_chain(tmp_path_factory.mktemp("honest") / "home", [(1, 2, 10), (1, 2, 20), (1, 2, 30)])
    yield node
    node.stop()


@pytest.fixture(scope="module")
def trust(honest, tmp_path_factory) -> Path:
    """The trust file of the honest node's chain (the forked node shares its genesis and validator)."""
    return write_trust(honest.home, tmp_path_factory.mktemp("trust") / "trust.json")
