"""Memory: how big the in-memory state grows after K transfers between N entities.

Transfers are signed and executed one block at a time and then dropped (a node keeps blocks
on disk, not in memory), so what stays is the state: its entries, the cached Merkle levels
of its root, and the fragmentation of serial ranges that transfers cause. RSS is read from
/proc/self/status (Linux) and the peak from getrusage; `tracemalloc` can count the Python
allocations exactly, at some cost in speed.
"""
from __future__ import annotations

import gc
import random
import resource
import sys
import time
import tracemalloc
from typing import Any

from ledger.encoding import canonical

from . import world


def rss_mib() -> float:
    """The current resident set size in MiB (the peak where /proc is missing)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return peak_rss_mib()


def peak_rss_mib() -> float:
    """The peak resident set size in MiB (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def describe_state(state) -> dict[str, int]:
    """Entries, serial ranges held, and the JCS size of all leaves."""
    ranges = jcs = 0
    for key, value in state.items():
        jcs += len(canonical([key, value]))
        if key.startswith("holding/"):
            ranges += sum(len(r) for r in value.values())
    return {"keys": len(state), "ranges": ranges, "jcs_bytes": jcs}


def run(entities: int, transfers: int, block_size: int, seed: int, trace: bool = False) -> dict[str, Any]:
    """Execute `transfers` transfers block by block; measure the state before and after."""
    if trace:
        tracemalloc.start()
    gc.collect()
    rss_before = rss_mib()
    node, signer = world.build(entities, block_size, keep_blocks=False)
    node.state.root()
    gc.collect()
    rss_setup, traced_setup = rss_mib(), tracemalloc.get_traced_memory()[0] if trace else 0
    rng = random.Random(seed)
    start, done = time.perf_counter(), 0
    step = max(block_size, transfers // 10)
    while done < transfers:
        size = min(block_size, transfers - done)
        node.propose(world.transfers(signer, entities, size, rng))
        done += size
        if done % step == 0 and done < transfers:
            print(f"  … {done:,} transfers, {time.perf_counter() - start:.0f} s, RSS {rss_mib():.0f} MiB",
                  file=sys.stderr, flush=True)
    seconds = time.perf_counter() - start
    gc.collect()
    result = {
        "entities": entities, "transfers": transfers, "seconds_sign_and_execute": round(seconds, 1),
        "rss_before_mib": round(rss_before, 1), "rss_after_setup_mib": round(rss_setup, 1),
        "rss_after_mib": round(rss_mib(), 1), "peak_rss_mib": round(max(peak_rss_mib(), rss_mib()), 1),
        **describe_state(node.state),
    }
    if trace:
        result["traced_state_growth_mib"] = round((tracemalloc.get_traced_memory()[0] - traced_setup) / 2**20, 1)
        result["traced_after_setup_mib"] = round(traced_setup / 2**20, 1)
        tracemalloc.stop()
    return result


def report(result: dict[str, Any]) -> list[str]:
    r = result
    lines = [
        f"memory: {r['entities']:,} entities, {r['transfers']:,} transfers (signed and executed in "
        f"{r['seconds_sign_and_execute']} s)",
        f"  state: {r['keys']:,} keys, {r['ranges']:,} serial ranges, {r['jcs_bytes'] / 2**20:.1f} MiB as JCS leaves",
        f"  RSS before {r['rss_before_mib']} MiB, after setup {r['rss_after_setup_mib']} MiB, after transfers "
        f"{r['rss_after_mib']} MiB; peak {r['peak_rss_mib']} MiB",
    ]
    if "traced_state_growth_mib" in r:
        lines.append(f"  tracemalloc: {r['traced_after_setup_mib']} MiB after setup, +{r['traced_state_growth_mib']} MiB "
                     "during the transfers")
    return lines
