"""Options shared by many commands, declared once."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..client import DEFAULT_NODE

NodeUrl = Annotated[str, typer.Option("--node", "-n", envvar="TANLEDGER_NODE", help="the node's API URL")]
KeyFiles = Annotated[list[Path], typer.Option("--key", "-k", help="key file of a signer; repeat for several signatures "
                                                                   "(the first signer's nonce is used)")]
Nonce = Annotated[int | None, typer.Option(help="nonce to use; default: the first signer's last nonce + 1, asked from the node")]
Wait = Annotated[bool, typer.Option("--wait/--no-wait", help="wait for the block and print the receipt")]
AsJson = Annotated[bool, typer.Option("--json", help="print the node's JSON answer as it is")]

__all__ = ["DEFAULT_NODE", "AsJson", "KeyFiles", "Nonce", "NodeUrl", "Wait"]
