"""Partitions between validators, each in its own network namespace (`make faults`).

2 | 2: neither side has more than two thirds, so nobody commits, and nothing forks; healed,
the chain goes on. 3 | 1: the three commit, the one cannot; healed, it catches up.
"""
from __future__ import annotations

import time

import pytest

from bench import world
from cli.network import LocalNetwork
from node.clock import parse_time
from node.network import INSTITUTIONS

from . import netns
from .conftest import validator_seed
from .test_faults import assert_no_fork
from .test_network import agreed_height, assert_same_chain
from .workload import setup

pytestmark = [pytest.mark.network, pytest.mark.faults]

ENTITIES = 20


@pytest.fixture
def isolated_network(tmp_path):
    why = netns.available()
    if why is not None:
        pytest.fail(f"partition tests need network namespaces: {why}", pytrace=False)
    hosts = netns.Hosts(4)
    hosts.create()
    names = list(INSTITUTIONS[:4])
    doc = world.genesis_doc(ENTITIES)
    doc["params"] = {**doc.get("params", {}), "clock_offset_ms": parse_time(world.GENESIS_TIME) - time.time_ns() // 1_000_000}
    net = LocalNetwork.create(tmp_path / "net", doc, {n: validator_seed(n) for n in names}, 4, 1317, 26657,
                              timeout_commit_ms=200, hosts=[hosts.address(i) for i in range(4)])
    net.prefixes = {name: hosts.prefix(i) for i, name in enumerate(names)}
    try:
        net.start()
        net.wait_height(2, timeout=90)
        yield net, hosts
    finally:
        net.stop()
        hosts.destroy()


def heights_of(net, names):
    return {n: h for n, h in net.heights().items() if n in names}


def test_a_two_two_partition_halts_both_sides_without_a_fork_and_heals(isolated_network):
    net, hosts = isolated_network
    setup(net.specs[0].api, world.Signer(), ENTITIES)
    hosts.partition([2, 3])  # MEE and PROV-32 on one side, REGISTRY and EXCHANGE on the other
    time.sleep(3)
    stuck = agreed_height(net, ["REGISTRY", "EXCHANGE"])
    time.sleep(6)
    assert max(heights_of(net, ["REGISTRY", "EXCHANGE"]).values()) <= stuck + 1
    hosts.heal()
    net.wait_height(stuck + 4, timeout=120)
    top = agreed_height(net)
    assert_no_fork(net, top)
    assert_same_chain(net, top)


def test_a_three_one_partition_keeps_committing_and_the_one_catches_up(isolated_network):
    net, hosts = isolated_network
    setup(net.specs[0].api, world.Signer(), ENTITIES)
    hosts.partition([3])  # PROV-32 alone
    start = agreed_height(net, ["REGISTRY", "EXCHANGE", "MEE"])
    net.wait_height(start + 5, ["REGISTRY", "EXCHANGE", "MEE"], timeout=60)
    hosts.heal()
    top = agreed_height(net, ["REGISTRY"])
    net.wait_height(top, timeout=120)
    assert_same_chain(net, top)
    assert_no_fork(net, top)
