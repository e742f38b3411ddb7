"""Working days (工作日): weekends, public holidays and adjusted working weekends (调休), read from the ledger.

Each year's calendar follows the State Council's yearly notice on public holidays (国务院办公厅关于<year>年部分
节假日安排的通知): the days off, and the Saturdays and Sundays worked instead. The MEE puts a year on the
ledger under `calendar/<year>` (transaction set_calendar, or the genesis `params.calendar`). A day is a
working day when it is a Monday to Friday not listed as a holiday, or a listed adjusted working day. Days
are dates in China Standard Time. Counting into a year that is not on the ledger raises CalendarMissing:
the ledger never guesses a holiday. Used by lost-key recovery (its waiting period) and by publicity
windows ("20 working days", S8 Art.12, 19).
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from ledger import keys
from ledger.account_errors import CalendarMissing
from ledger.state import State

from .fields import CST, EPOCH

MAX_WORKING_DAYS = 366  # the longest count a rule may ask for: a year of working days
SATURDAY = 5  # date.weekday(): Monday is 0


def get_calendar_year(state: State, year: int) -> dict[str, Any]:
    """The calendar record of `year`; raise CalendarMissing if the MEE has not put it on the ledger."""
    record: dict[str, Any] | None = state.get(keys.calendar(year))
    if record is None:
        raise CalendarMissing(f"the working-day calendar of {year} is not on the ledger: the MEE adds it "
                              f"(set_calendar) from the State Council's holiday notice for {year}")
    return record


def is_working_day(state: State, day: date) -> bool:
    """True when `day` is a working day by its year's calendar on the ledger; raise CalendarMissing."""
    record = get_calendar_year(state, day.year)
    text = day.isoformat()
    if text in record["adjusted_working_days"]:
        return True
    return day.weekday() < SATURDAY and text not in record["holidays"]


def compute_cst_date(time_ms: int) -> date:
    """The date in China Standard Time of a block time (ms since the epoch)."""
    return (EPOCH + timedelta(milliseconds=time_ms)).astimezone(CST).date()


def compute_day_start(day: date) -> int:
    """00:00 China Standard Time of `day`, in ms since the epoch."""
    return (datetime(day.year, day.month, day.day, tzinfo=CST) - EPOCH) // timedelta(milliseconds=1)


def compute_add_working_days(state: State, time_ms: int, n: int) -> int:
    """The moment `n` working days after `time_ms`: the end (24:00 CST) of the n-th working day after its day.

    The day of `time_ms` itself never counts, whatever the hour, so a period that starts at 09:00 and one
    that starts at 23:59 end together. Requires 1 <= n <= 366; raise CalendarMissing when the count reaches
    a year not on the ledger."""
    day, counted = compute_cst_date(time_ms), 0
    while counted < n:
        day += timedelta(days=1)
        counted += is_working_day(state, day)
    return compute_day_start(day + timedelta(days=1))
