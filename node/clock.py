"""Clocks for block time: the wall clock in production, a simulated calendar on a devnet.

Block time is `max(clock.now(), previous block time + 1)`: strictly increasing whatever the
clock does. Only the producer reads a clock; rules see block time as data.
"""
from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta, timezone
from typing import Protocol

from ledger.constants import CST_OFFSET_MS
from ledger.errors import InvalidField

CST = timezone(timedelta(milliseconds=CST_OFFSET_MS))


class Clock(Protocol):
    """Where block time comes from."""

    def now(self) -> int:
        """Milliseconds since the Unix epoch, UTC."""
        ...


class WallClock:
    """The machine's clock."""

    def now(self) -> int:
        """The current wall-clock time in milliseconds."""
        return time.time_ns() // 1_000_000


class SimClock:
    """A devnet calendar that moves only when told: a compliance year passes in minutes."""

    def __init__(self, start_ms: int) -> None:
        self._now = start_ms
        self._lock = threading.Lock()

    def now(self) -> int:
        """The simulated time in milliseconds."""
        with self._lock:
            return self._now

    def advance_to(self, ms: int) -> int:
        """Move the calendar to `ms`. Requires ms >= now(); raise InvalidField when going back."""
        with self._lock:
            # Verify the calendar never goes backwards
            if ms < self._now:
                raise InvalidField(f"time {format_time(ms)} is before the simulated time {format_time(self._now)}")
            self._now = ms
            return ms

    def advance(self, ms: int) -> int:
        """Move the calendar forward by `ms` milliseconds. Requires ms >= 0."""
        with self._lock:
            if ms < 0:
                raise InvalidField(f"cannot advance by a negative {ms} ms")
            self._now += ms
            return self._now


def block_time(clock: Clock, previous: int) -> int:
    """The time of the next block: the clock, but at least 1 ms after the previous block."""
    return max(clock.now(), previous + 1)


def parse_time(text: str) -> int:
    """An RFC 3339 date-time with offset as milliseconds; raise InvalidField otherwise."""
    try:
        moment = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        moment = None
    if moment is None or moment.tzinfo is None:
        raise InvalidField(f"time must be RFC 3339 with an offset, like 2025-12-31T23:59:59+08:00, got {text!r}")
    return to_ms(moment)


def to_ms(moment: datetime) -> int:
    """Milliseconds since the epoch of an aware datetime."""
    return (moment - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(milliseconds=1)


def format_time(ms: int) -> str:
    """Milliseconds since the epoch as RFC 3339 in China Standard Time."""
    moment = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=ms)
    return moment.astimezone(CST).isoformat(timespec="milliseconds")
