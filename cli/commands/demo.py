"""`tanledger demo`: a whole compliance year at national scale on a fresh node."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..demo.population import NATIONAL_ENTITIES


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

    run_demo(entities=entities, transfers=transfers, seed=seed, home=home, port=port, serve=not exit_at_end)
