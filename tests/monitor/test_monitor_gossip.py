"""Gossip between real processes: two monitors (or a monitor and a witness) find a split view, made by a second
node of the same genesis and validator key that signed checkpoints of another log (other transactions, each
valid on its own); the gossip endpoint's answers; a continuous monitor stopped with Ctrl-C."""
from __future__ import annotations

import signal
import subprocess
import sys
import time

import httpx
import pytest

from helpers import bilateral_genesis_doc
from monitor_processes import REPO, build_chain, free_port, run_monitor, start_monitor, stop_process
from node.trust import compute_identity

ALARM_WAIT_S = 60
ORIGIN = compute_identity(bilateral_genesis_doc()).origin
CLI = [sys.executable, "-m", "cli.main"]


@pytest.fixture(scope="module")
def forked(tmp_path_factory):
    """A node of the honest node's genesis whose entity 2 sent to entity 1 instead: as many entries, other roots."""
    node = build_chain(tmp_path_factory.mktemp("forked") / "home", [(2, 1, 7), (2, 1, 8), (2, 1, 9)])
    yield node
    node.stop()


def wait_exit(proc, seconds: float) -> tuple[int, str]:
    """The monitor's exit code and stderr once it exits (killed after `seconds`)."""
    try:
        _, stderr = proc.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        stop_process(proc)
        _, stderr = proc.communicate()
    return proc.returncode, stderr


def test_the_forked_chain_alone_looks_honest(forked, trust):
    result = run_monitor(forked.url, trust, "--once")  # as the honest one does (test_monitor_once.py)
    assert result.returncode == 0, result.stderr


def test_gossiping_monitors_find_the_split_view(honest, forked, trust):
    port_a, port_b = free_port(), free_port()
    a = start_monitor(honest.url, trust, "--listen", f"127.0.0.1:{port_a}", "--peer", f"http://127.0.0.1:{port_b}")
    b = start_monitor(forked.url, trust, "--listen", f"127.0.0.1:{port_b}", "--peer", f"http://127.0.0.1:{port_a}")
    try:
        code_a, err_a = wait_exit(a, ALARM_WAIT_S)
        code_b, err_b = wait_exit(b, ALARM_WAIT_S)
    finally:
        stop_process(a)
        stop_process(b)
    assert (code_a, code_b) == (2, 2), err_a + err_b
    for stderr in (err_a, err_b):
        assert stderr.strip().splitlines()[-1].startswith("ALARM[split_view]: "), stderr


def test_gossip_endpoint_answers_with_its_note_or_refuses(honest, forked, trust):
    port = free_port()
    monitor = start_monitor(honest.url, trust, "--listen", f"127.0.0.1:{port}")
    url = f"http://127.0.0.1:{port}"
    try:
        ours = httpx.get(f"{honest.url}/v1/checkpoint", params={"format": "note"}).text
        wait_for_note(url, ours)
        theirs = httpx.get(f"{forked.url}/v1/checkpoint", params={"format": "note"}).text
        assert httpx.post(f"{url}/gossip", content=ours).status_code == 200
        answer = httpx.post(f"{url}/gossip", content=ours.split("\n\n")[0])  # no signature lines
        assert answer.status_code == 400, answer.text
        unsigned = ours.split("\n\n")[0] + "\n\n\u2014 someone AAAAAQ==\n"
        assert httpx.post(f"{url}/gossip", content=unsigned).status_code in (400, 403)
        conflict = httpx.post(f"{url}/gossip", content=theirs)
        assert conflict.status_code == 409 and conflict.text == ours
        _, stderr = monitor.communicate(timeout=ALARM_WAIT_S)
        assert monitor.returncode == 2 and "ALARM[split_view]: " in stderr, stderr
    finally:
        stop_process(monitor)


def wait_for_note(url: str, note: str, prefix: bool = False) -> None:
    """Return once the latest note a monitor or witness serves (GET /checkpoint) is `note` (or starts with it)."""
    deadline = time.monotonic() + ALARM_WAIT_S
    while time.monotonic() < deadline:
        try:
            served = httpx.get(f"{url}/checkpoint", params={"origin": ORIGIN}).text
            if served == note or (prefix and served.startswith(note)):
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"{url} never served the checkpoint {note!r}")


def test_a_witness_of_the_forked_node_as_peer_reveals_the_split_view(honest, forked, trust, tmp_path):
    home, port = tmp_path / "witness", free_port()
    init = subprocess.run([*CLI, "witness", "init", "--home", str(home), "--name", "witness-1"], cwd=REPO,
                          capture_output=True, text=True, timeout=60)
    assert init.returncode == 0, init.stderr
    witness = subprocess.Popen([*CLI, "witness", "run", "--home", str(home), "--trust", str(trust), "--port", str(port),
                                "--follow", forked.url], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        forked_note = httpx.get(f"{forked.url}/v1/checkpoint", params={"format": "note"}).text
        wait_for_note(url, forked_note.split("\n\n")[0], prefix=True)  # the witness cosigned the forked checkpoint
        result = run_monitor(honest.url, trust, "--once", "--peer", url)
    finally:
        stop_process(witness)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("ALARM[split_view]: "), result.stderr


def test_a_continuous_monitor_stops_on_ctrl_c_with_what_it_checked(honest, trust):
    port = free_port()
    monitor = start_monitor(honest.url, trust, "--listen", f"127.0.0.1:{port}", "--poll", "0.2")
    try:
        wait_for_note(f"http://127.0.0.1:{port}", httpx.get(f"{honest.url}/v1/checkpoint", params={"format": "note"}).text)
        monitor.send_signal(signal.SIGINT)
        stdout, stderr = monitor.communicate(timeout=ALARM_WAIT_S)
    finally:
        stop_process(monitor)
    assert monitor.returncode == 0, stderr
    assert stdout.startswith("monitor ok: ") and "ALARM" not in stderr
