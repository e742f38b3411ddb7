"""`tanledger network up | status | down`: a local network of validators, one per institution."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..console import out

app = typer.Typer(help="Run a local network of validators on CometBFT.", no_args_is_help=True)

Home = Annotated[Path, typer.Option(help="the network's folder (genesis, keys, one home per validator)")]


@app.command("up")
def network_up(
    home: Home = Path("var/network"),
    validators: Annotated[int, typer.Option(min=1, max=10, help="how many validators")] = 4,
    db: Annotated[list[str], typer.Option(help="a database URL per validator (repeat); default SQLite in each home")] = [],
    chain_id: Annotated[str, typer.Option(help="the chain id")] = "tanledger-local",
    api_port: Annotated[int, typer.Option(help="the first validator's API port; the next ones count up")] = 1317,
    rpc_port: Annotated[int, typer.Option(help="the first validator's CometBFT RPC port (P2P one below); +10 each")] = 26657,
    timeout_commit_ms: Annotated[int, typer.Option(help="CometBFT's pause after each commit, ms")] = 300,
) -> None:
    """Write the network (unless `--home` holds one already), start every validator, wait until they commit."""
    from datetime import datetime, timezone

    from ..network import create_network, load, start_validator, wait_committing

    if not (home / "network.json").exists():
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        create_network(home, validators, chain_id, "devnet", now, db, api_port, rpc_port, timeout_commit_ms)
        out.print(f"wrote a network of {validators} validators in {home}")
    specs = load(home)
    for spec in specs:
        start_validator(spec)
    statuses = wait_committing(specs)
    for spec, status in zip(specs, statuses):
        out.print(f"{spec.name:<10} API {spec.api}   CometBFT RPC {spec.rpc}   height {status['height']}")


@app.command("status")
def network_status(home: Home = Path("var/network")) -> None:
    """Height, app hash and peers of every validator."""
    from rich.table import Table

    from ..network import api_status, load, peer_count

    table = Table("validator", "API", "height", "app hash", "peers")
    for spec in load(home):
        status = api_status(spec)
        peers = peer_count(spec)
        table.add_row(spec.name, spec.api, str(status["height"]) if status else "down",
                      status["app_hash"][:16] + "…" if status else "-", "-" if peers is None else str(peers))
    out.print(table)


@app.command("down")
def network_down(home: Home = Path("var/network")) -> None:
    """Stop every validator (its CometBFT with it). The chain stays in the folder for the next `up`."""
    from ..network import load, stop_validator

    for spec in load(home):
        out.print(f"{spec.name:<10} {'stopped' if stop_validator(spec) else 'was not running'}")
