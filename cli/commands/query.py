"""`tanledger query …`: read the node's records."""
from __future__ import annotations

from typing import Annotated, Any

import typer

from ..client import NodeClient
from ..console import out
from ..views import holdings_table, trace_table
from .options import DEFAULT_NODE, AsJson, NodeUrl

app = typer.Typer(help="Read transactions, blocks, accounts, holdings, instruments, serials, compliance, notices, prices; "
                  "the CCER registry: projects, methodologies, VVBs, cancellations.",
                  no_args_is_help=True)


def show(answer: Any) -> None:
    """Print a JSON answer, indented."""
    out.print_json(data=answer)


@app.command("status")
def status(node: NodeUrl = DEFAULT_NODE) -> None:
    """The chain's height, last block, state and log roots, mempool size, clock."""
    with NodeClient(node) as client:
        show(client.status())


@app.command("tx")
def tx(tx_id: Annotated[str, typer.Argument(help="transaction id (64 hex)")], node: NodeUrl = DEFAULT_NODE) -> None:
    """A transaction: pending, or committed/failed with its block and receipt."""
    with NodeClient(node) as client:
        show(client.get_tx(tx_id))


@app.command("block")
def block(height: Annotated[int, typer.Argument(help="block height")], node: NodeUrl = DEFAULT_NODE) -> None:
    """A block: header, hash, commit and transaction ids."""
    with NodeClient(node) as client:
        show(client.block(height))


@app.command("account")
def account(account_id: Annotated[str, typer.Argument(help="account id")], node: NodeUrl = DEFAULT_NODE) -> None:
    """A participant's record: roles, keys, status, last nonce."""
    with NodeClient(node) as client:
        show(client.account(account_id))


@app.command("holdings")
def holdings(account_id: Annotated[str, typer.Argument(help="account id")], as_json: AsJson = False,
             node: NodeUrl = DEFAULT_NODE) -> None:
    """What an account holds, per instrument and sub-state, with serial ranges."""
    with NodeClient(node) as client:
        answer = client.holdings(account_id)
    show(answer) if as_json else out.print(holdings_table(answer))


@app.command("instrument")
def instrument(instrument_id: Annotated[str, typer.Argument(help="e.g. CEA-2024")], node: NodeUrl = DEFAULT_NODE) -> None:
    """An instrument and its supply: issued, held, surrendered, cancelled, withdrawn."""
    with NodeClient(node) as client:
        show(client.instrument(instrument_id))


@app.command("serial")
def serial(instrument_id: Annotated[str, typer.Argument(help="e.g. CEA-2024")],
           number: Annotated[int, typer.Argument(help="the serial of one tonne")], as_json: AsJson = False,
           node: NodeUrl = DEFAULT_NODE) -> None:
    """Every event that touched one tonne, and who holds it now."""
    with NodeClient(node) as client:
        answer = client.serial(instrument_id, number)
    show(answer) if as_json else out.print(trace_table(answer), *origin_lines(answer), sep="\n")


def origin_lines(answer: dict[str, Any]) -> list[str]:
    """Where a CCER tonne comes from, as its issue event names it (nothing for a CEA)."""
    origin = next((e["provenance"] for e in answer["events"] if e.get("provenance")), None)
    if origin is None:
        return []
    period = " … ".join(origin.get("period") or ())
    lines = [f"issued from project {origin.get('project')}, report {origin.get('report')}, methodology "
             f"{origin.get('methodology')}, period {period}, validated by {origin.get('validating_vvb')}, "
             f"verified by {origin.get('verifying_vvb')}"]
    return lines + [f"  commitment {name}: tx {tx}" for name, tx in (origin.get("commitments") or {}).items()]


@app.command("notice")
def notice(year: Annotated[int, typer.Argument(help="compliance year")],
           account_id: Annotated[str, typer.Argument(help="the entity's account id")], node: NodeUrl = DEFAULT_NODE) -> None:
    """An entity's compliance notice (履约通知): obligation, deadline, CCER offset cap, allocation to date."""
    with NodeClient(node) as client:
        show(client.compliance_notice(year, account_id))


@app.command("prices")
def prices(instrument_id: Annotated[str, typer.Argument(help="e.g. CEA-2024")], node: NodeUrl = DEFAULT_NODE) -> None:
    """The exchange's published monthly average prices of an instrument (fen per tonne)."""
    with NodeClient(node) as client:
        show(client.prices(instrument_id))
