"""Fixtures of the witness tests: one real witness process per module, trusting several test logs."""
from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "node"))  # node_helpers: a node home with the test genesis
sys.path.insert(0, str(HERE.parent / "explorer"))  # served_node: a real node served on loopback

from witness_helpers import ORIGINS, POLICY_LOG, WitnessProcess, other_witnesses, start_witness, trust_for  # noqa: E402


@pytest.fixture(scope="module")
def witness(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WitnessProcess]:
    """A witness process named witness.test/w1 trusting the logs of ORIGINS; stopped after the module."""
    home = tmp_path_factory.mktemp("witness")
    trusts = [trust_for(o, other_witnesses(2), 2) if o == POLICY_LOG else trust_for(o) for o in ORIGINS]
    process = start_witness(home, trusts)
    try:
        yield process
    finally:
        process.stop()
