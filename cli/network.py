"""A local validator network as processes: write its homes, start, watch, stop.

`create_network` writes the genesis (the authorities' keys, one co-signing key per validator)
and every validator's home through `node.network`; `start_validator` runs
`tanledger node start --home <home>` as a detached child (its output in `<home>/node.log`,
its pid in `<home>/node.pid`); `wait_committing` polls every API until each has committed.
"""
from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path
from collections.abc import Callable
from typing import Any

import httpx

from contracts.genesis import check_genesis
from node.network import ValidatorSpec, init_network, load_specs, plan_specs

from .console import CliError
from .genesis_init import AUTHORITIES, compose_genesis, make_keys
from .keyfile import KeyFile, random_seed, write_key
from .witnesses import WitnessEndpoint, WitnessPolicy, create_witnesses, start_witness

START_TIMEOUT_S = 120.0


def create_network(folder: Path, count: int, chain_id: str, network: str, genesis_time: str, db_urls: list[str],
                   api_base: int, rpc_base: int, timeout_commit_ms: int = 300,
                   params: dict[str, Any] | None = None, hosts: list[str] | None = None,
                   listen: str = "0.0.0.0", participants: list[dict[str, Any]] = (),  # type: ignore[assignment]
                   opening: dict[str, Any] | None = None) -> tuple[list[ValidatorSpec], dict[str, KeyFile]]:
    """Write the genesis, keys and validator homes of a new network in the empty `folder`
    (with `hosts`, one per validator: each on its own host, listening on `listen`; see node.network).
    `participants` (accounts opened at genesis besides the authorities) and `opening` (an existing registry's
    books, contracts/opening.py) go into the genesis as given."""
    if folder.exists() and any(folder.iterdir()):
        raise CliError("file_exists", f"{folder} is not empty; a new network starts in an empty folder "
                                      f"(or run `tanledger network up --home {folder}` on the one there)")
    try:
        specs = plan_specs(folder, count, api_base, rpc_base, db_urls, hosts, listen)
    except ValueError as exc:
        raise CliError("invalid_option", str(exc)) from None
    found = make_keys(random_seed)
    validator_seeds = {s.name: random_seed() for s in specs}
    doc = compose_genesis(chain_id, network, genesis_time, found)
    doc["validators"] = [{"name": s.name, "pubkey": KeyFile(s.name, validator_seeds[s.name]).pubkey.hex(), "power": 1}
                         for s in specs]
    if params:
        doc["params"] = {**doc.get("params", {}), **params}
    doc["participants"] = [*doc["participants"], *participants]
    if opening:
        doc["opening"] = opening
    check_genesis(doc)
    folder.mkdir(parents=True, exist_ok=True)
    for name, key in found.items():
        if name != "validator-1":
            write_key(folder / "keys" / f"{name}.json", key)
    (folder / "genesis.json").write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    specs = init_network(folder, specs, doc, validator_seeds, timeout_commit_ms)
    # the genesis with the consensus keys, as every validator holds it
    (folder / "genesis.json").write_text(Path(specs[0].home, "genesis.json").read_text(encoding="utf-8"), encoding="utf-8")
    return specs, {k: v for k, v in found.items() if k != "validator-1"}


def start_validator(spec: ValidatorSpec, extra: list[str] = (), env: dict[str, str] | None = None,  # type: ignore[assignment]
                    prefix: list[str] = ()) -> subprocess.Popen:  # type: ignore[assignment]
    """Start `tanledger node start` for `spec` in its own session (with `env` added, behind a `prefix`
    command such as `ip netns exec NS`); record its pid. Its API listens where its CometBFT does."""
    home = Path(spec.home)
    host = [] if spec.listen == "127.0.0.1" else ["--host", spec.listen]
    command = [*prefix, sys.executable, "-m", "cli.main", "node", "start", "--home", str(home),
               "--port", str(spec.api_port), *host, *(["--db", spec.db_url] if spec.db_url else []), *extra]
    return spawn(command, home, "node", env)


def spawn(command: list[str], home: Path, what: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    """Run `command` detached in its own session from the repository root, its output appended to
    `<home>/<what>.log`, its pid written to `<home>/<what>.pid`."""
    with (home / f"{what}.log").open("ab") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   start_new_session=True, cwd=Path(__file__).resolve().parents[1],
                                   env={**os.environ, **(env or {})})
    (home / f"{what}.pid").write_text(f"{process.pid}\n")
    return process


def api_status(spec: ValidatorSpec, timeout: float = 2.0) -> dict[str, Any] | None:
    """The validator's GET /v1/status, or None if it does not answer."""
    try:
        response = httpx.get(f"{spec.api}/v1/status", timeout=timeout)
        return response.json() if response.status_code == 200 else None
    except httpx.HTTPError:
        return None


def peer_count(spec: ValidatorSpec) -> int | None:
    """How many peers the validator's CometBFT has, or None if its RPC does not answer."""
    try:
        return int(httpx.get(f"{spec.rpc}/net_info", timeout=2.0).json()["result"]["n_peers"])
    except (httpx.HTTPError, KeyError, ValueError):
        return None


def wait_committing(specs: list[ValidatorSpec], height: int = 2, timeout: float = START_TIMEOUT_S) -> list[dict[str, Any]]:
    """Poll until every validator has committed `height`; raise CliError naming the laggards after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        statuses = [api_status(s) for s in specs]
        if all(st is not None and st["height"] >= height for st in statuses):
            return statuses  # type: ignore[return-value]
        if time.monotonic() > deadline:
            late = [s.name for s, st in zip(specs, statuses, strict=True) if st is None or st["height"] < height]
            raise CliError("network_start", f"validators {', '.join(late)} did not commit block {height} within "
                                            f"{timeout:.0f} s; see <home>/node.log and <home>/cometbft.log")
        time.sleep(0.2)


def is_answering(url: str) -> bool:
    """True if GET `url` answers 200."""
    try:
        return httpx.get(url, timeout=2.0).status_code == 200
    except httpx.HTTPError:
        return False


def wait_until(check: Callable[[], bool], timeout: float) -> bool:
    """Poll `check()` every 0.1 s until it is true (True) or `timeout` seconds pass (False)."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def read_pid(spec: ValidatorSpec) -> int | None:
    try:
        return int(Path(spec.home, "node.pid").read_text().strip())
    except (OSError, ValueError):
        return None


def is_alive(pid: int) -> bool:
    """True if process `pid` runs: it exists and has not exited (an exited child not yet reaped is a zombie)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return not is_zombie(pid)


def is_zombie(pid: int) -> bool:
    """True if `pid` has exited and waits for its parent to reap it (Linux /proc; False where there is none)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[:1] == ["Z"]


def stop_validator(spec: ValidatorSpec, timeout: float = 20.0) -> bool:
    """SIGTERM the validator's node (it stops its CometBFT), SIGKILL its group after `timeout`; True if it ran."""
    return stop_validators([spec], timeout)[0]


def stop_validators(specs: list[ValidatorSpec], timeout: float = 20.0) -> list[bool]:
    """Stop several validators at once: SIGTERM each, then SIGKILL the groups still alive after one shared
    `timeout`; per validator, True if it ran."""
    return stop_pids([read_pid(spec) for spec in specs], timeout)


def stop_pids(pids: list[int | None], timeout: float = 20.0) -> list[bool]:
    """SIGTERM each process, then SIGKILL the groups still alive after one shared `timeout`; per pid, True if it ran."""
    running = [pid for pid in pids if pid is not None and is_alive(pid)]
    for pid in running:
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while any(is_alive(pid) for pid in running) and time.monotonic() < deadline:
        time.sleep(0.1)
    for pid in running:
        if is_alive(pid):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
    return [pid in running for pid in pids]


def load(folder: Path) -> list[ValidatorSpec]:
    """The network in `folder`; raise CliError if there is none."""
    try:
        return load_specs(folder)
    except FileNotFoundError:
        raise CliError("no_network", f"no network in {folder}: run `tanledger network up --home {folder}` first") from None


__all__ = ["AUTHORITIES", "create_network", "start_validator", "wait_committing", "stop_validator", "stop_validators",
           "load"]


class LocalNetwork:
    """A running local network for tests and benchmarks: start, kill, pause and watch each validator."""

    def __init__(self, folder: Path, specs: list[ValidatorSpec], prefixes: dict[str, list[str]] | None = None) -> None:
        self.folder = folder
        self.specs = specs
        self.processes: dict[str, subprocess.Popen] = {}
        self.prefixes = prefixes or {}  # per validator: a command to run it behind (ip netns exec NS)
        self.witnesses: WitnessPolicy | None = None
        self.witness_processes: dict[str, subprocess.Popen] = {}

    @staticmethod
    def create(folder: Path, genesis: dict[str, Any], seeds: dict[str, bytes], count: int, api_base: int,
               rpc_base: int, db_urls: list[str] = (), timeout_commit_ms: int = 300,  # type: ignore[assignment]
               hosts: list[str] | None = None) -> LocalNetwork:
        """Write a network for `genesis` (its validators replaced by `count` institutions with `seeds`);
        with `hosts`, validator i listens on hosts[i] (its own network namespace, say) with the base ports."""
        specs = plan_specs(folder, count, api_base, rpc_base, list(db_urls), hosts, hosts[0] if hosts else "0.0.0.0")
        if hosts:
            specs = [ValidatorSpec(**{**asdict(s), "listen": host}) for s, host in zip(specs, hosts, strict=True)]
        doc = json.loads(json.dumps(genesis))
        doc["validators"] = [{"name": s.name, "pubkey": KeyFile(s.name, seeds[s.name]).pubkey.hex(), "power": 1}
                             for s in specs]
        check_genesis(doc)
        folder.mkdir(parents=True, exist_ok=True)
        return LocalNetwork(folder, init_network(folder, specs, doc, seeds, timeout_commit_ms))

    def add_validator(self, name: str, seed: bytes, api_port: int, rpc_port: int, db_url: str = "") -> str:
        """Write a new validator's home (it joins as a full node); return its consensus public key (hex)."""
        from node.network import add_validator_home

        spec = ValidatorSpec(name, str((self.folder / name).resolve()), api_port, rpc_port, rpc_port - 1, "", db_url)
        done, consensus_key = add_validator_home(self.folder, spec, seed, self.specs)
        self.specs.append(done)
        return consensus_key

    def spec(self, name: str) -> ValidatorSpec:
        return next(s for s in self.specs if s.name == name)

    def start(self, name: str | None = None, env: dict[str, str] | None = None) -> None:
        """Start one validator, or all (with `env` added to their environment)."""
        for spec in self.specs if name is None else [self.spec(name)]:
            self.processes[spec.name] = start_validator(spec, env=env, prefix=self.prefixes.get(spec.name, []))

    def signal(self, name: str, sig: int) -> None:
        """Send `sig` to the validator's whole process group (its node and its CometBFT)."""
        os.killpg(self.processes[name].pid, sig)
        if sig == signal.SIGKILL:
            self.processes[name].wait()

    def stop_one(self, name: str) -> None:
        """Stop one validator cleanly (SIGTERM; it stops its CometBFT) and reap it."""
        stop_validator(self.spec(name))
        self.kill_group(name)

    def kill_group(self, name: str) -> None:
        """SIGKILL whatever is left of the validator's process group, and reap it."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.processes[name].pid, signal.SIGKILL)
        self.processes[name].wait()

    def kill(self, name: str) -> None:
        """kill -9 the validator (node and CometBFT)."""
        self.signal(name, signal.SIGKILL)

    def status(self, name: str) -> dict[str, Any] | None:
        return api_status(self.spec(name))

    def heights(self) -> dict[str, int | None]:
        return {s.name: (st["height"] if (st := api_status(s, timeout=1.0)) else None) for s in self.specs}

    def wait_height(self, height: int, names: list[str] | None = None, timeout: float = 60.0) -> None:
        """Wait until the named validators (default all) have committed `height`; raise AssertionError after `timeout`."""
        chosen = [self.spec(n) for n in names] if names else self.specs
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            statuses = [api_status(s, timeout=1.0) for s in chosen]
            if all(st is not None and st["height"] >= height for st in statuses):
                return
            time.sleep(0.2)
        raise AssertionError(f"not all of {[s.name for s in chosen]} reached height {height}: {self.heights()}")

    def block(self, name: str, height: int) -> dict[str, Any]:
        return httpx.get(f"{self.spec(name).api}/v1/blocks/{height}", timeout=10).json()

    def add_witnesses(self, count: int, port_base: int) -> WitnessPolicy:
        """Write `count` witnesses on ports from `port_base` and every validator's witnesses file (before the
        validators start: a node reads it at start)."""
        self.witnesses = create_witnesses(self.folder, self.specs, count, port_base)
        return self.witnesses

    def witness(self, name: str) -> WitnessEndpoint:
        assert self.witnesses is not None
        return next(e for e in self.witnesses.endpoints if e.witness.name == name)

    def start_witnesses(self, name: str | None = None, timeout: float = 30.0) -> None:
        """Start one witness, or all, and wait until each answers GET /info."""
        assert self.witnesses is not None
        chosen = self.witnesses.endpoints if name is None else (self.witness(name),)
        for endpoint in chosen:
            self.witness_processes[endpoint.witness.name] = start_witness(self.folder, endpoint)
        for endpoint in chosen:
            if not wait_until(lambda e=endpoint: is_answering(f"{e.url}/info"), timeout):
                raise AssertionError(f"{endpoint.witness.name} did not answer within {timeout} s; see its witness.log")

    def stop_witness(self, name: str, kill: bool = False) -> None:
        """Stop one witness (SIGTERM, or kill -9 with `kill`) and reap it."""
        process = self.witness_processes.pop(name)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL if kill else signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def stop(self) -> None:
        """Stop every validator, then every witness, still running (SIGTERM, then SIGKILL), and reap them."""
        for spec in self.specs:
            process = self.processes.get(spec.name)
            if process is None or process.poll() is not None:
                continue
            try:
                os.killpg(process.pid, signal.SIGCONT)
                stop_validator(spec, timeout=10.0)
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait()
        for name in list(self.witness_processes):
            self.stop_witness(name)
