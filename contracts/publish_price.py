"""Publish price: the exchange publishes an instrument's monthly average trading price.

The exchange signs, once per instrument and calendar month (China time), and only after the month
is over; the price is whole fen per tonne, stored under `price/<instrument>/<YYYY-MM>`. The fine of an
unpaid shortfall (enforce_shortfall) reads it: 5 to 10 times the average price of the month before
the deadline. Transaction type `publish_price`. Source: S1 Art.24.
Feature: tests/features/publish_price.feature.
"""
from __future__ import annotations

import re
from typing import Any

from ledger import keys
from ledger.chain import BlockContext
from ledger.errors import AlreadyExists, InvalidField
from ledger.account_errors import MonthNotOver, PriceNotPublished
from ledger.holdings import get_instrument
from ledger.state import State
from ledger.tx import Transaction

from . import fields
from .roles import EXCHANGE, check_signed_by_role

MONTH_PATTERN = re.compile(r"(20[0-9]{2})-(0[1-9]|1[0-2])")


def get_month(body: dict[str, Any], name: str = "month") -> str:
    """A calendar month written YYYY-MM (2000-01 to 2099-12)."""
    value = body.get(name)
    if not isinstance(value, str) or not MONTH_PATTERN.fullmatch(value):
        raise InvalidField(f"{name} must be a month written YYYY-MM, like 2025-12, got {value!r}")
    return value


def month_of(time_ms: int) -> str:
    """The calendar month (China time) of a block time, as YYYY-MM."""
    return fields.format_time(time_ms)[:7]


def shift_month(month: str, by: int) -> str:
    """The month `by` months after `month` (before it when negative)."""
    year, number = int(month[:4]), int(month[5:])
    index = year * 12 + number - 1 + by
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def compute_month_end(month: str) -> int:
    """The first millisecond (block time) after `month` is over in China time."""
    return fields.get_time({"t": f"{shift_month(month, 1)}-01T00:00:00+08:00"}, "t")


def get_price(state: State, instrument: str, month: str) -> dict[str, Any]:
    """The published price record; raise PriceNotPublished."""
    record: dict[str, Any] | None = state.get(keys.price(instrument, month))
    if record is None:
        raise PriceNotPublished(f"the exchange has not published the {month} average price of {instrument}")
    return record


def check_shape(body: dict[str, Any]) -> None:
    """Instrument, month, and a positive price in fen per tonne."""
    fields.check_keys(body, {"instrument", "month", "avg_price_fen"})
    fields.get_instrument_id(body)
    get_month(body)
    fields.get_int(body, "avg_price_fen", 1)


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """The exchange signed; the instrument exists; the month is over; no price of that month yet."""
    body = tx.body
    # Verify the exchange signed
    check_signed_by_role(state, tx, EXCHANGE)
    # Verify the instrument exists
    get_instrument(state, body["instrument"])
    # Verify the month is over
    end = compute_month_end(body["month"])
    if ctx.time < end:
        raise MonthNotOver(f"month {body['month']} is not over: block time {fields.format_time(ctx.time)} "
                           f"< {fields.format_time(end)}")
    # Verify the month's price is not yet published
    recorded = state.get(keys.price(body["instrument"], body["month"]))
    if recorded is not None:
        raise AlreadyExists(f"the {body['month']} average price of {body['instrument']} was already published: "
                            f"{recorded['avg_price_fen']} fen/t at height {recorded['published_at']}")


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Store the price and emit it."""
    body = tx.body
    record = {"instrument": body["instrument"], "month": body["month"], "avg_price_fen": body["avg_price_fen"],
              "published_at": ctx.height, "tx": tx.id_hex}
    state.put(keys.price(body["instrument"], body["month"]), record)
    state.emit({"op": "price", **record})
