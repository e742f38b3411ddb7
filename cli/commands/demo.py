"""`tanledger demo`: a whole compliance year at national scale on a fresh node.

A port that is taken stops it before any work. Ctrl-C (SIGINT) and SIGTERM stop its validators cleanly: during
the year it exits with 130 or 143; while it serves, Ctrl-C is the expected way out (0) and SIGTERM exits with 143.
"""
from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer

from ..demo.population import NATIONAL_ENTITIES


def on_sigterm(signum: int, frame: FrameType | None) -> None:
    """Turn SIGTERM into SystemExit(143), so the demo's `finally` stops its validators; a second one is ignored."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise SystemExit(128 + signum)


@contextmanager
def stopped_cleanly_on_sigterm() -> Iterator[None]:
    """Within the block, SIGTERM unwinds the stack like Ctrl-C does; the previous handler comes back afterwards."""
    previous = signal.signal(signal.SIGTERM, on_sigterm)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def demo(
    entities: Annotated[int, typer.Option(help="key emitting entities (the report: about 3,500)")] = NATIONAL_ENTITIES,
    transfers: Annotated[int, typer.Option(help="regular trades over the year, besides the compliance purchases")] = 5_000,
    seed: Annotated[int, typer.Option(help="seed of the population and the trades")] = 2024,
    home: Annotated[Path | None, typer.Option(help="node home (must not hold a chain); default a fresh temporary folder")] = None,
    port: Annotated[int, typer.Option(help="API port of the first validator (the others count up); 0 picks free ones")] = 0,
    exit_at_end: Annotated[bool, typer.Option("--exit", help="stop the node at the end instead of serving until Ctrl-C")] = False,
) -> None:
    """Run the 2024 compliance year: accounts, allocation, trading, verification, true-up, surrender, enforcement."""
    from ..demo.runner import run_demo

    with stopped_cleanly_on_sigterm():
        run_demo(entities=entities, transfers=transfers, seed=seed, home=home, port=port, serve=not exit_at_end)
