"""`tanledger audit`: trace a tonne's provenance; replay the whole chain from genesis."""
from __future__ import annotations

from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..client import NodeClient
from ..console import CliError, out
from ..replay import ReplayReport, replay
from ..views import trace_table
from .options import DEFAULT_NODE, NodeUrl

app = typer.Typer(help="Audit the chain: trace one tonne, replay every block.", no_args_is_help=True)


@app.command("trace")
def trace(instrument: Annotated[str, typer.Argument(help="e.g. CEA-2024")],
          serial: Annotated[int, typer.Argument(help="the serial of one tonne")], node: NodeUrl = DEFAULT_NODE) -> None:
    """The provenance of one tonne, from its issuance to where it is now."""
    with NodeClient(node) as client:
        out.print(trace_table(client.serial(instrument, serial)))


def progress_bar() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[txs]:,} tx"),
                    TimeElapsedColumn(), console=out, transient=False)


def run_replay(client: NodeClient) -> tuple[ReplayReport, dict]:
    """Replay every block the node serves, with a progress bar; return the report and the node's status."""
    status = client.status()
    genesis = client.genesis()
    with progress_bar() as bar:
        task = bar.add_task("replaying blocks", total=status["height"], txs=0)
        seen = [0]

        def on_block(height: int, txs: int) -> None:
            seen[0] += txs
            bar.update(task, completed=height, txs=seen[0])

        report = replay(genesis, client.iter_blocks(1, status["height"]), on_block)
    return report, status


def print_report(report: ReplayReport, status: dict) -> None:
    """One line on success; raise CliError naming the first divergence."""
    if report.divergence is not None:
        d = report.divergence
        raise CliError("divergence", f"block {d.height}, field {d.field}: {d.message}")
    if report.tip is not None and report.tip.height == status["height"] and report.tip.hash.hex() != status["block_hash"]:
        raise CliError("divergence", f"block {status['height']}, field hash: the node's tip is {status['block_hash']}, "
                                     f"recomputed {report.tip.hash.hex()}")
    out.print(f"[green]replay ok[/green]: {report.blocks:,} blocks, {report.txs:,} transactions re-executed from genesis; "
              f"every block hash and state root matches ({report.failed:,} transactions were refused by their block)")


@app.command("replay")
def replay_command(node: NodeUrl = DEFAULT_NODE) -> None:
    """Re-execute every block from genesis against an empty state; compare every block hash and state root."""
    with NodeClient(node) as client:
        report, status = run_replay(client)
    print_report(report, status)
