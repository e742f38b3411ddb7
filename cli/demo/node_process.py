"""The demo's node: `tanledger node start` in a child process, on the simulated calendar.

A child process has its own interpreter, so the node executes blocks on one core while the
demo signs on the other. Its log goes to `<home>/node.log`.
"""
from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from ..console import CliError

START_TIMEOUT_S = 60.0


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class NodeProcess:
    """A running node child process and its API URL."""

    process: subprocess.Popen
    url: str
    log: Path

    @staticmethod
    def start(home: Path, port: int, sim_start: str) -> NodeProcess:
        """Start the node on SQLite in `home` with the simulated calendar; wait until it answers."""
        port = port or free_port()
        log = home / "node.log"
        command = [sys.executable, "-m", "cli.main", "node", "start", "--home", str(home), "--port", str(port),
                   "--clock", "sim", "--sim-start", sim_start]
        with log.open("ab") as sink:
            process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        node = NodeProcess(process, f"http://127.0.0.1:{port}", log)
        node.wait_ready()
        return node

    def wait_ready(self) -> None:
        """Poll GET /v1/status until the node answers; raise CliError if it exits or takes too long."""
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise CliError("node_start", f"the node exited with code {self.process.returncode}: {self.tail()}")
            try:
                httpx.get(f"{self.url}/v1/status", timeout=1.0).raise_for_status()
                return
            except httpx.HTTPError:
                time.sleep(0.1)
        self.stop()
        raise CliError("node_start", f"the node did not answer at {self.url} within {START_TIMEOUT_S:.0f} s: {self.tail()}")

    def tail(self, lines: int = 3) -> str:
        """The last lines of the node's log, on one line."""
        try:
            text = self.log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
        except OSError:
            return "(no log)"
        return " | ".join(text[-lines:]) or "(empty log)"

    def serve_until_interrupted(self) -> None:
        """Block until Ctrl-C (or until the node exits), then stop it."""
        try:
            self.process.wait()
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()

    def stop(self) -> None:
        """Ask the node to shut down (SIGINT, as Ctrl-C would); kill it after 10 s."""
        if self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
