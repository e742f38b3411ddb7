"""`tanledger node start`: run a validator node from its home folder."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from ..console import CliError
from ..ports import check_free

app = typer.Typer(help="Run a validator node.", no_args_is_help=True)


@app.command("start")
def node_start(
    home: Annotated[Path, typer.Option(envvar="TANLEDGER_HOME", help="the node home (genesis.json, validator.key, node.db)")] = Path("var/node"),
    port: Annotated[int, typer.Option(envvar="TANLEDGER_PORT", help="HTTP port of the TanLedger API")] = 1317,
    host: Annotated[str, typer.Option(envvar="TANLEDGER_HOST", help="address to listen on")] = "127.0.0.1",
    db: Annotated[str, typer.Option(envvar="TANLEDGER_DB_URL", help="SQLAlchemy URL; default sqlite:///<home>/node.db, "
                                                                   "or postgresql+psycopg://user@host/db")] = "",
    clock: Annotated[str, typer.Option(envvar="TANLEDGER_CLOCK", help="wall, or sim for a devnet's simulated calendar")] = "wall",
    sim_start: Annotated[str | None, typer.Option(envvar="TANLEDGER_SIM_START", help="RFC 3339 start of the simulated calendar")] = None,
    block_interval_ms: Annotated[int, typer.Option(envvar="TANLEDGER_BLOCK_INTERVAL_MS",
                                                   help="solo engine: how often it makes a block, ms")] = 200,
    engine: Annotated[str, typer.Option(envvar="TANLEDGER_ENGINE", help="cometbft (supervises <home>/cometbft), "
                                                                     "or solo: one process, no consensus")] = "cometbft",
    witnesses: Annotated[Path | None, typer.Option(envvar="TANLEDGER_WITNESSES", exists=True, dir_okay=False,
                                                   help="the witnesses file whose cosignatures the node collects; "
                                                        "default <home>/witnesses.json if present")] = None,
) -> None:
    """Run the validator: its store, ABCI server and API (docs at /docs), and its CometBFT process, until Ctrl-C."""
    from sqlalchemy.exc import DBAPIError

    from node.errors import NodeStartError
    from node.run import run_node

    settings = make_settings(home, port, host, db, clock, sim_start, block_interval_ms, engine, witnesses)
    check_free({port: "the node's API"}, "--port", host if host not in ("0.0.0.0", "::") else "127.0.0.1")
    try:
        run_node(settings)
    except NodeStartError as exc:
        raise CliError("node_start", str(exc)) from None
    except DBAPIError as exc:
        raise CliError("database", f"cannot use the database {hide_password(settings.db_url)}: "
                                   f"{first_line(exc.orig)}") from None


def first_line(error: BaseException | None) -> str:
    """The first line of a driver's error message (the rest is SQLAlchemy's background link)."""
    return str(error).strip().splitlines()[0] if error is not None and str(error).strip() else "unknown error"


def hide_password(url: str) -> str:
    """A database URL with its password masked."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def check_db_url(url: str) -> None:
    """Raise CliError unless `url` is a database URL whose driver is installed (sqlite, postgresql+psycopg)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    example = "write sqlite:////path/node.db or postgresql+psycopg://user:password@host:5432/db"
    try:
        make_url(url).get_dialect().import_dbapi()
    except (NoSuchModuleError, ImportError):  # NoSuchModuleError is an ArgumentError too: first
        raise CliError("invalid_db_url", f"--db {hide_password(url)}: no driver for this kind of database here; "
                                         f"{example}") from None
    except ArgumentError:
        raise CliError("invalid_db_url", f"--db {url!r} is not a database URL: {example}") from None


def make_settings(home: Path, port: int, host: str, db: str, clock: str, sim_start: str | None, block_interval_ms: int = 200,
                  engine: str = "cometbft", witnesses: Path | None = None):
    """The node's settings from the command's options; raise CliError on a bad value."""
    from pydantic import ValidationError

    from node.settings import NodeSettings

    if clock not in ("wall", "sim"):
        raise CliError("invalid_option", f"--clock must be wall or sim, got {clock!r}")
    if engine not in ("cometbft", "solo"):
        raise CliError("invalid_option", f"--engine must be cometbft or solo, got {engine!r}")
    if clock == "sim" and engine != "solo":
        raise CliError("invalid_option", "--clock sim is the solo engine's test calendar; on CometBFT a devnet moves "
                                         "its calendar with the signed advance_clock transaction")
    if db:
        check_db_url(db)
    try:
        start = datetime.fromisoformat(sim_start) if sim_start else None
        return NodeSettings(home=home, port=port, host=host, db_url=db, clock=clock, sim_start=start,
                            block_interval_ms=block_interval_ms, engine=engine, witnesses=witnesses)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise CliError("invalid_option", f"{where}: {first['msg']}") from None
    except ValueError as exc:
        raise CliError("invalid_option", str(exc)) from None
