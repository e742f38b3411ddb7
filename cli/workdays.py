"""The project's working-day calendar of mainland China (cli/data/cn-workdays.json), for the genesis and set-calendar.

Each year in the file is the body of a `set_calendar` transaction, so the same data goes into a genesis
(`params.calendar`) or into the MEE's transaction. The file ships with the package; extend it with each
new State Council holiday notice. What the fields mean: contracts/set_calendar.py.
"""
from __future__ import annotations

import json
from importlib import resources
from typing import Any

from contracts.set_calendar import check_genesis_calendar

from .console import CliError

DATA_FILE = "cn-workdays.json"


def load_calendar() -> list[dict[str, Any]]:
    """Every year of the project's calendar, as set_calendar bodies, oldest first (checked like a genesis calendar)."""
    text = resources.files("cli").joinpath("data", DATA_FILE).read_text(encoding="utf-8")
    years = json.loads(text)["years"]
    check_genesis_calendar(years)
    return sorted(years, key=lambda body: body["year"])


def get_calendar_body(year: int) -> dict[str, Any]:
    """The set_calendar body of `year` from the project's calendar; raise CliError when the file lacks it."""
    for body in load_calendar():
        if body["year"] == year:
            return body
    known = ", ".join(str(body["year"]) for body in load_calendar())
    raise CliError("no_calendar", f"the project's calendar has no year {year} (it has {known}): "
                                  "give --file with that year's set_calendar body")
