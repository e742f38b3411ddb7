"""The transparency log's Merkle tree: ledger.proof.MemoryTree against pymerkle 7 on the same entries.

For logs of 10^4, 10^5 and 10^6 entries: append rate (hashing each entry included), root at a
past size, inclusion proof make and verify, consistency proof make and verify, bytes per proof
(32 per hash). pymerkle 7 (`InmemoryTree`, RFC 9162 hashing) runs the same operations on the
same entries and the same random indices and sizes, and must give the same roots; each figure
is also given as a ratio `pymerkle / ours` (above 1: ours is faster). pymerkle is optional: it
is the baseline only (`pip install pymerkle==7.*`, the `bench` extra).
"""
from __future__ import annotations

import importlib.util
import random
import time
from collections.abc import Callable, Sequence
from typing import Any

from ledger.merkle import leaf_hash
from ledger.proof import MemoryTree
from ledger.verify import verify_consistency, verify_inclusion

FULL_SIZES = (10**4, 10**5, 10**6)
QUICK_SIZES = (10**3, 10**4)
SAMPLES = 1000  # proofs made and verified per size and library
OPS = ("root_us", "incl_make_us", "incl_verify_us", "cons_make_us", "cons_verify_us")


def entry(i: int) -> bytes:
    """The bytes of log entry `i` (about the size of a small JCS entry's prefix)."""
    return b'{"height":%d,"index":%d,"tx":"...","receipt":{"code":"ok"}}' % (i // 100, i % 100)


def per_call_us(fn: Callable[[Any], Any], args: Sequence[Any], repeat: int = 5) -> float:
    """Microseconds per `fn(arg)`: the mean over `args`, best of `repeat` passes (the first one warms up)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for arg in args:
            fn(arg)
        best = min(best, time.perf_counter() - start)
    return best / len(args) * 1e6


def samples(n: int, seed: int) -> dict[str, list[int]]:
    """The same random leaf indices, past sizes and older sizes for both libraries."""
    rng = random.Random(seed * 1_000_003 + n)
    return {"index": [rng.randrange(n) for _ in range(SAMPLES)],
            "size": [rng.randrange(n // 2, n + 1) for _ in range(SAMPLES)],
            "older": [rng.randrange(1, n) for _ in range(SAMPLES)]}


def run_ours(n: int, picks: dict[str, list[int]]) -> dict[str, Any]:
    tree = MemoryTree()
    start = time.perf_counter()
    for i in range(n):
        tree.append(leaf_hash(entry(i)))
    append_s = time.perf_counter() - start
    root = tree.root()
    incl = [tree.inclusion_proof(i, n) for i in picks["index"]]
    cons = [tree.consistency_proof(m, n) for m in picks["older"]]
    older_roots = [tree.root(m) for m in picks["older"]]
    leaves = [leaf_hash(entry(i)) for i in picks["index"]]
    return {
        "append_per_s": n / append_s, "root": root.hex(),
        "roots_at": [tree.root(s).hex() for s in picks["size"][:20]],
        "root_us": per_call_us(tree.root, picks["size"]),
        "incl_make_us": per_call_us(lambda i: tree.inclusion_proof(i, n), picks["index"]),
        "incl_verify_us": per_call_us(lambda k: verify_inclusion(leaves[k], picks["index"][k], n, incl[k], root),
                                      range(SAMPLES)),
        "cons_make_us": per_call_us(lambda m: tree.consistency_proof(m, n), picks["older"]),
        "cons_verify_us": per_call_us(lambda k: verify_consistency(picks["older"][k], n, cons[k], older_roots[k], root),
                                      range(SAMPLES)),
        "incl_bytes": 32 * sum(map(len, incl)) / SAMPLES, "cons_bytes": 32 * sum(map(len, cons)) / SAMPLES,
    }


def run_pymerkle(n: int, picks: dict[str, list[int]]) -> dict[str, Any]:
    import pymerkle

    tree = pymerkle.InmemoryTree(algorithm="sha256")
    start = time.perf_counter()
    for i in range(n):
        tree.append_entry(entry(i))
    append_s = time.perf_counter() - start
    root = tree.get_root()
    incl = [tree.prove_inclusion(i + 1, n) for i in picks["index"]]  # pymerkle counts leaves from 1
    cons = [tree.prove_consistency(m, n) for m in picks["older"]]
    older_roots = [tree.get_root(m) for m in picks["older"]]
    leaves = [leaf_hash(entry(i)) for i in picks["index"]]
    return {
        "append_per_s": n / append_s, "root": root.hex(),
        "roots_at": [tree.get_root(s).hex() for s in picks["size"][:20]],
        "root_us": per_call_us(tree.get_root, picks["size"]),
        "incl_make_us": per_call_us(lambda i: tree.prove_inclusion(i + 1, n), picks["index"]),
        "incl_verify_us": per_call_us(lambda k: pymerkle.verify_inclusion(leaves[k], root, incl[k]), range(SAMPLES)),
        "cons_make_us": per_call_us(lambda m: tree.prove_consistency(m, n), picks["older"]),
        "cons_verify_us": per_call_us(lambda k: pymerkle.verify_consistency(older_roots[k], root, cons[k]),
                                      range(SAMPLES)),
        "incl_bytes": 32 * sum(len(p.path) for p in incl) / SAMPLES,
        "cons_bytes": 32 * sum(len(p.path) for p in cons) / SAMPLES,
    }


def run(sizes: Sequence[int], seed: int = 2024, baseline: bool = True) -> dict[str, Any]:
    """Both libraries at each size; raises if pymerkle's roots differ from ours (not RFC 9162 then).

    Without pymerkle installed, only ours is measured (`baseline` is reported False).
    """
    baseline = baseline and _has_pymerkle()
    out: dict[str, Any] = {"baseline": baseline, "sizes": {}}
    for n in sizes:
        picks = samples(n, seed)
        ours = run_ours(n, picks)
        figures: dict[str, Any] = {"ours": ours}
        if baseline:
            theirs = run_pymerkle(n, picks)
            if (theirs["root"], theirs["roots_at"]) != (ours["root"], ours["roots_at"]):
                raise RuntimeError(f"pymerkle's roots differ from RFC 9162's at size {n}")
            figures["pymerkle"] = theirs
            figures["ratio"] = {"append": ours["append_per_s"] / theirs["append_per_s"],
                                **{op: theirs[op] / ours[op] for op in OPS}}
        for fig in figures.values():
            fig.pop("roots_at", None)
        out["sizes"][n] = figures
    return out


def _has_pymerkle() -> bool:
    return importlib.util.find_spec("pymerkle") is not None


def report(result: dict[str, Any]) -> list[str]:
    """The figures as a Markdown table: ours, pymerkle and the ratio per operation and size."""
    lines = ["merkle log (ledger.proof.MemoryTree vs pymerkle 7; ratio = pymerkle / ours, above 1 is faster)",
             "| entries | library | append /s | root µs | incl. make µs | incl. verify µs | cons. make µs | "
             "cons. verify µs | incl. bytes | cons. bytes |",
             "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    if not result["baseline"]:
        lines.insert(1, "(pymerkle is not installed: no baseline; pip install 'pymerkle==7.*')")
    for n, figures in result["sizes"].items():
        for name in ("ours", "pymerkle"):
            if name in figures:
                f = figures[name]
                lines.append(f"| {n:,} | {name} | {f['append_per_s']:,.0f} | "
                             + " | ".join(f"{f[op]:.1f}" for op in OPS)
                             + f" | {f['incl_bytes']:.0f} | {f['cons_bytes']:.0f} |")
        if "ratio" in figures:
            r = figures["ratio"]
            lines.append(f"| {n:,} | ratio | {r['append']:.2f}× | " + " | ".join(f"{r[op]:.2f}×" for op in OPS)
                         + " | | |")
    return lines
