"""Real validator networks on loopback: CometBFT processes and TanLedger nodes, SQLite (or PostgreSQL) each.

`make_network(count)` writes a network for the benchmark world's genesis (entities that
hold allowances after the setup blocks) with free ports, starts it and stops it after the
test. The world's transactions are signed in the test with sequential nonces.
"""
from __future__ import annotations

import hashlib
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bench import world
from cli.network import LocalNetwork
from node.clock import parse_time

pytestmark = pytest.mark.network


def free_base(count: int) -> tuple[int, int]:
    """An API base and an RPC base with all the network's ports free."""
    for base in range(23000, 60000, 211):
        ports = [base + i for i in range(count)] + [base + 100 + 10 * i + d for i in range(count) for d in (-1, 0)]
        ok = True
        for port in ports:
            with socket.socket() as s:
                try:
                    s.bind(("127.0.0.1", port))
                except OSError:
                    ok = False
                    break
        if ok:
            return base, base + 100
    raise RuntimeError("no free ports")


def validator_seed(name: str) -> bytes:
    return hashlib.sha256(b"tanledger-test-validator/" + name.encode()).digest()


@pytest.fixture
def make_network(tmp_path: Path) -> Iterator[Callable[..., LocalNetwork]]:
    """A factory of started networks of the world's genesis; every network is stopped at the end."""
    made: list[LocalNetwork] = []

    def make(count: int = 4, entities: int = 40, db_urls: list[str] = (), start: bool = True) -> LocalNetwork:  # type: ignore[assignment]
        api, rpc = free_base(count)
        from node.network import INSTITUTIONS
        seeds = {name: validator_seed(name) for name in INSTITUTIONS[:count]}
        doc = world.genesis_doc(entities)
        # a devnet calendar that starts at the world's genesis time (2024), whatever today is
        doc["params"] = {**doc.get("params", {}), "clock_offset_ms": parse_time(world.GENESIS_TIME) - time.time_ns() // 1_000_000}
        net = LocalNetwork.create(tmp_path / f"net{len(made)}", doc, seeds, count, api, rpc,
                                  list(db_urls), timeout_commit_ms=200)
        made.append(net)
        if start:
            net.start()
            net.wait_height(2, timeout=90)
        return net

    yield make
    for net in made:
        net.stop()


def create_world_network(folder: Path, count: int, entities: int) -> LocalNetwork:
    """Write (not start) a network of `count` validators for the world's genesis, on free ports, its devnet
    calendar starting at the world's genesis time (2024) whatever today is."""
    from node.network import INSTITUTIONS

    api, rpc = free_base(count)
    seeds = {name: validator_seed(name) for name in INSTITUTIONS[:count]}
    doc = world.genesis_doc(entities)
    doc["params"] = {**doc.get("params", {}), "clock_offset_ms": parse_time(world.GENESIS_TIME) - time.time_ns() // 1_000_000}
    return LocalNetwork.create(folder, doc, seeds, count, api, rpc, timeout_commit_ms=200)
