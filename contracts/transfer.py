"""Transfer: move allowances between two accounts, lowest serials first or the exact ranges named.

Transfers between accounts go through the exchange (交易机构), which settles a trade both sides
agreed by signing it with its trade reference, once per reference (delivery versus payment happens
off the ledger); succession and enforcement are court orders. A transfer signed only by its holder
(bilateral) is allowed only when the MEE's market rule `bilateral_transfers` is on (default off).
Restricted accounts may receive but not send; nothing moves out of a terminal account. CCER of a
project under an open fraud order do not move (units_suspended, S8 Art.43; contracts/fraud.py).
Source: S1 Art.30; S2 Art.21–23. Feature: tests/features/transfer.feature.
"""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from ledger import keys
from ledger.chain import BlockContext
from ledger.constants import CST_OFFSET_MS, is_terminal_account
from ledger.errors import AlreadyExists, ExchangeSettlementRequired, InvalidField, Unauthorized
from ledger.holdings import apply_move, get_instrument, select
from ledger.serials import count
from ledger.state import State
from ledger.tx import Transaction

from . import fields
from .ccer import check_units_movable
from .market_rules import get_rule
from .roles import EXCHANGE, check_can_receive, check_can_send, get_participant, has_role, signer_ids

REQUIRED = {"from", "to", "instrument"}
OPTIONAL = {"amount", "ranges", "trade_ref", "memo"}


def check_shape(body: dict[str, Any]) -> None:
    """What needs no state: fields, types, from ≠ to."""
    fields.check_keys(body, REQUIRED, OPTIONAL)
    fields.get_id(body, "from")
    fields.get_id(body, "to")
    fields.get_instrument_id(body)
    fields.get_amount_or_ranges(body)
    if "trade_ref" in body:
        fields.get_ref(body, "trade_ref")
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
    # Verify the exchange settles a new trade, or the holder signs a bilateral transfer the market allows
    check_authorized(state, tx)
    # Verify the sender may send and the receiver may receive
    check_can_send(state, body["from"])
    check_can_receive(state, body["to"])
    # Verify the instrument exists and the sender holds the units
    instrument = get_instrument(state, body["instrument"])
    amount, ranges = fields.get_amount_or_ranges(body)
    select(state, body["from"], body["instrument"], amount, ranges)
    # Verify the units are not suspended by a fraud order on their project
    check_units_movable(state, instrument)


def get_exchange_signer(state: State, tx: Transaction) -> str | None:
    """The id of the first signer that is an exchange, or None."""
    for pid in signer_ids(state, tx):
        if has_role(get_participant(state, pid), EXCHANGE):
            return pid
    return None


def check_authorized(state: State, tx: Transaction) -> None:
    """Raise unless the exchange settles a new trade, or the sender signs while bilateral transfers are allowed."""
    body = tx.body
    exchange = get_exchange_signer(state, tx)
    if exchange is not None:
        check_trade(state, exchange, body)
        return
    # Verify the sender signed
    if body["from"] not in signer_ids(state, tx):
        raise Unauthorized(f"a transfer from {body['from']} needs its signature or the exchange's")
    # Verify only the exchange names a trade reference
    if "trade_ref" in body:
        raise InvalidField(f"trade_ref {body['trade_ref']} names an exchange trade: the exchange signs its settlement")
    # Verify the market allows bilateral transfers
    if not get_rule(state, "bilateral_transfers"):
        raise ExchangeSettlementRequired(
            f"a transfer from {body['from']} signed only by its holder is bilateral, and market rule bilateral_transfers "
            f"is false (S2 Art.21–23): settle the trade through the exchange, which signs it with its trade_ref "
            f"(only the MEE can allow bilateral transfers, by set_market_rules)")


def check_trade(state: State, exchange: str, body: dict[str, Any]) -> None:
    """Raise unless the body names a trade reference that `exchange` has not settled before."""
    # Verify the exchange names the trade it settles
    if "trade_ref" not in body:
        raise InvalidField(f"a transfer settled by {exchange} needs its trade_ref")
    recorded = state.get(keys.trade(exchange, body["trade_ref"]))
    # Verify the trade reference is new for this exchange
    if recorded is not None:
        raise AlreadyExists(f"trade {body['trade_ref']} of {exchange} was already settled at height {recorded['height']} "
                            f"(transfer {recorded['tx']})")


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Move the units, record the exchange's trade and count the flow for carry-over."""
    body = tx.body
    amount, ranges = fields.get_amount_or_ranges(body)
    chosen = select(state, body["from"], body["instrument"], amount, ranges)
    exchange = get_exchange_signer(state, tx)
    details = {"trade_ref": body["trade_ref"], "exchange": exchange} if exchange else {}
    apply_move(state, body["instrument"], body["from"], body["to"], chosen, "transfer", **details)
    if exchange:
        state.put(keys.trade(exchange, body["trade_ref"]), {
            "exchange": exchange, "ref": body["trade_ref"], "tx": tx.id_hex, "height": ctx.height,
            "from": body["from"], "to": body["to"], "instrument": body["instrument"], "amount": count(chosen)})
    apply_flow(state, body["from"], body["to"], body["instrument"], count(chosen), ctx.time)


def calendar_year(time_ms: int) -> int:
    """The calendar year of a block time in China Standard Time."""
    return (datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=time_ms + CST_OFFSET_MS)).year


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
