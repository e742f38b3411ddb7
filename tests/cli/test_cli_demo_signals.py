"""`tanledger demo` as a real process: SIGTERM or Ctrl-C (SIGINT) stops it and every process it started."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cli.network import is_alive

REPO = Path(__file__).resolve().parents[2]
VALIDATORS = ("REGISTRY", "EXCHANGE", "MEE", "PROV-32")
START_TIMEOUT_S = 300.0


def running_under(folder: Path) -> list[int]:
    """The pids of live processes whose command line names `folder` (the validators' nodes and their CometBFT)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if str(folder) in command and is_alive(int(entry.name)):
            found.append(int(entry.name))
    return found


def wait_validators_started(home: Path, demo: subprocess.Popen) -> list[int]:
    """The pids of the demo's four validator nodes once each has written its pid file and runs."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        assert demo.poll() is None, f"the demo exited early with {demo.returncode}"
        files = [home / name / "node.pid" for name in VALIDATORS]
        if all(f.exists() and f.read_text().strip() for f in files):
            pids = [int(f.read_text()) for f in files]
            if all(is_alive(pid) for pid in pids):
                return pids
        time.sleep(0.2)
    raise AssertionError("the demo's validators did not start")


@pytest.mark.parametrize("sig, exit_code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_demo_stops_its_validators_on_a_signal(tmp_path, sig, exit_code):
    home = tmp_path / "demo"
    log = (tmp_path / "demo.log").open("wb")
    demo = subprocess.Popen([sys.executable, "-m", "cli.main", "demo", "--entities", "40", "--transfers", "100",
                             "--port", "0", "--home", str(home)], cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_validators_started(home, demo)
        assert len(running_under(home)) >= len(VALIDATORS)
        demo.send_signal(sig)
        assert demo.wait(timeout=180) == exit_code, (tmp_path / "demo.log").read_text()
    finally:
        if demo.poll() is None:
            demo.kill()
            demo.wait()
        left = running_under(home)
        for pid in left:  # the test's own leftovers, should it fail: never leave validators running
            os.kill(pid, signal.SIGKILL)
    assert left == []
    assert "Traceback" not in (tmp_path / "demo.log").read_text()
