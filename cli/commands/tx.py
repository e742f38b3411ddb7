"""`tanledger tx <kind>`: build one transaction's body, sign it with key files, send it to the node.

Accounts and the market: register, create-instrument, set-cycle, designate-forced, allocate,
record-emissions, transfer, surrender, cancel. The orders of the authorities are in `tx_orders`.
"""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..console import CliError
from ..keyfile import load_key
from ..submit import amount_or_ranges, compact, send
from .options import DEFAULT_NODE, KeyFiles, Nonce, NodeUrl, Wait, account_option, tonnes_option

app = typer.Typer(help="Sign and submit transactions, one subcommand per kind.", no_args_is_help=True)

Account = Annotated[str, account_option(help="the account id (an entity's unified social credit code, PROV-37, …)")]
Year = Annotated[int, typer.Option(help="the compliance year")]
Instrument = Annotated[str, typer.Option(help="instrument id, e.g. CEA-2024")]
Amount = Annotated[int | None, tonnes_option(help="tonnes (lowest serials first)")]
Ranges = Annotated[str | None, typer.Option(help="exact serials instead of --amount, e.g. 1-100,250-300")]


def pubkey_of(value: str) -> str:
    """A public key given as 64 hex characters or as the path of a key file."""
    if len(value) == 64 and all(c in "0123456789abcdef" for c in value):
        return value
    if Path(value).exists():
        return load_key(Path(value)).pubkey.hex()
    raise CliError("invalid_option", f"--pubkey {value!r} is neither 64 lowercase hex characters nor a key file")


@app.command("register")
def register(key: KeyFiles, id: Annotated[str, account_option(help="account id (a credit code for a market participant)")],
             name: Annotated[str, typer.Option(help="the participant's name")],
             role: Annotated[list[str], typer.Option(help="role: entity, holder, project_owner, vvb (authorities: MEE only)")],
             pubkey: Annotated[list[str], typer.Option(help="a signing key: hex, or a key file to read it from")],
             province: Annotated[str | None, typer.Option(help="2-digit province code (entities, provinces)")] = None,
             sector: Annotated[str | None, typer.Option(help="power, steel, cement or aluminium (entities)")] = None,
             threshold: Annotated[int | None, typer.Option(help="how many of its keys must sign (default 1; an entity "
                                                                "at least the market rule entity_min_signers)")] = None,
             node: NodeUrl = DEFAULT_NODE, nonce: Nonce = None, wait: Wait = True) -> None:
    """Open a participant's account (the registry signs; the MEE for an authority)."""
    body = compact(id=id, name=name, roles=role, pubkeys=[pubkey_of(p) for p in pubkey], province=province, sector=sector,
                   threshold=threshold)
    send(node, "register_participant", body, key, nonce, wait)


@app.command("create-instrument")
def create_instrument(key: KeyFiles, id: Annotated[str, typer.Option(help="CEA-<year>, or CEA-2019-2020")],
                      vintage: Annotated[int, typer.Option(help="the vintage year (the last of a combined period)")],
                      name: Annotated[str | None, typer.Option(help="display name, e.g. 碳排放配额24")] = None,
                      node: NodeUrl = DEFAULT_NODE, nonce: Nonce = None, wait: Wait = True) -> None:
    """Create a CEA vintage (the MEE signs)."""
    send(node, "create_instrument", compact(id=id, vintage=vintage, name=name), key, nonce, wait)


@app.command("set-cycle")
def set_cycle(key: KeyFiles, year: Year,
              deadline: Annotated[str | None, typer.Option(help="RFC 3339, e.g. 2025-12-31T23:59:59+08:00 (a new cycle)")] = None,
              vintage: Annotated[list[str] | None, typer.Option(help="an eligible vintage; repeat for each (a new cycle)")] = None,
              offset_cap_bp: Annotated[int | None, typer.Option(help="CCER offset cap, basis points (500 = 5 %)")] = None,
              pre_allocation_bp: Annotated[int | None, typer.Option(help="pre-allocation ratio, basis points (from 2025)")] = None,
              shortfall_floor_bp: Annotated[int | None, typer.Option(help="true-up floor, basis points")] = None,
              sector_rule: Annotated[list[str] | None, typer.Option(
                  help="SECTOR=BP:plan|verified, e.g. steel=0:verified; repeat; replaces the cycle's sector rules")] = None,
              ccer_registered_after: Annotated[str | None, typer.Option(
                  help="YYYY-MM-DD: only CCER of projects registered after it offset the year, e.g. 2024-01-22")] = None,
              node: NodeUrl = DEFAULT_NODE, nonce: Nonce = None, wait: Wait = True) -> None:
    """Set a compliance cycle, or change only the fields named: deadline, vintages, ratios, sector rules (the MEE signs)."""
    body = compact(year=year, deadline=deadline, eligible_vintages=vintage or None, offset_cap_bp=offset_cap_bp,
                   pre_allocation_bp=pre_allocation_bp, shortfall_floor_bp=shortfall_floor_bp,
                   sector_rules=parse_sector_rules(sector_rule) if sector_rule else None,
                   ccer_registered_after=ccer_registered_after)
    send(node, "set_compliance_cycle", body, key, nonce, wait)


def parse_sector_rules(values: list[str]) -> dict[str, dict[str, object]]:
    """['steel=0:verified', …] → {"steel": {"pre_allocation_bp": 0, "final": "verified"}, …}."""
    rules: dict[str, dict[str, object]] = {}
    for value in values:
        sector, _, rest = value.partition("=")
        bp, _, final = rest.partition(":")
        if not sector or not bp.isdigit() or not final:
            raise CliError("invalid_option", f"--sector-rule {value!r} is not like steel=0:verified")
        rules[sector] = {"pre_allocation_bp": int(bp), "final": final}
    return rules


@app.command("designate-forced")
def designate_forced(key: KeyFiles, account: Account, year: Year, reason: Annotated[str, typer.Option(help="why")],
                     node: NodeUrl = DEFAULT_NODE, nonce: Nonce = None, wait: Wait = True) -> None:
    """Designate a risky entity for forced compliance (its province signs)."""
    send(node, "designate_forced_compliance", {"account": account, "year": year, "reason": reason}, key, nonce, wait)


@app.command("allocate")
def allocate(key: KeyFiles, account: Account, year: Year,
             kind: Annotated[str, typer.Option(help="pre or true_up")] = "pre",
             instrument: Annotated[str | None, typer.Option(help="default CEA-<year>")] = None,
             final: Annotated[str | None, typer.Option(
                 help="true_up: the final allocation, decimal tonnes (omit where the sector's rule is verified emissions)")] = None,
             node: NodeUrl = DEFAULT_NODE, nonce: Nonce = None, wait: Wait = True) -> None:
    """Pre-allocate (on last year's verified emissions on the ledger) or true up an entity's allowances
    (its province and the registry sign: two --key)."""
    body = compact(account=account, year=year, kind=kind.replace("-", "_"), instrument=instrument or f"CEA-{year}",
                   final_allocation=final)
    send(node, "allocate", body, key, nonce, wait)


@app.command("record-emissions")
def record_emissions(key: KeyFiles, account: Account, year: Year, verified: Annotated[int, typer.Option(help="verified tCO2e")],
                     report_ref: Annotated[str | None, typer.Option(help="the verification report's reference")] = None,
                     node: NodeUrl = DEFAULT_NODE, nonce: Nonce = None, wait: Wait = True) -> None:
    """Record an entity's verified emissions for a year (its province signs)."""
    send(node, "record_emissions", compact(account=account, year=year, verified_t=verified, report_ref=report_ref),
         key, nonce, wait)


@app.command("transfer")
def transfer(key: KeyFiles, from_: Annotated[str, account_option("--from", help="the sending account")],
             to: Annotated[str, account_option(help="the receiving account")], instrument: Instrument,
             amount: Amount = None, ranges: Ranges = None,
             trade_ref: Annotated[str | None, typer.Option(help="exchange-settled: the trade's reference, unique per exchange")] = None,
             memo: Annotated[str | None, typer.Option(help="a note")] = None,
             node: NodeUrl = DEFAULT_NODE, nonce: Nonce = None, wait: Wait = True) -> None:
    """Transfer allowances: the exchange settles a trade with --trade-ref (once per reference); the holder signs
    alone only when the MEE allows bilateral transfers."""
    body = compact(**{"from": from_}, to=to, instrument=instrument, trade_ref=trade_ref, memo=memo, **amount_or_ranges(amount, ranges))
    send(node, "transfer", body, key, nonce, wait)


@app.command("surrender")
def surrender(key: KeyFiles, account: Account, year: Year, instrument: Instrument, amount: Amount = None, ranges: Ranges = None,
              node: NodeUrl = DEFAULT_NODE, nonce: Nonce = None, wait: Wait = True) -> None:
    """Surrender allowances against a year's verified emissions, before its deadline (the entity signs)."""
    body = {"account": account, "year": year, "instrument": instrument, **amount_or_ranges(amount, ranges)}
    send(node, "surrender", body, key, nonce, wait)


@app.command("cancel")
def cancel(key: KeyFiles, account: Account, instrument: Instrument,
           purpose: Annotated[str, typer.Option(help="local_ets_offset, large_event_neutrality, company_offset, "
                                                     "public_interest or fraud_remedy")],
           beneficiary: Annotated[str, typer.Option(help="on whose behalf")],
           reason: Annotated[str, typer.Option(help="why (at most 512 characters)")],
           amount: Amount = None, ranges: Ranges = None,
           node: NodeUrl = DEFAULT_NODE, nonce: Nonce = None, wait: Wait = True) -> None:
    """Cancel allowances or CCER voluntarily and for good, for a purpose, with a public certificate (the holder signs)."""
    body = {"account": account, "instrument": instrument, "purpose": purpose, "beneficiary": beneficiary, "reason": reason,
            **amount_or_ranges(amount, ranges)}
    send(node, "cancel", body, key, nonce, wait)
