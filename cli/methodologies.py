"""The six published CCER methodologies (cli/data/ccer-methodologies.json), for the genesis and set-methodology.

Each entry of the file is the body of a `set_methodology` transaction, so the same data goes into a
genesis (`params.methodologies`) or into the MEE's transaction. The file names its sources and which
numbers are still to be checked against the published texts. What the fields mean: contracts/set_methodology.py.
"""
from __future__ import annotations

import json
from importlib import resources
from typing import Any

from contracts.set_methodology import check_genesis_methodologies

from .console import CliError

DATA_FILE = "ccer-methodologies.json"


def load_methodologies() -> list[dict[str, Any]]:
    """Every methodology of the project's file, as set_methodology bodies (checked like a genesis's)."""
    text = resources.files("cli").joinpath("data", DATA_FILE).read_text(encoding="utf-8")
    bodies = json.loads(text)["methodologies"]
    check_genesis_methodologies(bodies)
    return bodies


def get_methodology_body(code: str) -> dict[str, Any]:
    """The set_methodology body of `code` from the project's file; raise CliError when the file lacks it."""
    for body in load_methodologies():
        if body["code"] == code:
            return body
    known = ", ".join(body["code"] for body in load_methodologies())
    raise CliError("no_methodology", f"the project's methodology file has no {code} (it has {known}): "
                                     "give every field of the body instead")
