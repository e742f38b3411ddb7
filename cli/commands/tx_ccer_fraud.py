"""`tanledger tx order-fraud-cancellation` and `tanledger tx enforce-fraud-cancellation`: the registry's fraud
order on a CCER project (its units stop moving; the owner must cancel an amount by a due time) and its
enforcement after the due time (S8 Art.43; contracts/order_fraud_cancellation.py, enforce_fraud_cancellation.py)."""
from __future__ import annotations

from typing import Annotated

import typer

from ..submit import send
from .options import DEFAULT_NODE, KeyFiles, Nonce, NodeUrl, Wait, tonnes_option
from .tx import app

Project = Annotated[str, typer.Option(help="the CCER project id, e.g. P-WIND-01")]


@app.command("order-fraud-cancellation")
def order_fraud_cancellation(key: KeyFiles, project: Project,
                             ref: Annotated[str, typer.Option(help="the order's reference, e.g. (2026)注登字第3号")],
                             amount: Annotated[int, tonnes_option(help="tonnes the owner must cancel")],
                             due: Annotated[str, typer.Option(help="RFC 3339 time by which, e.g. 2026-06-30T23:59:59+08:00")],
                             reason: Annotated[str, typer.Option(help="the finding (at most 512 characters)")],
                             node: NodeUrl = DEFAULT_NODE, nonce: Nonce = None, wait: Wait = True) -> None:
    """Suspend a project's units and order its owner to cancel `amount` t by `due` (the registry signs)."""
    body = {"project": project, "ref": ref, "amount": amount, "due": due, "reason": reason}
    send(node, "order_fraud_cancellation", body, key, nonce, wait)


@app.command("enforce-fraud-cancellation")
def enforce_fraud_cancellation(key: KeyFiles, project: Project,
                               node: NodeUrl = DEFAULT_NODE, nonce: Nonce = None, wait: Wait = True) -> None:
    """After the due time, force-cancel what the owner still owes under the project's fraud order (the registry signs)."""
    send(node, "enforce_fraud_cancellation", {"project": project}, key, nonce, wait)
