"""`python -m bench [all|execute|replay|memory|merkle|phases|http|network|receipts|witness|witnessing|monitor] [--quick] …`: TanLedger's benchmarks.

Figures and the commands that produced them: docs/BENCHMARKS.md.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import sys

from . import execute_block, http_e2e, memory, phases, replay
from . import network as network_bench
from . import merkle as merkle_bench
from . import monitor as monitor_bench
from . import receipts as receipts_bench
from . import witness as witness_bench
from . import witnessing as witnessing_bench

QUICK = {"entities": 1_000, "transfers": 5_000, "memory_transfers": 20_000, "http_transfers": 2_000}
NETWORK_QUICK = {"entities": 1_000, "transfers": 2_000}  # `network --quick`: two networks in under 3 minutes
NETWORK_FULL = {"entities": 3_500, "transfers": 10_000}  # the market's size; about 6 minutes on 2 cores
FULL = {"entities": 10_000, "transfers": 100_000, "memory_transfers": 100_000, "http_transfers": 20_000}


def machine() -> dict[str, str]:
    """nproc, CPU model, Python and the date: printed with every run."""
    model = "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            model = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), model)
    except OSError:
        model = platform.processor() or model
    return {"nproc": str(os.cpu_count()), "cpu": model, "python": platform.python_version(),
            "date": datetime.date.today().isoformat()}


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("which", nargs="?", default="all", choices=["all", "execute", "replay", "memory", "merkle", "phases", "http",
                                                                   "network", "receipts", "witness", "witnessing",
                                                                   "monitor"])
    parser.add_argument("--quick", action="store_true", help="small sizes: the whole run takes well under a minute")
    parser.add_argument("--entities", type=int, help="entities holding units (quick 1,000; full 10,000)")
    parser.add_argument("--transfers", type=int, help="transfers for execute and replay (quick 5,000; full 100,000)")
    parser.add_argument("--memory-transfers", type=int, help="transfers for the memory figure (quick 20,000; full "
                                                             "100,000; 1000000 for the published figure)")
    parser.add_argument("--http-transfers", type=int, help="transfers per HTTP phase (quick 2,000; full 20,000)")
    parser.add_argument("--http-clients", type=int, default=4, help="client threads of the HTTP per-tx phase")
    parser.add_argument("--http-window", type=int, default=10, help="transfers each HTTP client keeps in flight")
    parser.add_argument("--block-size", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--profile", action="store_true", help="execute: print a cProfile of one more block of transfers; "
                                                                   "network: py-spy of validator 1 in every phase")
    parser.add_argument("--tracemalloc", action="store_true", help="count the memory figure's allocations (slower)")
    parser.add_argument("--validators", type=int, default=4, help="network: validators compared with one (default 4)")
    parser.add_argument("--clients", type=int, default=32, help="network: client threads of the per-tx phase")
    parser.add_argument("--timeout-commit-ms", type=int, default=300, help="network: CometBFT's timeout_commit")
    parser.add_argument("--max-block-kib", type=int, help="network: CometBFT's block max_bytes (default 8 MiB)")
    parser.add_argument("--mempool-size", type=int, help="network: CometBFT's [mempool] size (default 100,000)")
    parser.add_argument("--receipts", type=int, default=14_156, help="receipts: transactions read back (default 14,156)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--witness-requests", type=int, help="witness: sequential add-checkpoint requests "
                                                            "(quick 200; full 2,000)")
    args = parser.parse_args(argv)
    if args.which == "memory" and args.memory_transfers is None:
        args.memory_transfers = args.transfers  # `python -m bench memory --transfers 1000000`
    if args.which == "network":  # its own sizes: --transfers is per phase, on two networks
        defaults = NETWORK_QUICK if args.quick else NETWORK_FULL
        args.entities = args.entities or defaults["entities"]
        args.transfers = args.transfers or defaults["transfers"]
    defaults = QUICK if args.quick else FULL
    for name, value in defaults.items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    return args


def main(argv: list[str]) -> int:
    args = parse(argv)
    info = machine()
    print(f"machine: {info['nproc']} CPUs, {info['cpu']}, Python {info['python']}, {info['date']}", flush=True)
    figures: dict = {"machine": info, "args": vars(args)}
    if args.which in ("all", "memory"):  # first, so that the process's RSS is the state's alone
        result = memory.run(args.entities, args.memory_transfers, args.block_size, args.seed, args.tracemalloc)
        print("\n".join(memory.report(result)), flush=True)
        figures["memory"] = result
    blocks = None
    if args.which in ("all", "execute"):
        result = execute_block.run(args.entities, args.transfers, args.block_size, args.seed, args.profile)
        blocks = result.pop("blocks_for_replay")
        result.pop("node")
        print("\n".join(execute_block.report(result)), flush=True)
        if args.profile:
            print(result.pop("profile"))
        figures["execute"] = result
    if args.which == "phases":  # not part of `all`: a breakdown for profiling, run on request
        result = phases.run(args.entities, args.transfers, args.block_size, args.seed)
        print("\n".join(phases.report(result)), flush=True)
        figures["phases"] = result
    if args.which in ("all", "replay"):
        result = replay.run(args.entities, args.transfers, args.block_size, args.seed, blocks)
        print("\n".join(replay.report(result)), flush=True)
        figures["replay"] = result
    if args.which in ("all", "merkle"):  # log of 10^4–10^6 entries vs pymerkle 7 (quick: 10^3, 10^4)
        result = merkle_bench.run(merkle_bench.QUICK_SIZES if args.quick else merkle_bench.FULL_SIZES, args.seed)
        print("\n".join(merkle_bench.report(result)), flush=True)
        figures["merkle"] = result
    if args.which in ("all", "http"):  # a real node over loopback HTTP (bench/http_e2e.py)
        result = http_e2e.run(args.entities, args.http_transfers, args.seed, args.http_clients, args.http_window)
        print("\n".join(http_e2e.report(result)), flush=True)
        figures["http"] = result
    if args.which == "network":  # not part of `all`: several processes on both cores (bench/network.py)
        result = network_bench.run(args.entities, args.transfers, args.seed, args.validators, args.clients,
                                   args.timeout_commit_ms, args.max_block_kib and args.max_block_kib * 1024,
                                   args.mempool_size, args.profile)
        print("\n".join(network_bench.report(result)), flush=True)
        figures["network"] = result
    if args.which == "receipts":  # not part of `all`: GET /v1/tx one by one vs POST /v1/receipts (bench/receipts.py)
        result = receipts_bench.run(args.receipts, args.seed)
        print("\n".join(receipts_bench.report(result)), flush=True)
        figures["receipts"] = result
    if args.which in ("all", "witness"):  # a real witness process over loopback (bench/witness.py)
        result = witness_bench.run(args.witness_requests or (200 if args.quick else 2_000))
        print("\n".join(witness_bench.report(result)), flush=True)
        figures["witness"] = result
    if args.which in ("all", "witnessing"):  # 4 validators and 3 witnesses on loopback (bench/witnessing.py)
        result = witnessing_bench.run(3 if args.quick else 10)
        print("\n".join(witnessing_bench.report(result)), flush=True)
        figures["witnessing"] = result
    if args.which in ("all", "monitor"):  # a real node over HTTP, its chain as large as the http figure's (bench/monitor.py)
        result = monitor_bench.run(args.entities, args.http_transfers, args.seed)
        print("\n".join(monitor_bench.report(result)), flush=True)
        figures["monitor"] = result
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(figures, out, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
