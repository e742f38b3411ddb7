"""Follow mode: a witness process polls a real node (solo engine, served on loopback) and cosigns each new
checkpoint itself, from the empty state and then with the node's consistency proofs."""
from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from ledger.checkpoint import parse_checkpoint, parse_note
from node_helpers import Signer, market_setup
from served_node import ServedNode, commit, serve
from witness_helpers import WITNESS_NAME, WitnessProcess, check_cosignature, free_port, init_home

WAIT_S = 30.0


@pytest.fixture(scope="module")
def node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedNode]:
    """A solo node with an empty log, blocks made on demand."""
    served = serve(tmp_path_factory.mktemp("node"))
    try:
        yield served
    finally:
        served.stop()


def wait_cosigned(witness: WitnessProcess, origin: str, size: int) -> str:
    """The witness's note of `origin` once it has cosigned `size`."""
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        response = httpx.get(f"{witness.url}/checkpoint", params={"origin": origin})
        if response.status_code == 200 and parse_checkpoint(parse_note(response.text).text).size == size:
            return response.text
        time.sleep(0.1)
    raise AssertionError(f"the witness did not cosign size {size} within {WAIT_S} s:\n{witness.log()}")


def test_follow_cosigns_each_new_checkpoint(node: ServedNode, tmp_path: Path) -> None:
    with httpx.Client(base_url=node.url) as http:
        trust = http.get("/v1/trust").json()
        (tmp_path / "trust.json").write_text(json.dumps(trust))
        init_home(tmp_path)
        witness = WitnessProcess(tmp_path, [tmp_path / "trust.json"], free_port(), follow=[node.url]).start()
        try:
            pubkey = bytes.fromhex(httpx.get(f"{witness.url}/info").json()["pubkey"])
            for stage in market_setup(Signer(), [1, 2])[:3]:
                commit(node, http, stage)
                note = http.get("/v1/checkpoint", params={"format": "note"}).text
                size = parse_checkpoint(parse_note(note).text).size
                cosigned = wait_cosigned(witness, trust["origin"], size)
                assert cosigned.startswith(note)  # the node's note, the witness's line added
                check_cosignature(cosigned.removeprefix(note).strip(), note, pubkey)
            assert httpx.get(f"{witness.url}/conflicts").json() == []
            assert f"{WITNESS_NAME}" in httpx.get(f"{witness.url}/info").json()["vkey"]
        finally:
            witness.stop()
