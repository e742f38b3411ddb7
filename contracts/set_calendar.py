"""Set a year's working-day calendar: the MEE adds or replaces the holidays and adjusted working days of one year.

The body copies the State Council's holiday notice for the year: every day off (`holidays`, weekend days
of a holiday block may be listed too) and every Saturday or Sunday worked instead (`adjusted_working_days`),
as YYYY-MM-DD dates of that year, with the notice named in `source`. A replacement changes only later
counts: a waiting period already computed keeps its end. The genesis may carry the same bodies
(`params.calendar`). Transaction type `set_calendar`. How days are counted: contracts/working_days.py.
Feature: tests/features/set_calendar.feature.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any

from ledger import keys
from ledger.chain import BlockContext
from ledger.errors import InvalidField
from ledger.state import State
from ledger.tx import Transaction

from . import fields
from .roles import MEE, check_signed_by_role
from .working_days import SATURDAY

REQUIRED = {"year", "holidays", "adjusted_working_days", "source"}
DATE_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def get_dates(body: dict[str, Any], name: str) -> list[date]:
    """A list of distinct YYYY-MM-DD dates, all in the body's year."""
    value = body.get(name)
    if not isinstance(value, list) or len(value) > 366 or len(set(map(str, value))) != len(value):
        raise InvalidField(f"{name} must be a list of at most 366 distinct dates, got {value!r}")
    days = []
    for text in value:
        try:
            day = date.fromisoformat(text) if isinstance(text, str) and DATE_PATTERN.fullmatch(text) else None
        except ValueError:
            day = None
        # Verify each date is a real YYYY-MM-DD date of the calendar's year
        if day is None or day.year != body["year"]:
            raise InvalidField(f"{name}: {text!r} is not a date of {body['year']} written YYYY-MM-DD")
        days.append(day)
    return days


def check_shape(body: dict[str, Any]) -> None:
    """A year, its holidays and adjusted working days (weekend dates only), none in both lists, and the source."""
    fields.check_keys(body, REQUIRED)
    fields.get_year(body)
    fields.get_str(body, "source", 512)
    holidays, worked = get_dates(body, "holidays"), get_dates(body, "adjusted_working_days")
    # Verify an adjusted working day is a Saturday or a Sunday (a weekday is a working day anyway)
    for day in worked:
        if day.weekday() < SATURDAY:
            raise InvalidField(f"adjusted_working_days: {day} is a {day.strftime('%A')}; only a Saturday or Sunday "
                               "can be an adjusted working day")
    # Verify no day is both a holiday and a working day
    both = sorted(set(holidays) & set(worked))
    if both:
        raise InvalidField(f"{both[0]} is in both holidays and adjusted_working_days")


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """The MEE signed."""
    # Verify the MEE signed
    check_signed_by_role(state, tx, MEE)


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Write the year's calendar over any earlier one; emit what changed."""
    replaced = state.get(keys.calendar(tx.body["year"])) is not None
    apply_calendar(state, tx.body, ctx.height)
    state.emit({"op": "calendar", "year": tx.body["year"], "replaced": replaced, "height": ctx.height})


def apply_calendar(state: State, body: dict[str, Any], height: int) -> None:
    """Write `calendar/<year>` with sorted dates (also used by genesis). Requires check_shape(body)."""
    state.put(keys.calendar(body["year"]), {
        "year": body["year"], "holidays": tuple(sorted(body["holidays"])),
        "adjusted_working_days": tuple(sorted(body["adjusted_working_days"])), "source": body["source"], "set_at": height,
    })


def check_genesis_calendar(value: Any) -> None:
    """Raise InvalidField unless the genesis `params.calendar` is a list of set_calendar bodies, one per year."""
    # Verify the calendar is a list of years
    if not isinstance(value, list):
        raise InvalidField("params.calendar must be a list of set_calendar bodies (year, holidays, "
                           "adjusted_working_days, source)")
    for body in value:
        if not isinstance(body, dict):
            raise InvalidField(f"params.calendar: each year is an object, got {body!r}")
        check_shape(body)
    years = [body["year"] for body in value]
    # Verify each year appears once
    if len(set(years)) != len(years):
        raise InvalidField(f"params.calendar names a year twice: {sorted(years)}")
