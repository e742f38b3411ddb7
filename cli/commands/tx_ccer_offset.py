"""`tanledger tx freeze-offset`: a key emitting entity freezes CCER as pending offset for a compliance year.

The frozen units are consumed by `tanledger tx surrender` of the same CCER instrument for the same year (the
offset: cancelled with a national_ets_offset certificate), or released at the cycle's deadline.
The rule: contracts/freeze_offset.py.
"""
from __future__ import annotations

from typing import Annotated

import typer

from ..submit import amount_or_ranges, send
from .options import DEFAULT_NODE, KeyFiles, Nonce, NodeUrl, Wait
from .tx import Account, Amount, Ranges, Year, app

CcerInstrument = Annotated[str, typer.Option(help="the CCER instrument, e.g. CCER-P1-2024 (CCER-<project>-<vintage>)")]


@app.command("freeze-offset")
def freeze_offset(key: KeyFiles, account: Account, year: Year, instrument: CcerInstrument, amount: Amount = None,
                  ranges: Ranges = None, node: NodeUrl = DEFAULT_NODE, nonce: Nonce = None, wait: Wait = True) -> None:
    """Freeze CCER as pending offset for a year, by its deadline, within the cycle's cap (the entity signs)."""
    body = {"account": account, "year": year, "instrument": instrument, **amount_or_ranges(amount, ranges)}
    send(node, "freeze_offset", body, key, nonce, wait)
