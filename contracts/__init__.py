"""The allowance market's rules: the state transition function of TanLedger.

`execute_block(state, txs, ctx)` runs each transaction through the envelope checks and then
the handler of its type (`HANDLERS`). A failing transaction leaves state untouched and gets
a receipt with its stable error code.
"""
from .execute import dry_run, execute_block, execute_tx
from .registry import HANDLERS

__all__ = ["HANDLERS", "dry_run", "execute_block", "execute_tx"]
