"""A local network's witnesses: `network up --witnesses N` writes and runs them beside the validators.

In the network folder:

    witnesses.json   the witnesses file {quorum, witnesses: [{name, pubkey, url}]}, quorum ⌊N/2⌋+1;
                     a copy in every validator's home, which the node reads at start
    trust.json       the trust file with the witness policy, for verifiers (and the witnesses' own check)
    witness-<i>/     witness.key (its 32-byte seed in hex, mode 0600), witness.json (name, public key), its
                     database, witness.log, witness.pid (node/witness/home.py)

Each witness is `tanledger witness run --home witness-<i> --trust trust.json --port P` on 127.0.0.1.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from ledger.cosignature import Witness
from node.network import ValidatorSpec
from node.trust import trust_from_genesis
from node.witness.home import IDENTITY_FILE, KEY_FILE, Identity, identity_json
from node.witnesses_file import WitnessEndpoint, WitnessPolicy, load_witnesses, write_witnesses

from .keyfile import random_seed, write_private

WITNESSES_FILE = "witnesses.json"
TRUST_FILE = "trust.json"


def witness_quorum(count: int) -> int:
    """How many of `count` witnesses a served checkpoint needs: a majority, ⌊N/2⌋+1."""
    return count // 2 + 1


def create_witnesses(folder: Path, specs: list[ValidatorSpec], count: int, port_base: int) -> WitnessPolicy:
    """Write `count` witness homes (keys drawn here), the witnesses file (also into each validator's home)
    and the trust file with the witness policy, for the network in `folder` whose validator homes are written."""
    endpoints = []
    for i in range(1, count + 1):
        identity = Identity(f"witness-{i}", random_seed())
        write_private(folder / identity.name / KEY_FILE, identity.seed.hex() + "\n")
        (folder / identity.name / IDENTITY_FILE).write_text(identity_json(identity), encoding="utf-8")
        endpoints.append(WitnessEndpoint(Witness(identity.name, identity.pubkey), f"http://127.0.0.1:{port_base + i - 1}"))
    policy = WitnessPolicy(witness_quorum(count), tuple(endpoints))
    for path in [folder, *(Path(s.home) for s in specs)]:
        write_witnesses(path / WITNESSES_FILE, policy)
    genesis = json.loads(Path(specs[0].home, "genesis.json").read_text(encoding="utf-8"))
    trust = policy.apply_to(trust_from_genesis(genesis))
    (folder / TRUST_FILE).write_text(json.dumps(trust.to_json(), indent=2) + "\n", encoding="utf-8")
    return policy


def free_witness_base(count: int, start: int = 2024) -> int:
    """The first port from `start` (by steps of 17, below 65,000) with `count` free ports from it."""
    from .console import CliError
    from .ports import is_free

    for base in range(start, 65000 - count, 17):
        if all(is_free(base + i) for i in range(count)):
            return base
    raise CliError("no_ports", f"no {count} free ports for witnesses on 127.0.0.1 from {start}")


def load_policy(folder: Path) -> WitnessPolicy | None:
    """The network's witnesses, or None if it has none."""
    return load_witnesses(folder / WITNESSES_FILE)


def witness_port(endpoint: WitnessEndpoint) -> int:
    """The local port a witness of this network listens on (from its URL)."""
    return int(endpoint.url.rsplit(":", 1)[1])


def start_witness(folder: Path, endpoint: WitnessEndpoint) -> subprocess.Popen:
    """Run `tanledger witness run` for `endpoint` in its own session; its output in witness.log, pid in witness.pid."""
    from .network import spawn

    home = folder / endpoint.witness.name
    command = [sys.executable, "-m", "cli.main", "witness", "run", "--home", str(home),
               "--trust", str(folder / TRUST_FILE), "--port", str(witness_port(endpoint))]
    return spawn(command, home, "witness")


def witness_pid(folder: Path, endpoint: WitnessEndpoint) -> int | None:
    """The pid recorded for the witness, or None."""
    try:
        return int((folder / endpoint.witness.name / "witness.pid").read_text().strip())
    except (OSError, ValueError):
        return None
