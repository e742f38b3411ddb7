"""`tanledger tx` for the CCER registry's reference data and project lifecycle (contracts/set_methodology.py …
contracts/cancel_project.py): set-methodology, accredit-vvb, record-external-claim, submit-project,
comment-project, validate-project, apply-project (signed by the owner and the VVB: two --key), decide-project,
cancel-project. Dates are YYYY-MM-DD; documents are given by their SHA-256 (64 hex characters).
"""
from __future__ import annotations

from typing import Annotated

import typer

from ..methodologies import get_methodology_body
from ..submit import compact, send
from .options import DEFAULT_NODE, KeyFiles, Nonce, NodeUrl, Wait
from .tx import app

Project = Annotated[str, typer.Option(help="the project id (3 to 24 of A-Z, 0-9, '-'), e.g. HW-JS-001")]
Hash = Annotated[str, typer.Option(help="the document's SHA-256, 64 lowercase hex characters")]
Reason = Annotated[str, typer.Option(help="the reason, at most 512 characters")]


@app.command("set-methodology")
def set_methodology(key: KeyFiles, code: Annotated[str, typer.Option(help="e.g. CCER-01-002-V01 (field 01, version V01)")],
                    name: Annotated[str | None, typer.Option(help="default: the project's file's name of the code")] = None,
                    max_crediting_years: Annotated[int | None, typer.Option(help="default: the project's file's")] = None,
                    status: Annotated[str, typer.Option(help="active or withdrawn")] = "active",
                    node: NodeUrl = DEFAULT_NODE, nonce: Nonce = None, wait: Wait = True) -> None:
    """Publish, update or withdraw a methodology (the MEE signs); field and version come from the code."""
    known = get_methodology_body(code) if name is None or max_crediting_years is None else {}
    body = {"code": code, "name": name or known["name"], "field": code[5:7],
            "max_crediting_years": max_crediting_years or known["max_crediting_years"], "version": code[-3:], "status": status}
    send(node, "set_methodology", body, key, nonce, wait)


@app.command("accredit-vvb")
def accredit_vvb(key: KeyFiles, vvb: Annotated[str, typer.Option(help="the VVB's account id")],
                 status: Annotated[str, typer.Option(help="active, suspended or revoked")],
                 field: Annotated[list[str] | None, typer.Option(help="a 2-digit sector field, e.g. 01; repeat "
                                                                    "(required for active; kept when suspending)")] = None,
                 node: NodeUrl = DEFAULT_NODE, nonce: Nonce = None, wait: Wait = True) -> None:
    """Accredit a VVB for its fields, suspend or revoke it (the MEE signs)."""
    send(node, "accredit_vvb", compact(vvb=vvb, status=status, fields=field or None), key, nonce, wait)
