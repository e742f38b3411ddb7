"""`tanledger audit`: trace a tonne's provenance; replay the whole chain from genesis."""
from __future__ import annotations

from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..client import NodeClient
from ..console import CliError, out
from ..replay import ReplayReport, replay
from ..views import trace_table
from .options import DEFAULT_NODE, AsJson, NodeUrl

app = typer.Typer(help="Audit the chain: trace one tonne, replay every block.", no_args_is_help=True)


@app.command("trace")
def trace(instrument: Annotated[str, typer.Argument(help="e.g. CEA-2024")],
          serial: Annotated[int, typer.Argument(help="the serial of one tonne")], as_json: AsJson = False,
          node: NodeUrl = DEFAULT_NODE) -> None:
    """The provenance of one tonne, from its issuance to where it is now."""
    with NodeClient(node) as client:
        answer = client.serial(instrument, serial)
    out.print_json(data=answer) if as_json else out.print(trace_table(answer))


def progress_bar() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[txs]:,} tx"),
                    TimeElapsedColumn(), console=out, transient=False)


def run_replay(client: NodeClient, quiet: bool = False) -> tuple[ReplayReport, dict]:
    """Replay every block the node serves, with a progress bar (none if `quiet`); return the report and the status."""
    status = client.status()
    genesis = client.genesis()
    if quiet:
        return replay(genesis, client.iter_blocks(1, status["height"])), status
    with progress_bar() as bar:
        task = bar.add_task("replaying blocks", total=status["height"], txs=0)
        seen = [0]

        def on_block(height: int, txs: int) -> None:
            seen[0] += txs
            bar.update(task, completed=height, txs=seen[0])

        report = replay(genesis, client.iter_blocks(1, status["height"]), on_block)
    return report, status


def find_divergence(report: ReplayReport, status: dict) -> str | None:
    """The first divergence of the replay from what the node serves, as a sentence; None if there is none."""
    if report.divergence is not None:
        d = report.divergence
        return f"block {d.height}, field {d.field}: {d.message}"
    if report.tip is not None and report.tip.height == status["height"] and report.tip.hash.hex() != status["block_hash"]:
        return (f"block {status['height']}, field hash: the node's tip is {status['block_hash']}, "
                f"recomputed {report.tip.hash.hex()}")
    return None


def print_report(report: ReplayReport, status: dict) -> None:
    """One line on success; raise CliError naming the first divergence."""
    divergence = find_divergence(report, status)
    if divergence is not None:
        raise CliError("divergence", divergence)
    out.print(f"[green]replay ok[/green]: {report.blocks:,} blocks, {report.txs:,} transactions re-executed from genesis; "
              f"every block hash and state root matches ({report.failed:,} transactions were refused by their block)")


@app.command("replay")
def replay_command(as_json: AsJson = False, node: NodeUrl = DEFAULT_NODE) -> None:
    """Re-execute every block from genesis against an empty state; compare every block hash and state root."""
    with NodeClient(node) as client:
        report, status = run_replay(client, quiet=as_json)
    if not as_json:
        print_report(report, status)
        return
    divergence = find_divergence(report, status)
    out.print_json(data={"ok": divergence is None, "blocks": report.blocks, "txs": report.txs, "failed": report.failed,
                         "height": status["height"], "block_hash": status["block_hash"], "divergence": divergence})
    if divergence is not None:
        raise CliError("divergence", divergence)
