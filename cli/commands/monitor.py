"""`tanledger monitor`: follow a node, re-execute every block, check every checkpoint, gossip with peers."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..client import NodeClient
from ..console import CliError, err, out
from ..monitor.alarm import ALARM_EXIT_CODE, Alarm, write_evidence
from ..monitor.progress import ProgressReport
from ..monitor.runner import Monitor, MonitorConfig
from ..verify_files import read_trust
from .options import DEFAULT_NODE, NodeUrl, check_node_url

TrustFile = Annotated[Path, typer.Option("--trust", exists=True, dir_okay=False, help="the trust file (`tanledger trust export`)")]
Peers = Annotated[list[str] | None, typer.Option("--peer", help="a monitor or witness to gossip with (URL); repeat")]
Listen = Annotated[str | None, typer.Option("--listen", metavar="HOST:PORT", help="serve POST /gossip and GET /checkpoint here")]
Once = Annotated[bool, typer.Option("--once", help="stop at the node's tip with exit 0 if all is well")]
Evidence = Annotated[Path | None, typer.Option("--evidence", dir_okay=False, help="write an alarm's evidence here (JSON)")]
AsJson = Annotated[bool, typer.Option("--json", help="print the summary (or the alarm) as JSON")]
Poll = Annotated[float, typer.Option("--poll", min=0.05, help="seconds between two looks at the node")]


def parse_listen(text: str) -> tuple[str, int]:
    """HOST:PORT as (host, port); raise CliError unless the port is 0 to 65535."""
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit() or int(port) > 65535:
        raise CliError("invalid_option", f"--listen {text!r} must read like 127.0.0.1:2025")
    return host.strip("[]"), int(port)


def monitor(trust: TrustFile, node: NodeUrl = DEFAULT_NODE, peer: Peers = None, listen: Listen = None,
            once: Once = False, evidence: Evidence = None, poll: Poll = 1.0, as_json: AsJson = False) -> None:
    """Follow the node from genesis: re-execute every block, check its commit and every checkpoint against the
    trust file and the replayed log, gossip the latest verified checkpoint; on the first divergence print
    `ALARM\\[code]: …` and exit 2."""
    config = MonitorConfig(read_trust(trust), tuple(check_node_url(p) for p in peer or ()),
                           None if listen is None else parse_listen(listen), once, poll)
    progress = ProgressReport(err, live=err.is_terminal and not as_json)
    with NodeClient(node) as client:
        try:
            run(Monitor(client, config, progress), as_json)
        except Alarm as alarm:
            progress.close()
            report_alarm(alarm, evidence, as_json)
        finally:
            progress.close()


def run(watch: Monitor, as_json: bool) -> None:
    """Run the monitor until the tip (--once) or an interrupt; print what it checked."""
    address = watch.start_server()
    if address is not None:
        err.print(f"monitor: gossip on http://{address[0]}:{address[1]}", markup=False)
    try:
        watch.run()
    except KeyboardInterrupt:
        pass
    finally:
        if watch.server is not None:
            watch.server.shutdown()
    summary = watch.summary()
    if as_json:
        out.print_json(data={"ok": True, **summary})
        return
    out.print(f"[green]monitor ok[/green]: {summary['blocks']:,} blocks and {summary['txs']:,} transactions re-executed "
              f"up to height {summary['height']:,} ({summary['signed_blocks']:,} commits with a quorum of header "
              f"signatures); {summary['checkpoints']:,} checkpoints match the replayed log ({summary['witnessed']:,} with "
              f"witness cosignatures; latest verified: size {summary['latest_checkpoint_size']})")


def report_alarm(alarm: Alarm, evidence: Path | None, as_json: bool) -> None:
    """Print the alarm's one line on stderr, write its evidence, exit 2."""
    if evidence is not None:
        write_evidence(alarm, evidence)
    if as_json:
        out.print_json(data={"ok": False, **alarm.to_json()})
    sys.stderr.write(alarm.line() + "\n")
    sys.stderr.flush()
    raise typer.Exit(ALARM_EXIT_CODE)
