"""`tanledger network init | up | status | down`: a network of validators, one per institution.

`init` only writes the network (for containers: `--p2p-hosts node-1,…` and the standard ports);
`up` writes a local one on 127.0.0.1 if there is none yet, then starts it.
"""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from ..console import CliError, out
from ..ports import check_free, network_ports
from .options import AsJson
from datetime import UTC

app = typer.Typer(help="Run a local network of validators on CometBFT.", no_args_is_help=True)

Home = Annotated[Path, typer.Option(help="the network's folder (genesis, keys, one home per validator)")]
Validators = Annotated[int, typer.Option(min=1, max=10, help="how many validators")]
Db = Annotated[list[str], typer.Option(help="a database URL per validator (repeat); default SQLite in each home")]
ChainId = Annotated[str, typer.Option(help="the chain id")]
ApiPort = Annotated[int, typer.Option(help="the first validator's API port; the next ones count up "
                                           "(with --p2p-hosts: every validator's)")]
RpcPort = Annotated[int, typer.Option(help="the first validator's CometBFT RPC port (P2P one below); +10 each "
                                           "(with --p2p-hosts: every validator's)")]
TimeoutCommit = Annotated[int, typer.Option(help="CometBFT's pause after each commit, ms")]
Witnesses = Annotated[int, typer.Option(min=0, max=9, help="with a new network: this many local witnesses that "
                                                           "cosign its checkpoints (a majority must)")]
WitnessPort = Annotated[int, typer.Option(help="the first witness's port; the next ones count up")]


def write_network(home: Path, validators: int, db: list[str], chain_id: str, api_port: int, rpc_port: int,
                  timeout_commit_ms: int, hosts: list[str] | None = None, listen: str = "0.0.0.0") -> None:
    """Write a new network in the empty `home`, its genesis dated now; report what was written."""
    from datetime import datetime

    from ..network import create_network
    from .node import check_db_url

    for url in db:
        check_db_url(url)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    create_network(home, validators, chain_id, "devnet", now, db, api_port, rpc_port, timeout_commit_ms,
                   hosts=hosts, listen=listen)
    out.print(f"wrote a network of {validators} validators in {home}")


@app.command("init")
def network_init(
    home: Home = Path("var/network"),
    validators: Validators = 4,
    p2p_hosts: Annotated[str, typer.Option(help="one host name per validator, comma-separated (node-1,node-2,…): "
                                                "each validator then uses the standard ports on its own host")] = "",
    listen: Annotated[str, typer.Option(help="with --p2p-hosts: the address CometBFT's RPC and P2P listen on")] = "0.0.0.0",
    db: Db = [],  # noqa: B006 - typer reads an option's default, never mutates it
    chain_id: ChainId = "tanledger-local",
    api_port: ApiPort = 1317,
    rpc_port: RpcPort = 26657,
    timeout_commit_ms: TimeoutCommit = 300,
    witnesses: Witnesses = 0,
    witness_port: WitnessPort = 2024,
) -> None:
    """Write a new network in the empty `--home` (genesis, keys, one home per validator, its witnesses) without
    starting it."""
    hosts = [h.strip() for h in p2p_hosts.split(",")] if p2p_hosts else None
    write_network(home, validators, db, chain_id, api_port, rpc_port, timeout_commit_ms, hosts, listen)
    if witnesses:
        write_witnesses(home, witnesses, witness_port)


@app.command("up")
def network_up(
    home: Home = Path("var/network"),
    validators: Validators = 4,
    db: Db = [],  # noqa: B006 - typer reads an option's default, never mutates it
    chain_id: ChainId = "tanledger-local",
    api_port: ApiPort = 1317,
    rpc_port: RpcPort = 26657,
    timeout_commit_ms: TimeoutCommit = 300,
    witnesses: Witnesses = 0,
    witness_port: WitnessPort = 2024,
) -> None:
    """Write a local network (unless `--home` holds one already), start its witnesses and every validator, wait
    until they commit."""
    from ..network import load, start_validator, wait_committing

    if not (home / "network.json").exists():
        witness_ports = {witness_port + i: f"witness-{i + 1}" for i in range(witnesses)}
        check_free(network_ports(validators, api_port, rpc_port) | witness_ports,
                   "--api-port, --rpc-port or --witness-port")
        write_network(home, validators, db, chain_id, api_port, rpc_port, timeout_commit_ms)
        if witnesses:
            write_witnesses(home, witnesses, witness_port)
    specs = load(home)
    start_witnesses(home)
    stopped = [spec for spec in specs if not is_running(spec)]
    for spec in stopped:
        check_free({spec.api_port: f"API of {spec.name}", spec.rpc_port: f"CometBFT RPC of {spec.name}",
                    spec.p2p_port: f"CometBFT P2P of {spec.name}"}, "port in its network.json (or a new --home)")
    for spec in stopped:
        start_validator(spec)
    statuses = wait_committing(specs)
    for spec, status in zip(specs, statuses, strict=True):
        out.print(f"{spec.name:<10} API {spec.api}   CometBFT RPC {spec.rpc}   height {status['height']}")


def write_witnesses(home: Path, count: int, port_base: int) -> None:
    """Write the network's witnesses, its witnesses files and trust.json; report them."""
    from ..network import load
    from ..witnesses import create_witnesses

    policy = create_witnesses(home, load(home), count, port_base)
    out.print(f"wrote {count} witnesses (quorum {policy.quorum}) and the trust file {home / 'trust.json'}")


def start_witnesses(home: Path) -> None:
    """Start the network's witnesses that are not running, wait until each answers; one line each."""
    from ..network import is_alive, is_answering, wait_until
    from ..witnesses import load_policy, start_witness, witness_pid, witness_port

    policy = load_policy(home)
    for endpoint in policy.endpoints if policy else ():
        pid = witness_pid(home, endpoint)
        if pid is None or not is_alive(pid):
            check_free({witness_port(endpoint): endpoint.witness.name}, "port in witnesses.json")
            start_witness(home, endpoint)
        if not wait_until(lambda e=endpoint: is_answering(f"{e.url}/info"), 30.0):
            raise CliError("network_start", f"{endpoint.witness.name} did not answer at {endpoint.url} within 30 s; "
                                            f"see {home / endpoint.witness.name / 'witness.log'}")
        out.print(f"{endpoint.witness.name:<10} witness {endpoint.url}")


def is_running(spec: Any) -> bool:
    """True if the validator's recorded process is alive (`up` leaves it as it is)."""
    from ..network import is_alive, read_pid

    pid = read_pid(spec)
    return pid is not None and is_alive(pid)


@app.command("status")
def network_status(home: Home = Path("var/network"), as_json: AsJson = False) -> None:
    """Height, app hash and peers of every validator."""
    from rich.table import Table

    from ..network import api_status, load, peer_count

    rows = [{"validator": spec.name, "api": spec.api, "status": api_status(spec), "peers": peer_count(spec)}
            for spec in load(home)]
    witnesses = witness_rows(home)
    if as_json:
        out.print_json(data={"validators": rows, **({"witnesses": witnesses} if witnesses else {})})
        return
    table = Table("validator", "API", "height", "app hash", "peers")
    for r in rows:
        status, peers = r["status"], r["peers"]
        table.add_row(r["validator"], r["api"], str(status["height"]) if status else "down",
                      status["app_hash"][:16] + "…" if status else "-", "-" if peers is None else str(peers))
    out.print(table)
    if witnesses:
        out.print(witness_table(witnesses))


def witness_rows(home: Path) -> list[dict[str, Any]]:
    """Each witness of the network: name, URL and its GET /info (None when it does not answer)."""
    import httpx

    from ..witnesses import load_policy

    policy = load_policy(home)
    rows = []
    for endpoint in policy.endpoints if policy else ():
        try:
            info = httpx.get(f"{endpoint.url}/info", timeout=2.0).json()
        except (httpx.HTTPError, ValueError):
            info = None
        rows.append({"witness": endpoint.witness.name, "url": endpoint.url, "info": info})
    return rows


def witness_table(rows: list[dict[str, Any]]) -> Any:
    """The witnesses as a table: the log size each cosigned last, or down."""
    from rich.table import Table

    table = Table("witness", "URL", "cosigned size")
    for r in rows:
        sizes = [str(o["size"]) for o in r["info"]["origins"]] if r["info"] else ["down"]
        table.add_row(r["witness"], r["url"], ", ".join(sizes) or "-")
    return table


@app.command("down")
def network_down(home: Home = Path("var/network")) -> None:
    """Stop every validator (its CometBFT with it). The chain stays in the folder for the next `up`."""
    from ..network import load, stop_validators

    specs = load(home)
    for spec, ran in zip(specs, stop_validators(specs), strict=True):
        out.print(f"{spec.name:<10} {'stopped' if ran else 'was not running'}")
    stop_witnesses(home)


def stop_witnesses(home: Path) -> None:
    """Stop the network's witnesses (after the validators: no checkpoint waits for them then); one line each."""
    from ..network import stop_pids
    from ..witnesses import load_policy, witness_pid

    policy = load_policy(home)
    endpoints = policy.endpoints if policy else ()
    for endpoint, ran in zip(endpoints, stop_pids([witness_pid(home, e) for e in endpoints]), strict=True):
        out.print(f"{endpoint.witness.name:<10} {'stopped' if ran else 'was not running'}")
