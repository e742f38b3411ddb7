"""`tanledger tx publish-price` and `tanledger tx record-exemption`: the exchange's monthly average price
(read by the fine of an unpaid shortfall) and a province's exemption of an entity from a year's compliance."""
from __future__ import annotations

from typing import Annotated

import typer

from ..submit import send
from .options import DEFAULT_NODE, KeyFiles, Nonce, NodeUrl, Wait
from .tx import Account, Instrument, Year, app

Month = Annotated[str, typer.Option(help="calendar month YYYY-MM (China time), e.g. 2025-12")]


@app.command("publish-price")
def publish_price(key: KeyFiles, instrument: Instrument, month: Month,
                  avg_price_fen: Annotated[int, typer.Option(help="the month's average trading price, fen per tonne")],
                  node: NodeUrl = DEFAULT_NODE, nonce: Nonce = None, wait: Wait = True) -> None:
    """Publish an instrument's average price of a month that is over (the exchange signs; once per month)."""
    send(node, "publish_price", {"instrument": instrument, "month": month, "avg_price_fen": avg_price_fen}, key, nonce, wait)


@app.command("record-exemption")
def record_exemption(key: KeyFiles, account: Account, year: Year,
                     reason: Annotated[str, typer.Option(help="why the entity is exempt, e.g. 停产关闭")],
                     node: NodeUrl = DEFAULT_NODE, nonce: Nonce = None, wait: Wait = True) -> None:
    """Exempt an entity from a year's compliance, up to the deadline (its province signs); status X."""
    send(node, "record_exemption", {"account": account, "year": year, "reason": reason}, key, nonce, wait)
