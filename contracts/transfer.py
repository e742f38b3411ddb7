"""Transfer: move allowances between two accounts, lowest serials first or the exact ranges named.

A holder signs its own transfer; the exchange (交易机构) settles a trade both sides agreed by
signing it with the trade reference (delivery versus payment happens off the ledger).
Restricted accounts may receive but not send; nothing moves out of a terminal account.
Source: S1 Art.30; S2 Art.21. Feature: tests/features/transfer.feature.
"""
from __future__ import annotations

from datetime import datetime, timezone, timedelta

from ledger import keys
from ledger.chain import BlockContext
from ledger.constants import CST_OFFSET_MS, is_terminal_account
from ledger.errors import InvalidField, Unauthorized
from ledger.holdings import apply_move, get_instrument, select
from ledger.serials import count
from ledger.state import State
from ledger.tx import Transaction

from . import fields
from .roles import EXCHANGE, check_can_receive, check_can_send, get_participant, has_role, signer_ids

REQUIRED = {"from", "to", "instrument"}
OPTIONAL = {"amount", "ranges", "trade_ref", "memo"}


def check_shape(body: dict) -> None:
    """What needs no state: fields, types, from ≠ to."""
    fields.check_keys(body, REQUIRED, OPTIONAL)
    fields.get_id(body, "from")
    fields.get_id(body, "to")
    fields.get_instrument_id(body)
    fields.get_amount_or_ranges(body)
    if "trade_ref" in body:
        fields.get_str(body, "trade_ref", 64)
    if "memo" in body:
        fields.get_str(body, "memo", 256)
    # Verify the accounts differ
    if body["from"] == body["to"]:
        raise InvalidField("from and to are the same account")
    # Verify no transfer targets a terminal account (surrender and cancellation have their own transactions)
    if is_terminal_account(body["to"]):
        raise InvalidField(f"{body['to']} is a terminal account: use surrender or cancel")


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Authorization, account status and holding."""
    body = tx.body
    # Verify the sender signed, or the exchange settled a trade with its reference
    check_authorized(state, tx)
    # Verify the sender may send and the receiver may receive
    check_can_send(state, body["from"])
    check_can_receive(state, body["to"])
    # Verify the instrument exists and the sender holds the units
    get_instrument(state, body["instrument"])
    amount, ranges = fields.get_amount_or_ranges(body)
    select(state, body["from"], body["instrument"], amount, ranges)


def check_authorized(state: State, tx: Transaction) -> None:
    """Raise Unauthorized unless the sender or (with a trade reference) the exchange signed."""
    signers = signer_ids(state, tx)
    if tx.body["from"] in signers:
        return
    for pid in signers:
        if has_role(get_participant(state, pid), EXCHANGE):
            if "trade_ref" not in tx.body:
                raise InvalidField("an exchange-settled transfer needs its trade_ref")
            return
    raise Unauthorized(f"a transfer from {tx.body['from']} needs its signature or the exchange's")


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Move the units and count the flow for carry-over."""
    body = tx.body
    amount, ranges = fields.get_amount_or_ranges(body)
    chosen = select(state, body["from"], body["instrument"], amount, ranges)
    details = {"trade_ref": body["trade_ref"]} if "trade_ref" in body else {}
    apply_move(state, body["instrument"], body["from"], body["to"], chosen, "transfer", **details)
    apply_flow(state, body["from"], body["to"], body["instrument"], count(chosen), ctx.time)


def calendar_year(time_ms: int) -> int:
    """The calendar year of a block time in China Standard Time."""
    return (datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(milliseconds=time_ms + CST_OFFSET_MS)).year


def flow_field(year: int, instrument: str) -> str:
    """The field of a flow record that counts `instrument` in calendar `year`: '2025/CEA-2024'."""
    return f"{year}/{instrument}"


def apply_flow(state: State, sender: str, receiver: str, instrument: str, amount: int, time_ms: int) -> None:
    """Add `amount` to the sender's sold and the receiver's bought tonnes of `instrument` this year."""
    field = flow_field(calendar_year(time_ms), instrument)
    sender_flow = state.get(keys.flow(sender)) or {}
    bought, sold = sender_flow.get(field, (0, 0))
    state.put(keys.flow(sender), {**sender_flow, field: (bought, sold + amount)})
    receiver_flow = state.get(keys.flow(receiver)) or {}
    bought, sold = receiver_flow.get(field, (0, 0))
    state.put(keys.flow(receiver), {**receiver_flow, field: (bought + amount, sold)})
