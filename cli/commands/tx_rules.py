"""`tanledger tx set-market-rules`: the MEE changes the market's governance settings.

Each rule is given as NAME=VALUE with a JSON value (`bilateral_transfers=true`); only the named rules
change. The rules, their defaults and what each value means: contracts/market_rules.py.
"""
from __future__ import annotations

import json
from typing import Annotated

import typer

from ..console import CliError
from ..submit import send
from .options import DEFAULT_NODE, KeyFiles, Nonce, NodeUrl, Wait
from .tx import app


def parse_rule(text: str) -> tuple[str, object]:
    """'NAME=VALUE' with a JSON value → (name, value)."""
    name, sep, value = text.partition("=")
    try:
        if not sep or not name:
            raise ValueError("no '='")
        return name, json.loads(value)
    except ValueError:
        raise CliError("invalid_option", f"--rule {text!r} must read NAME=VALUE with a JSON value, "
                                         "e.g. bilateral_transfers=true") from None


@app.command("set-market-rules")
def set_market_rules(key: KeyFiles,
                     rule: Annotated[list[str], typer.Option(help="NAME=VALUE (JSON), e.g. bilateral_transfers=true; repeat")],
                     node: NodeUrl = DEFAULT_NODE, nonce: Nonce = None, wait: Wait = True) -> None:
    """Change market rules (the MEE signs); the rules not named keep their values."""
    send(node, "set_market_rules", dict(parse_rule(r) for r in rule), key, nonce, wait)
