"""`tanledger genesis init`: a node home with the authorities' keys and the genesis document."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Annotated

import typer

from ledger.constants import CST_OFFSET_MS

from ..console import out
from ..genesis_import import Imports
from ..genesis_init import Home, init_home

app = typer.Typer(help="Create a chain's genesis.", no_args_is_help=True)
CST = timezone(timedelta(milliseconds=CST_OFFSET_MS))


def now_cst() -> str:
    """The wall-clock time now in China Standard Time, RFC 3339, whole seconds."""
    return datetime.now(CST).replace(microsecond=0).isoformat()


@app.command("init")
def genesis_init(
    folder: Annotated[Path, typer.Argument(help="the node home to create")],
    chain_id: Annotated[str, typer.Option(help="the chain id every transaction names")] = "tanledger-devnet",
    network: Annotated[str, typer.Option(help="devnet, testnet or mainnet")] = "devnet",
    time: Annotated[str | None, typer.Option(help="genesis time, RFC 3339 with offset; default now")] = None,
    holdings: Annotated[Path | None, typer.Option(
        "--import", help="opening holdings CSV: account,instrument,first,last[,state]")] = None,
    accounts: Annotated[Path | None, typer.Option(
        "--import-accounts", help="accounts CSV: id,name,roles,province,sector[,pubkey]")] = None,
    emissions: Annotated[Path | None, typer.Option(
        "--import-emissions", help="past obligations CSV: account,year,verified[,allocated,surrendered,…]")] = None,
    cycles: Annotated[Path | None, typer.Option(
        "--import-cycles", help="past cycles CSV: year,deadline,eligible_vintages[,…_bp]")] = None,
) -> None:
    """Write genesis.json, keys/<ACCOUNT>.json for MEE, REGISTRY, EXCHANGE and PROV-11…PROV-65, and validator.key;
    with --import…, bring an existing registry's accounts and books in as the genesis's opening balances."""
    imports = Imports(holdings, accounts, emissions, cycles)
    doc, _ = init_home(folder, chain_id, network, time or now_cst(), imports=imports)
    home = Home(folder)
    out.print(f"chain {doc['chain_id']} ({doc['network']}), genesis time {doc['genesis_time']}")
    out.print(f"wrote {home.genesis} ({len(doc['participants'])} participants), keys in {home.folder / 'keys'}, "
              f"{home.validator_key}")
    opening = doc.get("opening", {})
    if opening:
        out.print(f"opening: {len(opening['instruments'])} vintages, {len(opening.get('holdings', []))} holdings, "
                  f"{len(opening.get('obligations', []))} obligation records, {len(opening.get('cycles', []))} cycles")
