"""Follow mode: a witness process polls a real node (solo engine, served on loopback) and cosigns each new
checkpoint itself, from the empty state and then with the node's consistency proofs; following two nodes of a
forked log (same genesis and validator key, another last block), it cosigns one and keeps the other as evidence."""
from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from ledger.checkpoint import parse_checkpoint, parse_note
from node_helpers import Signer, entity_body, market_setup
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


def test_follow_two_forks_cosigns_one_and_keeps_the_other(tmp_path: Path) -> None:
    forks = [serve(tmp_path / f"fork-{n}") for n in (1, 2)]
    witness = None
    try:
        notes = []
        for n, fork in enumerate(forks, start=1):  # the same first block, then another registration on each
            signer = Signer()
            with httpx.Client(base_url=fork.url) as http:
                commit(fork, http, market_setup(signer, [1, 2])[0])
                commit(fork, http, [signer.sign("register_participant", entity_body(10 + n), "REGISTRY")])
                notes.append(http.get("/v1/checkpoint", params={"format": "note"}).text)
                trust = http.get("/v1/trust").json()
        heads = [parse_checkpoint(parse_note(note).text) for note in notes]
        assert heads[0].size == heads[1].size and heads[0].root != heads[1].root
        (tmp_path / "trust.json").write_text(json.dumps(trust))
        init_home(tmp_path)
        witness = WitnessProcess(tmp_path, [tmp_path / "trust.json"], free_port(), follow=[f.url for f in forks]).start()
        cosigned = wait_cosigned(witness, trust["origin"], heads[0].size)
        conflicts = wait_conflicts(witness)
        seen = 0 if cosigned.startswith(notes[0]) else 1
        assert [(c["size"], c["note"]) for c in conflicts] == [(heads[0].size, notes[1 - seen])]
    finally:
        if witness is not None:
            witness.stop()
        for fork in forks:
            fork.stop()


def wait_conflicts(witness: WitnessProcess) -> list[dict]:
    """The witness's refused split views, once there is one."""
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        conflicts = httpx.get(f"{witness.url}/conflicts").json()
        if conflicts:
            return conflicts
        time.sleep(0.1)
    raise AssertionError(f"the witness recorded no split view within {WAIT_S} s:\n{witness.log()}")
