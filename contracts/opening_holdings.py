"""Opening holdings at genesis: the checks of their rows, serial ranges and cover (contracts/opening.py).

A row names an account (a genesis participant, or a terminal account), a declared instrument, serial
ranges and a sub-state. Serials are positive integers up to 2^53 - 1; an instrument's ranges are
disjoint across all accounts and cover 1..N without a gap, so its issued count is N. Messages name
the row (`opening.holdings[3]`, or a CSV file's line) and both values. Feature: tests/features/opening.feature.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from ledger import serials
from ledger.constants import AVAILABLE, CANCELLED_ACCOUNT, MAX_SAFE_INTEGER, SUB_STATES, WITHDRAWN_ACCOUNT
from ledger.errors import InvalidField

from . import fields

HOLDING_KEYS = {"account", "instrument", "ranges"}
TERMINAL_PATTERN = re.compile(rf"(?:{CANCELLED_ACCOUNT}|{WITHDRAWN_ACCOUNT}|SURRENDERED-[0-9]{{4}})")

Label = Callable[[str, int], str]  # (section, row index) -> where the row came from, for messages


def default_label(section: str, index: int) -> str:
    """Where a row sits in the genesis document, e.g. opening.holdings[3]."""
    return f"opening.{section}[{index}]"


@contextmanager
def labelled(where: str) -> Iterator[None]:
    """Prefix the message of an InvalidField raised inside with `where` (a row of the document or a file line)."""
    try:
        yield
    except InvalidField as exc:
        raise InvalidField(f"{where}: {exc.message}") from None


def check_object(row: Any) -> dict[str, Any]:
    """Raise InvalidField unless `row` is a JSON object."""
    if not isinstance(row, dict):
        raise InvalidField(f"must be an object, got {row!r}")
    return row


def check_holding_row(row: Any, participants: dict[str, Any], instruments: dict[str, Any]) -> serials.Ranges:
    """The row's ranges; raise InvalidField for an unknown account or instrument, sub-state or bad serials."""
    fields.check_keys(check_object(row), HOLDING_KEYS, {"sub_state"})
    account, iid, sub = row["account"], row["instrument"], row.get("sub_state", AVAILABLE)
    # Verify the account is a genesis participant or a terminal account
    if not isinstance(account, str) or (account not in participants and not TERMINAL_PATTERN.fullmatch(account)):
        raise InvalidField(f"account {account!r} is neither a genesis participant nor a terminal account "
                           "(SURRENDERED-<year>, CANCELLED, WITHDRAWN)")
    # Verify the instrument is declared in the opening
    if not isinstance(iid, str) or iid not in instruments:
        raise InvalidField(f"instrument {iid!r} is not among the opening instruments")
    # Verify the sub-state is known, and a terminal account holds its units as available
    if sub not in SUB_STATES or (account not in participants and sub != AVAILABLE):
        raise InvalidField(f"sub_state {sub!r} of {account} is not one of "
                           f"{', '.join(SUB_STATES if account in participants else (AVAILABLE,))}")
    return check_serials(row["ranges"])


def check_serials(value: Any) -> serials.Ranges:
    """Ranges of positive serials up to 2^53 - 1, each first ≤ last; raise InvalidField naming both values."""
    # Verify the ranges are a non-empty list of [first, last] pairs
    if not isinstance(value, list) or not value or not all(isinstance(r, list) and len(r) == 2 for r in value):
        raise InvalidField(f"ranges must be a non-empty list of [first, last] serial pairs, got {value!r}")
    for first, last in value:
        for name, serial in (("first", first), ("last", last)):
            fields.get_int({name: serial}, name, 1, MAX_SAFE_INTEGER)
        # Verify the range is not reversed
        if first > last:
            raise InvalidField(f"serial range first {first} > last {last}")
    return serials.normalize(value)


def check_holdings(rows: list[Any], participants: dict[str, Any], instruments: dict[str, dict[str, Any]],
                   label: Label) -> None:
    """Raise InvalidField for a bad row, overlapping ranges, a gap, or an issued count that does not follow."""
    spans: dict[str, list[tuple[int, int, int]]] = {iid: [] for iid in instruments}
    for index, row in enumerate(rows):
        with labelled(label("holdings", index)):
            ranges = check_holding_row(row, participants, instruments)
        spans[row["instrument"]] += [(first, last, index) for first, last in ranges]
    for iid, found in spans.items():
        held = check_cover(iid, sorted(found), label)
        declared = instruments[iid].get("issued")
        # Verify a declared issued count is what the holdings add up to
        if declared is not None and declared != held:
            raise InvalidField(f"{label('instruments', instruments[iid]['index'])}: {iid} issued {declared} t "
                               f"≠ {held} t in its opening holdings")


def check_cover(iid: str, spans: list[tuple[int, int, int]], label: Label) -> int:
    """The tonnes of `iid`; raise InvalidField unless its sorted spans are disjoint and cover 1..N without a gap."""
    expected, previous = 1, None
    for first, last, index in spans:
        # Verify the range does not overlap the one before it (the first starts at serial 1 or above: normalize)
        if previous is not None and first < expected:
            raise InvalidField(f"{label('holdings', index)}: serials {first}–{last} of {iid} overlap "
                               f"{previous[0]}–{previous[1]} in {label('holdings', previous[2])}")
        # Verify no serial below it is missing
        if first > expected:
            raise InvalidField(f"{label('holdings', index)}: serials {expected}–{first - 1} of {iid} are in no holding; "
                               f"an instrument's opening ranges cover 1 to its last serial without a gap")
        expected, previous = last + 1, (first, last, index)
    return expected - 1
