"""Test logs (ledger.proof.MemoryTree) signed by test validators, and real witness processes on loopback."""
from __future__ import annotations

import base64
import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from ledger.checkpoint import (ED25519_TYPE, EM_DASH, Trust, Validator, ValidatorSet, format_checkpoint, key_id,
                               make_note, parse_note, quorum_for, sign_note)
from ledger.cosignature import Witness, witness_times
from ledger.crypto import public_key
from ledger.proof import MemoryTree

REPO = Path(__file__).resolve().parents[2]
WITNESS_NAME = "witness.test/w1"
ORIGINS = [f"tanledger.test/log-{i}" for i in range(1, 14)]  # one log per test: tests share one witness process
POLICY_LOG = ORIGINS[10]  # its trust file requires 2 of 2 other witnesses: the witness itself must not
STARTUP_S = 30.0


def seed(name: str) -> bytes:
    """A test key's seed, derived from its name."""
    return hashlib.sha256(b"witness-test/" + name.encode()).digest()


def validator_names(origin: str) -> list[str]:
    """The note key names of the four test validators of `origin`."""
    return [f"{origin}/v{i}" for i in range(1, 5)]


def trust_for(origin: str, witnesses: tuple[Witness, ...] = (), witness_quorum: int = 0) -> Trust:
    """The trust of a test log: four validators, quorum three; and the witness policy given."""
    names = validator_names(origin)
    validators = ValidatorSet(0, tuple(Validator(n, public_key(seed(n))) for n in names), quorum_for(4))
    return Trust(origin, (validators,), witnesses=witnesses, witness_quorum=witness_quorum)


def other_witnesses(count: int) -> tuple[Witness, ...]:
    """Witnesses other than the one under test, for trust files with a witness policy."""
    return tuple(Witness(f"witness.test/other-{i}", public_key(seed(f"other-{i}"))) for i in range(1, count + 1))


@dataclass
class SignedLog:
    """A log in memory whose checkpoints the test validators sign."""

    origin: str
    tree: MemoryTree = field(default_factory=MemoryTree)

    def grow(self, count: int) -> SignedLog:
        """Append `count` leaves; returns self."""
        for _ in range(count):
            self.tree.append(hashlib.sha256(f"{self.origin}/{self.tree.size}".encode()).digest())
        return self

    def note(self, size: int | None = None, signers: int = 3, root: bytes | None = None) -> str:
        """The checkpoint of `size` (default the whole log) signed by the first `signers` validators."""
        size = self.tree.size if size is None else size
        body = format_checkpoint(self.origin, size, self.tree.root(size) if root is None else root)
        return make_note(body, [sign_note(body, n, seed(n)) for n in validator_names(self.origin)[:signers]])

    def proof(self, old: int, new: int | None = None) -> list[bytes]:
        """The consistency proof from `old` to `new` (default the whole log); none from 0 or to the same size."""
        new = self.tree.size if new is None else new
        return [] if old in (0, new) else self.tree.consistency_proof(old, new)


def add_body(old: int, proof: list[bytes], note: str) -> bytes:
    """An add-checkpoint request body (C2SP tlog-witness)."""
    lines = [f"old {old}", *(base64.b64encode(h).decode() for h in proof)]
    return ("\n".join(lines) + "\n\n" + note).encode()


def free_port() -> int:
    """A port free on 127.0.0.1 now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class WitnessProcess:
    """A `tanledger witness run` process: its home, trust files, port and URL."""

    home: Path
    trust_files: list[Path]
    port: int
    proc: subprocess.Popen | None = None
    follow: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> WitnessProcess:
        """Start the process; return once GET /info answers."""
        args = [sys.executable, "-m", "cli.main", "witness", "run", "--home", str(self.home), "--port", str(self.port)]
        args += [a for path in self.trust_files for a in ("--trust", str(path))]
        args += [a for url in self.follow for a in ("--follow", url)]
        env = {k: v for k, v in os.environ.items() if not k.startswith("TANLEDGER_")} | {"PYTHONPATH": str(REPO)}
        with open(self.home / "witness.log", "ab") as log:
            self.proc = subprocess.Popen(args, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + STARTUP_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"witness exited with {self.proc.returncode}:\n{self.log()}")
            try:
                if httpx.get(f"{self.url}/info", timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"witness did not answer within {STARTUP_S} s:\n{self.log()}")

    def kill(self) -> None:
        """SIGKILL: no chance to clean up."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        """SIGTERM, then SIGKILL if it lingers."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def log(self) -> str:
        return (self.home / "witness.log").read_text(errors="replace")

    def add(self, old: int, proof: list[bytes], note: str) -> httpx.Response:
        """POST /add-checkpoint."""
        return httpx.post(f"{self.url}/add-checkpoint", content=add_body(old, proof, note), timeout=10)


def init_home(home: Path, name: str = WITNESS_NAME) -> str:
    """`tanledger witness init` in `home`; returns the vkey it prints."""
    result = subprocess.run([sys.executable, "-m", "cli.main", "witness", "init", "--home", str(home), "--name", name],
                            cwd=REPO, capture_output=True, text=True, check=True)
    return result.stdout.strip()


def write_trust(path: Path, trust: Trust) -> Path:
    """Write a trust file."""
    path.write_text(json.dumps(trust.to_json()), encoding="utf-8")
    return path


def start_witness(home: Path, trusts: list[Trust], follow: list[str] | None = None) -> WitnessProcess:
    """Init a witness in `home` and run it trusting `trusts` (and following `follow`)."""
    init_home(home)
    files = [write_trust(home / f"trust-{i}.json", t) for i, t in enumerate(trusts)]
    return WitnessProcess(home, files, free_port(), follow=follow or []).start()


def check_cosignature(line: str, note: str, pubkey: bytes) -> int:
    """Assert `line` is the witness's valid cosignature/v1 of the note's checkpoint (ledger.cosignature); its time."""
    assert line.startswith(f"{EM_DASH} {WITNESS_NAME} ")
    times = witness_times(parse_note(note + line + "\n"), (Witness(WITNESS_NAME, pubkey),))
    assert [name for name, _ in times] == [WITNESS_NAME]
    return times[0][1]


def go_verify(note: str, trust: Trust, witness_vkeys: list[str]) -> dict:
    """Go's verdict on `note` (tools/notecheck: sumdb/note with transparency-dev's cosignature/v1 verifier), built
    by tools/notecheck.sh when this checkout has none: {ok, verified: [names], times: {name: POSIX s}, …}."""
    notecheck = REPO / ".tools" / "bin" / "notecheck"
    if not notecheck.exists():
        subprocess.run([str(REPO / "tools" / "notecheck.sh")], capture_output=True, check=True, timeout=600)
    vkeys = [f"{v.name}+{key_id(v.name, v.pubkey).hex()}+{base64.b64encode(ED25519_TYPE + v.pubkey).decode()}"
             for s in trust.sets for v in s.validators]
    request = {"note": note, "validator_vkeys": vkeys, "witness_vkeys": witness_vkeys}
    proc = subprocess.run([str(notecheck), "verify"], input=json.dumps(request), capture_output=True, text=True,
                          timeout=60, check=True)
    return json.loads(proc.stdout)
