"""What `bench/network.py` measures around a phase: CPU of the network's processes, the machine's load,
CometBFT's peer traffic and commit rounds, and a py-spy profile of one validator."""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

from cli.network import LocalNetwork

BREAKDOWN = ("LedgerApp.check_tx", "LedgerApp._admit", "StoreQueries.has_tx", "decode_transaction", "execute_tx",
             "LedgerApp.finalize_block", "LedgerApp.commit", "Store.commit_block", "LedgerApp.prepare_proposal",
             "LedgerApp.process_proposal", "LedgerApp.extend_vote", "LedgerApp.verify_vote_extension",
             "submit_tx", "submit_txs", "CometEngine._call", "get_block", "crypto_sign_open")


def group_cpu(pgids: list[int]) -> dict[str, float]:
    """User + system CPU seconds of every live process in the process groups `pgids`, by command name."""
    out: Counter = Counter()
    tick = os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            text = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        name, rest = text[text.index("(") + 1:text.rindex(")")], text.rsplit(")", 1)[1].split()
        if int(rest[2]) in pgids:
            out["cometbft" if name.startswith("cometbft") else "node"] += (int(rest[11]) + int(rest[12])) / tick
    return dict(out)


def machine_busy() -> float:
    """CPU seconds every process of the machine has used so far (/proc/stat: all but idle and iowait)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    return (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


def sent_bytes(net: LocalNetwork) -> int:
    """Bytes every validator has sent to its peers so far (CometBFT /net_info SendMonitor)."""
    total = 0
    for spec in net.specs:
        peers = httpx.get(f"{spec.rpc}/net_info", timeout=5).json()["result"]["peers"]
        total += sum(int(p["connection_status"]["SendMonitor"]["Bytes"]) for p in peers)
    return total


def start_profiler(pid: int, out: Path) -> subprocess.Popen | None:
    """py-spy sampling the GIL-holding thread of `pid` at 100 Hz, without stopping it (raw stacks in `out`)."""
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if not Path(spy).exists():
        return None
    return subprocess.Popen([spy, "record", "--pid", str(pid), "--gil", "--nonblocking", "--rate", "100", "--format", "raw",
                             "--output", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop_profiler(process: subprocess.Popen | None, out: Path, top: int = 20) -> dict[str, Any] | None:
    """Stop py-spy (SIGINT makes it write); the top functions (file, no line) by own and inclusive samples."""
    if process is None:
        return None
    process.send_signal(signal.SIGINT)
    process.wait(60)
    own, inclusive, total = Counter(), Counter(), 0
    for line in out.read_text().splitlines() if out.exists() else []:
        stack, _, count = line.rpartition(" ")
        frames, samples = [re.sub(r":\d+\)$", ")", f) for f in stack.split(";")], int(count)
        total += samples
        own[frames[-1]] += samples
        for frame in set(frames):
            inclusive[frame] += samples
    def share(c: Counter[str]) -> list[tuple[str, float]]:
        return [(f, round(100 * n / total, 1)) for f, n in c.most_common(top)] if total else []
    named = Counter()
    for frame, samples in inclusive.items():
        if (function := frame.split(" (", 1)[0]) in BREAKDOWN:
            named[function] += samples
    return {"samples": total, "own_pct": share(own), "inclusive_pct": share(inclusive),
            "breakdown_pct": {f: round(100 * named[f] / total, 1) for f in BREAKDOWN if total and named[f]}}


def commit_rounds(rpc: str, heights: list[int]) -> dict[str, int]:
    """How many of the blocks at `heights` were decided in consensus round 0, 1, … (CometBFT /commit)."""
    rounds: Counter = Counter()
    with httpx.Client(base_url=rpc, timeout=10) as client:
        for height in heights:
            commit = client.get("/commit", params={"height": height}).json()["result"]["signed_header"]["commit"]
            rounds[str(commit["round"])] += 1
    return dict(sorted(rounds.items()))
