"""Options shared by many commands, declared once, with the checks that turn a mistyped value into one clear line."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import httpx
import typer

from ledger.constants import MAX_SAFE_INTEGER

from ..client import DEFAULT_NODE
from ..console import CliError

HOST = re.compile(r"[A-Za-z0-9.-]+|[0-9A-Fa-f:.]+")  # a DNS name, an IPv4 address or an IPv6 one (brackets dropped)


def check_node_url(url: str) -> str:
    """The node's URL as given; raise CliError unless it reads like http://host[:port]."""
    example = "write it like http://127.0.0.1:1317"
    if "://" not in url:
        raise CliError("invalid_url", f"--node {url!r} has no scheme: write http://{url}")
    try:
        parsed = httpx.URL(url)
        port = parsed.port
    except httpx.InvalidURL as exc:
        raise CliError("invalid_url", f"--node {url!r} is not a URL ({exc}); {example}") from None
    if parsed.scheme not in ("http", "https"):
        raise CliError("invalid_url", f"--node {url!r} must start with http:// or https://")
    if not parsed.host or not HOST.fullmatch(parsed.host):
        raise CliError("invalid_url", f"--node {url!r} names no valid host; {example}")
    if port is not None and not 0 < port < 65536:
        raise CliError("invalid_url", f"--node {url!r}: the port must be 1 to 65535")
    return url


def parse_tonnes(text: str) -> int:
    """Whole tonnes as typed (1000, 1,000 or 1_000); raise BadParameter unless 1 ≤ tonnes ≤ 2^53 − 1."""
    try:
        value = int(str(text).replace(",", "").replace("_", "").strip())
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a whole number of tonnes, e.g. 1000") from None
    if value < 1:
        raise typer.BadParameter(f"{value:,} t: give at least 1 t")
    if value > MAX_SAFE_INTEGER:
        raise typer.BadParameter(f"{value:,} t is more than the ledger's largest amount, {MAX_SAFE_INTEGER:,} t")
    return value


def parse_account(text: str) -> str:
    """An account id as people type it: surrounding spaces dropped, letters upper-cased (91110100ma…, prov-11)."""
    return text.strip().upper()


def tonnes_option(help: str) -> typer.models.OptionInfo:
    """An option of whole tonnes, checked by `parse_tonnes`."""
    return typer.Option(help=help, parser=parse_tonnes, metavar="TONNES")


def account_option(*names: str, help: str) -> typer.models.OptionInfo:
    """An option holding an account id, upper-cased by `parse_account`."""
    return typer.Option(*names, help=help, parser=parse_account, metavar="ACCOUNT")


NodeUrl = Annotated[str, typer.Option("--node", "-n", envvar="TANLEDGER_NODE", callback=check_node_url,
                                      help="the node's API URL, e.g. http://127.0.0.1:1317")]
KeyFiles = Annotated[list[Path], typer.Option("--key", "-k", help="key file of a signer; repeat for several signatures "
                                                                   "(the first signer's nonce is used)")]
Nonce = Annotated[int | None, typer.Option(help="nonce to use; default: the first signer's last nonce + 1, asked from the node")]
Wait = Annotated[bool, typer.Option("--wait/--no-wait", help="wait for the block and print the receipt")]
AsJson = Annotated[bool, typer.Option("--json", help="print the node's JSON answer as it is")]
AccountArg = Annotated[str, typer.Argument(help="account id (lower case is fine)", parser=parse_account, metavar="ACCOUNT")]

__all__ = [
    "DEFAULT_NODE",
    "AccountArg",
    "AsJson",
    "KeyFiles",
    "NodeUrl",
    "Nonce",
    "Wait",
    "account_option",
    "check_node_url",
    "parse_account",
    "parse_tonnes",
    "tonnes_option",
]
