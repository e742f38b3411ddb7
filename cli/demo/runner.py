"""`tanledger demo`: four validators on CometBFT (SQLite each), the simulated calendar, the year, the report.

Steps: give every entity a key; write a fresh network (genesis with the authorities, the
entities' accounts and the registry's books as of 2025-01-01 (books.py), one validator per
institution: registry, exchange, MEE, a province; three witnesses that cosign its checkpoints),
start it, build the plan (population, outcomes, phases), drive it through the first validator,
print the summary with every validator's app hash and the last co-signed checkpoint, verified
with the network's trust.json and its witness policy, trace one tonne of the year and one
migrated at genesis, replay the chain, then serve until Ctrl-C (or stop). The devnet's calendar starts at the plan's
genesis time (a clock offset in the genesis) and moves by signed advance_clock transactions.
"""
from __future__ import annotations

import json
import tempfile
import time
from datetime import datetime
from pathlib import Path

from ..client import NodeClient
from ..commands.audit import print_report, run_replay
from ..console import CliError, out
from ledger.crypto import public_key
from node.clock import to_ms
from node.network import ValidatorSpec

from ..keyfile import random_seed
from ..ports import check_free, is_free, network_ports
from ..network import create_network, start_validator, stop_pids, stop_validators, wait_committing
from ..witnesses import TRUST_FILE, create_witnesses, free_witness_base, start_witness
from .driver import drive
from .books import build_books, entity_participants
from .ccer_parties import participant_rows
from .ccer_summary import ccer_table, collect_ccer, show_ccer_trace
from .plan import build_plan, ccer_accounts
from .population import build_population, describe_scale
from .scenario import GENESIS_TIME
from .population import signers_of
from .signing import Keyring
from .summary import collect, network_figures, network_table, show_migrated_trace, show_trace, summary_table

CHAIN_ID = "tanledger-demo"
DEMO_VALIDATORS = 4
DEMO_WITNESSES = 3  # a served checkpoint carries 2 of their cosignatures
RPC_ABOVE_API = 100  # the CometBFT RPC base port, above the API base port


def prepare_home(home: Path | None) -> Path:
    """The given empty folder, or a fresh temporary one."""
    if home is None:
        return Path(tempfile.mkdtemp(prefix="tanledger-demo-"))
    if home.exists() and any(home.iterdir()):
        raise CliError("file_exists", f"{home} is not empty; the demo starts a new chain in an empty folder")
    home.mkdir(parents=True, exist_ok=True)
    return home


def make_keyring(found: dict, entity_seeds: dict[str, bytes]) -> Keyring:
    """The authorities' keys from genesis and every entity's key."""
    return Keyring(CHAIN_ID, {name: key.seed for name, key in found.items()} | entity_seeds)


def genesis_books(entities: int, seed: int) -> tuple[dict[str, bytes], list[dict], dict]:
    """A fresh key per entity and CCER party, their accounts and the registry's books as of 2025-01-01 (books.py)."""
    population = build_population(entities, seed)
    accounts = ccer_accounts(population)
    names = [name for e in population for name in signers_of(e.account)] + list(accounts.values())
    entity_seeds = {name: random_seed() for name in names}
    pubkeys = {name: public_key(s).hex() for name, s in entity_seeds.items()}
    participants = entity_participants(population, pubkeys) + participant_rows(accounts, pubkeys)
    return entity_seeds, participants, build_books(population, seed)


def run_demo(entities: int, transfers: int, seed: int, home: Path | None, port: int, serve: bool,
             validators: int = DEMO_VALIDATORS) -> None:
    """Run the whole demo; raise CliError on any refusal or divergence."""
    started = time.perf_counter()
    api_base, rpc_base = free_bases(validators, port)
    folder = prepare_home(home)
    offset = to_ms(datetime.fromisoformat(GENESIS_TIME)) - time.time_ns() // 1_000_000
    entity_seeds, participants, books = genesis_books(entities, seed)
    specs, found = create_network(folder, validators, CHAIN_ID, "devnet", GENESIS_TIME, [], api_base, rpc_base,
                                  params={"clock_offset_ms": offset},
                                  participants=participants, opening=books)
    policy = create_witnesses(folder, specs, DEMO_WITNESSES, free_witness_base(DEMO_WITNESSES))
    out.print(f"[bold]TanLedger demo[/bold]: {validators} validators on CometBFT and {DEMO_WITNESSES} witnesses "
              f"in {folder}")
    witnesses = [start_witness(folder, endpoint) for endpoint in policy.endpoints]
    processes = [start_validator(spec) for spec in specs]
    try:
        wait_committing(specs)
        run_year(specs, folder, make_keyring(found, entity_seeds), entities, transfers, seed, started)
        if serve:
            out.print(f"\nthe validators keep serving: API docs at [bold]{specs[0].api}/docs[/bold] — press Ctrl-C to stop")
            serve_until_interrupted(processes)
    finally:
        stop_all(specs, processes, witnesses)


def serve_until_interrupted(processes: list) -> None:
    """Wait until Ctrl-C or until every validator exits (SIGTERM propagates as SystemExit, see commands/demo.py)."""
    try:
        for process in processes:
            process.wait()
    except KeyboardInterrupt:
        pass


def stop_all(specs: list[ValidatorSpec], processes: list, witnesses: list) -> None:
    """Stop every validator the demo started (each stops its CometBFT), then its witnesses, whatever interrupted
    the demo; reap them."""
    stop_validators(specs)
    stop_pids([w.pid for w in witnesses])
    for process in processes + witnesses:
        process.wait()


def free_bases(count: int, port: int) -> tuple[int, int]:
    """An API base port and a CometBFT RPC base port with every port the network needs free: from `port` if given
    (raise CliError(port_in_use) if one is taken), else the first free range."""
    if port:
        check_free(network_ports(count, port, port + RPC_ABOVE_API), "--port (or 0 to pick free ones)")
        return port, port + RPC_ABOVE_API
    for api_base in range(21317, 61317, 997):
        rpc_base = api_base + RPC_ABOVE_API
        if all(is_free(p) for p in network_ports(count, api_base, rpc_base)):
            return api_base, rpc_base
    raise CliError("no_ports", "no free range of ports for the validators on 127.0.0.1")


def run_year(specs: list[ValidatorSpec], folder: Path, keyring: Keyring, entities: int, transfers: int, seed: int,
             started: float) -> None:
    """Drive the year through the first validator and print the report."""
    url = specs[0].api
    plan = build_plan(entities, transfers, seed)
    out.print(f"{describe_scale(plan.population)}; {plan.tx_count:,} transactions in {len(plan.phases)} phases; "
              f"submitted to {specs[0].name} at {url}\n")
    with NodeClient(url) as client:
        result = drive(client, keyring, plan.phases)
        figures = collect(client, plan, result)
        figures["network"] = network_figures(specs, client, folder / TRUST_FILE)
        figures["ccer"] = collect_ccer(client, result)
        out.print(summary_table(figures))
        out.print(ccer_table(figures["ccer"]))
        out.print(network_table(figures["network"]))
        out.print("\n[bold]one tonne, from allocation to surrender[/bold]")
        show_trace(client, result)
        out.print("\n[bold]one migrated tonne, from the registry's books at genesis[/bold]")
        show_migrated_trace(client)
        out.print("\n[bold]one CCER tonne, from its project to an entity's offset[/bold]")
        show_ccer_trace(client, result)
        out.print("\n[bold]audit replay[/bold] from genesis")
        replay_started = time.perf_counter()
        report, status = run_replay(client)
    figures["replay_seconds"] = round(time.perf_counter() - replay_started, 2)
    figures["total_seconds"] = round(time.perf_counter() - started, 2)
    (folder / "summary.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print_report(report, status)
    if report.failed:
        raise CliError("demo_failed", f"{report.failed} transactions were refused by their block; first: {report.failures[0]}")
    if len({v["app_hash"] for v in figures["network"]["validators"]}) != 1:
        raise CliError("divergence", "the validators' app hashes differ at one height: " + str(figures["network"]))
    out.print(f"replayed in {figures['replay_seconds']:.1f} s; the whole demo took [bold]{figures['total_seconds']:.1f} s[/bold]")
