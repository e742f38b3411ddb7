"""`tanledger tx <kind>` for the authorities' orders: compliance enforcement, court orders, carry-over, accounts,
and a devnet's simulated calendar."""
from __future__ import annotations

from typing import Annotated

import typer

from ..console import CliError
from ..submit import amount_or_ranges, compact, send
from .options import DEFAULT_NODE, KeyFiles, Nonce, NodeUrl, Wait, account_option, tonnes_option
from .tx import Account, Amount, Instrument, Ranges, Year, app, pubkey_of

OrderRef = Annotated[str, typer.Option(help="the order's reference (each order is executed once)")]
Tonnes = Annotated[int, tonnes_option(help="tonnes")]


@app.command("forced-surrender")
def forced_surrender(key: KeyFiles, account: Account, year: Year, instrument: Instrument, amount: Tonnes, order_ref: OrderRef,
                     node: NodeUrl = DEFAULT_NODE, nonce: Nonce = None, wait: Wait = True) -> None:
    """Surrender for an entity on its province's order (the province and the registry sign)."""
    body = {"account": account, "year": year, "instrument": instrument, "amount": amount, "order_ref": order_ref}
    send(node, "forced_surrender", body, key, nonce, wait)


@app.command("release")
def release(key: KeyFiles, account: Account, year: Year, instrument: Instrument, amount: Tonnes,
            node: NodeUrl = DEFAULT_NODE, nonce: Nonce = None, wait: Wait = True) -> None:
    """Release the rest of a forced entity's allocation from its province's account (province and registry sign)."""
    send(node, "release_allocation", {"account": account, "year": year, "instrument": instrument, "amount": amount},
         key, nonce, wait)


@app.command("enforce-shortfall")
def enforce_shortfall(key: KeyFiles, account: Account, year: Year, order_ref: OrderRef,
                      price_month: Annotated[str, typer.Option(help="YYYY-MM: the deadline's month or the one before")],
                      correction_deadline: Annotated[str, typer.Option(help="RFC 3339: the entity may surrender until then")],
                      price_instrument: Annotated[str | None, typer.Option(help="the price's instrument; CEA-<year>")] = None,
                      multiple: Annotated[int, typer.Option(help="fine multiple, 5 to 10")] = 5,
                      node: NodeUrl = DEFAULT_NODE, nonce: Nonce = None, wait: Wait = True) -> None:
    """After the deadline: record the shortfall, the fine (at the exchange's published price), the correction period
    and next year's deduction (the province signs)."""
    body = {"account": account, "year": year, "price_instrument": price_instrument or f"CEA-{year}",
            "price_month": price_month, "multiple": multiple, "order_ref": order_ref,
            "correction_deadline": correction_deadline}
    send(node, "enforce_shortfall", body, key, nonce, wait)


@app.command("court-order")
def court_order(key: KeyFiles, order_ref: OrderRef, account: Account,
                action: Annotated[str, typer.Option(help="freeze, unfreeze, deduct or succession")],
                court: Annotated[str, typer.Option(help="the court that issued the order")],
                instrument: Annotated[str | None, typer.Option(help="freeze, unfreeze, deduct: the instrument")] = None,
                amount: Amount = None, ranges: Ranges = None,
                to: Annotated[str | None, account_option(help="deduct, succession: the receiving account")] = None,
                close_source: Annotated[bool | None, typer.Option("--close-source/--keep-source", help="succession: close the account")] = None,
                node: NodeUrl = DEFAULT_NODE, nonce: Nonce = None, wait: Wait = True) -> None:
    """Execute a court's order on an account (the registry signs)."""
    units = amount_or_ranges(amount, ranges) if action != "succession" else {}
    body = compact(order_ref=order_ref, action=action, account=account, court=court, instrument=instrument, to=to,
                   close_source=close_source, **units)
    send(node, "court_order", body, key, nonce, wait)


@app.command("carryover-notice")
def carryover_notice(key: KeyFiles, old_vintage: Annotated[list[str], typer.Option(help="an old vintage; repeat for each")],
                     target: Annotated[str, typer.Option(help="the target instrument, e.g. CEA-2025")],
                     snapshot_time: Annotated[str | None, typer.Option(help="RFC 3339; default 2025-12-31T23:59:00+08:00")] = None,
                     application_deadline: Annotated[str | None, typer.Option(help="RFC 3339; default 2026-06-10T23:59:59+08:00")] = None,
                     node: NodeUrl = DEFAULT_NODE, nonce: Nonce = None, wait: Wait = True) -> None:
    """Open the carry-over of old vintages into the target vintage (the MEE signs; S3 annex 5 defaults)."""
    body = compact(old_vintages=old_vintage, target_instrument=target, snapshot_time=snapshot_time,
                   application_deadline=application_deadline)
    send(node, "carryover_notice", body, key, nonce, wait)


@app.command("carryover-apply")
def carryover_apply(key: KeyFiles, account: Account,
                    amount: Annotated[int | None, typer.Option(help="tonnes, oldest vintage first")] = None,
                    part: Annotated[list[str] | None, typer.Option(help="INSTRUMENT=TONNES of one old vintage, "
                                                                         "e.g. CEA-2023=5000; repeat for each")] = None,
                    node: NodeUrl = DEFAULT_NODE, nonce: Nonce = None, wait: Wait = True) -> None:
    """Apply to carry old-vintage allowances over; they are frozen until executed (the entity signs; apply again
    until the deadline for more, within the entitlement)."""
    if (amount is None) == (not part):
        raise CliError("invalid_option", "give exactly one of --amount or --part (repeatable)")
    units = {"amount": amount} if amount is not None else {"parts": [parse_part(p) for p in part or []]}
    send(node, "carryover_apply", {"account": account, **units}, key, nonce, wait)


def parse_part(text: str) -> dict[str, object]:
    """`CEA-2023=5000` as {"instrument": "CEA-2023", "amount": 5000}; raise CliError if malformed."""
    instrument, _, tonnes = text.partition("=")
    if not instrument or not tonnes.isdigit():
        raise CliError("invalid_option", f"--part {text!r} is not like CEA-2023=5000")
    return {"instrument": instrument, "amount": int(tonnes)}


@app.command("carryover-execute")
def carryover_execute(key: KeyFiles, account: Account,
                      application: Annotated[int, typer.Option(help="the application's number: 1, 2, … per account")],
                      node: NodeUrl = DEFAULT_NODE, nonce: Nonce = None, wait: Wait = True) -> None:
    """Withdraw the units one application froze and issue the target vintage (the registry signs)."""
    send(node, "carryover_execute", {"account": account, "application": application}, key, nonce, wait)


@app.command("rotate-key")
def rotate_key(key: KeyFiles, account: Account,
               add: Annotated[list[str] | None, typer.Option(help="a key to add: hex or key file")] = None,
               remove: Annotated[list[str] | None, typer.Option(help="a key to remove: hex or key file")] = None,
               threshold: Annotated[int | None, typer.Option(help="the new signing policy: how many keys must sign")] = None,
               node: NodeUrl = DEFAULT_NODE, nonce: Nonce = None, wait: Wait = True) -> None:
    """Add and remove an account's signing keys, or change its threshold (the account signs, its policy met)."""
    body = compact(account=account, add=[pubkey_of(k) for k in add or []], remove=[pubkey_of(k) for k in remove or []],
                   threshold=threshold)
    send(node, "rotate_key", body, key, nonce, wait)


@app.command("set-account-status")
def set_account_status(key: KeyFiles, account: Account,
                       status: Annotated[str, typer.Option(help="active, restricted or closed")],
                       reason: Annotated[str, typer.Option(help="why")],
                       node: NodeUrl = DEFAULT_NODE, nonce: Nonce = None, wait: Wait = True) -> None:
    """Restrict, close or reactivate an account (the registry signs)."""
    send(node, "set_account_status", {"account": account, "status": status, "reason": reason}, key, nonce, wait)


@app.command("advance-clock")
def advance_clock(key: KeyFiles, to: Annotated[str, typer.Option(help="RFC 3339, after the chain's time, "
                                                                   "e.g. 2025-12-31T23:59:59+08:00")],
                  node: NodeUrl = DEFAULT_NODE, nonce: Nonce = None, wait: Wait = True) -> None:
    """Devnet only: move the time every rule sees forward to `--to` (the MEE signs)."""
    send(node, "advance_clock", {"to": to}, key, nonce, wait)
