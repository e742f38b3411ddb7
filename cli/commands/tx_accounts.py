"""`tanledger tx` for accounts: lost-key recovery (request, veto, complete) and the working-day calendar.

A recovery is asked for by the registry and the account's supervising authority together (two `-k` key
files), waits `recovery_wait_working_days` working days during which the account can veto it, then one of
the asking institutions completes it. `set-calendar` puts a year of the project's calendar
(cli/data/cn-workdays.json) on the ledger, or a year read from --file. Rules: contracts/key_recovery.py.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ..console import CliError, json_problem
from ..submit import compact, send
from ..workdays import get_calendar_body
from .options import DEFAULT_NODE, KeyFiles, Nonce, NodeUrl, Wait
from .tx import Account, app, pubkey_of

RequestRef = Annotated[str, typer.Option(help="the reference of the holder's recovery request, e.g. KR-2025-001")]


@app.command("request-key-recovery")
def request_key_recovery(key: KeyFiles, account: Account, request_ref: RequestRef,
                         pubkey: Annotated[list[str], typer.Option(help="a new key of the account: hex or key file; repeat")],
                         threshold: Annotated[int | None, typer.Option(help="how many of the new keys must sign")] = None,
                         node: NodeUrl = DEFAULT_NODE, nonce: Nonce = None, wait: Wait = True) -> None:
    """Ask for new keys of an account that lost its own (the registry and the supervising authority sign)."""
    body = compact(account=account, request_ref=request_ref, pubkeys=[pubkey_of(p) for p in pubkey], threshold=threshold)
    send(node, "request_key_recovery", body, key, nonce, wait)


@app.command("veto-key-recovery")
def veto_key_recovery(key: KeyFiles, account: Account, request_ref: RequestRef,
                      reason: Annotated[str, typer.Option(help="why the account stops the recovery")],
                      node: NodeUrl = DEFAULT_NODE, nonce: Nonce = None, wait: Wait = True) -> None:
    """Stop a waiting key recovery (the account signs with its current keys)."""
    send(node, "veto_key_recovery", {"account": account, "request_ref": request_ref, "reason": reason}, key, nonce, wait)


@app.command("complete-key-recovery")
def complete_key_recovery(key: KeyFiles, account: Account, request_ref: RequestRef,
                          node: NodeUrl = DEFAULT_NODE, nonce: Nonce = None, wait: Wait = True) -> None:
    """Replace the account's keys once the waiting period is over (an institution that asked signs)."""
    send(node, "complete_key_recovery", {"account": account, "request_ref": request_ref}, key, nonce, wait)


@app.command("set-calendar")
def set_calendar(key: KeyFiles, year: Annotated[int, typer.Option(help="the calendar year")],
                 file: Annotated[Path | None, typer.Option(help="a JSON set_calendar body instead of the project's "
                                                                "calendar (year, holidays, adjusted_working_days, source)")] = None,
                 node: NodeUrl = DEFAULT_NODE, nonce: Nonce = None, wait: Wait = True) -> None:
    """Put a year's working-day calendar on the ledger, or replace it (the MEE signs)."""
    body = read_calendar_file(file) if file else get_calendar_body(year)
    if body.get("year") != year:
        raise CliError("invalid_option", f"--file holds the calendar of {body.get('year')!r}, not of --year {year}")
    send(node, "set_calendar", body, key, nonce, wait)


def read_calendar_file(path: Path) -> dict:
    """A set_calendar body from a JSON file; raise CliError when it is not a JSON object."""
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CliError("invalid_option", f"--file {path}: {exc.strerror}") from None
    except ValueError as exc:
        raise CliError("invalid_option", f"--file {path} is not JSON: {json_problem(exc)}") from None
    if not isinstance(body, dict):
        raise CliError("invalid_option", f"--file {path} must hold one JSON object, a set_calendar body")
    return body
