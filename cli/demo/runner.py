"""`tanledger demo`: genesis, a node on SQLite with the simulated calendar, the year, the report.

Steps: make a fresh node home (genesis with the authorities), start the node, give every
entity a key, build the plan (population, outcomes, phases), drive it through the node,
print the summary, trace one tonne, replay the chain, then serve until Ctrl-C (or stop).
"""
from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

from ..client import NodeClient
from ..commands.audit import print_report, run_replay
from ..console import CliError, out
from ..genesis_init import init_home
from ..keyfile import random_seed
from .driver import drive
from .node_process import NodeProcess
from .plan import build_plan, entity_accounts
from .population import describe_scale
from .scenario import GENESIS_TIME, SIM_START
from .signing import Keyring
from .summary import collect, show_trace, summary_table

CHAIN_ID = "tanledger-demo"


def prepare_home(home: Path | None) -> Path:
    """The given empty folder, or a fresh temporary one."""
    if home is None:
        return Path(tempfile.mkdtemp(prefix="tanledger-demo-"))
    if home.exists() and any(home.iterdir()):
        raise CliError("file_exists", f"{home} is not empty; the demo starts a new chain in an empty folder")
    home.mkdir(parents=True, exist_ok=True)
    return home


def make_keyring(found: dict, entities: int, seed: int) -> Keyring:
    """The authorities' keys from genesis and a fresh key for every entity."""
    seeds = {name: key.seed for name, key in found.items()}
    seeds.update({account: random_seed() for account in entity_accounts(entities, seed)})
    return Keyring(CHAIN_ID, seeds)


def run_demo(entities: int, transfers: int, seed: int, home: Path | None, port: int, serve: bool) -> None:
    """Run the whole demo; raise CliError on any refusal or divergence."""
    started = time.perf_counter()
    folder = prepare_home(home)
    _, found = init_home(folder, CHAIN_ID, "devnet", GENESIS_TIME)
    out.print(f"[bold]TanLedger demo[/bold]: node home {folder}")
    node = NodeProcess.start(folder, port, SIM_START)
    try:
        run_year(node.url, folder, found, entities, transfers, seed, started)
    except BaseException:
        node.stop()
        raise
    if serve:
        out.print(f"\nthe node keeps serving: API docs at [bold]{node.url}/docs[/bold] — press Ctrl-C to stop")
        node.serve_until_interrupted()
    else:
        node.stop()


def run_year(url: str, folder: Path, found: dict, entities: int, transfers: int, seed: int, started: float) -> None:
    """Drive the year through the node at `url` and print the report."""
    keyring = make_keyring(found, entities, seed)
    plan = build_plan(entities, transfers, seed, {a: keyring.pubkey(a) for a in keyring.seeds})
    out.print(f"{describe_scale(plan.population)}; {plan.tx_count:,} transactions in {len(plan.phases)} phases; node at {url}\n")
    with NodeClient(url) as client:
        result = drive(client, keyring, plan.phases)
        figures = collect(client, plan, result)
        out.print(summary_table(figures))
        out.print("\n[bold]one tonne, from allocation to surrender[/bold]")
        show_trace(client, result)
        out.print("\n[bold]audit replay[/bold] from genesis")
        replay_started = time.perf_counter()
        report, status = run_replay(client)
    figures["replay_seconds"] = round(time.perf_counter() - replay_started, 2)
    figures["total_seconds"] = round(time.perf_counter() - started, 2)
    (folder / "summary.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print_report(report, status)
    if report.failed:
        raise CliError("demo_failed", f"{report.failed} transactions were refused by their block; first: {report.failures[0]}")
    out.print(f"replayed in {figures['replay_seconds']:.1f} s; the whole demo took [bold]{figures['total_seconds']:.1f} s[/bold]")
