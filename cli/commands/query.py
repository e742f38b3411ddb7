"""`tanledger query …`: read the node's records."""
from __future__ import annotations

from typing import Annotated, Any

import typer

from ..client import NodeClient
from ..console import out
from ..ids import resolve_tx_id
from ..views import holdings_table, trace_table
from ..views_query import account_table, block_table, instrument_table, notice_table, prices_table, status_table, tx_table
from .options import DEFAULT_NODE, AccountArg, AsJson, NodeUrl

app = typer.Typer(help="Read transactions, blocks, accounts, holdings, instruments, serials, compliance, notices, prices; "
                  "the CCER registry: projects, methodologies, VVBs, cancellations.",
                  no_args_is_help=True)


def show(answer: Any) -> None:
    """Print a JSON answer, indented."""
    out.print_json(data=answer)


def show_as(answer: Any, as_json: bool, table: Any) -> None:
    """Print the answer as JSON with --json, else as the table `table(answer)` made for people."""
    show(answer) if as_json else out.print(table(answer))


@app.command("status")
def status(as_json: AsJson = False, node: NodeUrl = DEFAULT_NODE) -> None:
    """The chain's height, last block, state and log roots, mempool size, clock."""
    with NodeClient(node) as client:
        show_as(client.status(), as_json, status_table)


@app.command("tx")
def tx(tx_id: Annotated[str, typer.Argument(help="transaction id: 64 hex, or a unique prefix of 6 or more (as tables "
                                                 "print them)")],
       as_json: AsJson = False, node: NodeUrl = DEFAULT_NODE) -> None:
    """A transaction: pending, or committed/failed with its block, body, signers and receipt."""
    with NodeClient(node) as client:
        show_as(client.get_tx(resolve_tx_id(client, tx_id)), as_json, tx_table)


@app.command("block")
def block(height: Annotated[int, typer.Argument(help="block height")], as_json: AsJson = False,
          node: NodeUrl = DEFAULT_NODE) -> None:
    """A block: header, hash, commit and transaction ids."""
    with NodeClient(node) as client:
        show_as(client.block(height), as_json, block_table)


@app.command("account")
def account(account_id: AccountArg, as_json: AsJson = False, node: NodeUrl = DEFAULT_NODE) -> None:
    """A participant's record: roles, keys, status, last nonce."""
    with NodeClient(node) as client:
        show_as(client.account(account_id), as_json, account_table)


@app.command("holdings")
def holdings(account_id: AccountArg, as_json: AsJson = False, node: NodeUrl = DEFAULT_NODE) -> None:
    """What an account holds, per instrument and sub-state, with serial ranges."""
    with NodeClient(node) as client:
        answer = client.holdings(account_id)
    show_as(answer, as_json, holdings_table)


@app.command("instrument")
def instrument(instrument_id: Annotated[str, typer.Argument(help="e.g. CEA-2024")], as_json: AsJson = False,
               node: NodeUrl = DEFAULT_NODE) -> None:
    """An instrument and its supply: issued, held, surrendered, cancelled, withdrawn."""
    with NodeClient(node) as client:
        show_as(client.instrument(instrument_id), as_json, instrument_table)


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
def notice(year: Annotated[int, typer.Argument(help="compliance year")], account_id: AccountArg, as_json: AsJson = False,
           node: NodeUrl = DEFAULT_NODE) -> None:
    """An entity's compliance notice (履约通知): obligation, deadline, CCER offset cap, allocation to date."""
    with NodeClient(node) as client:
        show_as(client.compliance_notice(year, account_id), as_json, notice_table)


@app.command("prices")
def prices(instrument_id: Annotated[str, typer.Argument(help="e.g. CEA-2024")], as_json: AsJson = False,
           node: NodeUrl = DEFAULT_NODE) -> None:
    """The exchange's published monthly average prices of an instrument (yuan per tonne; fen in --json)."""
    with NodeClient(node) as client:
        show_as(client.prices(instrument_id), as_json, prices_table)
