"""Set calendar and the working-day counts (contracts/working_days.py): the feature's scenarios plus the genesis path."""
from __future__ import annotations

from datetime import date

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from cli.workdays import get_calendar_body, load_calendar
from contracts.genesis import genesis_state
from contracts.set_calendar import check_shape
from contracts.working_days import compute_add_working_days, is_working_day
from helpers import genesis_doc
from ledger import keys
from ledger.errors import InvalidField
from ledger.account_errors import CalendarMissing
from scenario import World, ms

scenarios("../features/set_calendar.feature")

SET = (r'"(?P<signer>[^"]+)" (?:sets|set) the calendar of (?P<year>\d+) with holidays "(?P<holidays>[^"]*)" '
       r'and adjusted working days "(?P<worked>[^"]*)"')


def set_calendar(world: World, signer: str, year: str, holidays: str, worked: str) -> None:
    body = {"year": int(year), "holidays": [d for d in holidays.split(",") if d],
            "adjusted_working_days": [d for d in worked.split(",") if d], "source": "国务院办公厅关于部分节假日安排的通知"}
    world.run("set_calendar", body, signer)


@when(parsers.re(SET))
def _set(world: World, signer: str, year: str, holidays: str, worked: str) -> None:
    set_calendar(world, signer, year, holidays, worked)


@given(parsers.re(SET))
def _was_set(world: World, signer: str, year: str, holidays: str, worked: str) -> None:
    set_calendar(world, signer, year, holidays, worked)
    world.check_result("ok")


@then(parsers.re(r'(?P<day>\d{4}-\d\d-\d\d) is (?P<kind>a working day|not a working day)'))
def _is_working_day(world: World, day: str, kind: str) -> None:
    assert is_working_day(world.chain.state, date.fromisoformat(day)) == (kind == "a working day")


@then(parsers.parse('{n:d} working days after "{start}" end at "{end}"'))
def _add(world: World, n: int, start: str, end: str) -> None:
    assert compute_add_working_days(world.chain.state, ms(start), n) == ms(end)


@then(parsers.parse('counting {n:d} working days after "{start}" fails with "{code}"'))
def _add_fails(world: World, n: int, start: str, code: str) -> None:
    with pytest.raises(CalendarMissing) as failure:
        compute_add_working_days(world.chain.state, ms(start), n)
    assert failure.value.code == code


# -- unit tests -------------------------------------------------------------------------


def test_the_project_calendar_has_2024_to_2026_with_their_sources() -> None:
    years = load_calendar()
    assert [body["year"] for body in years] == [2024, 2025, 2026]
    assert all("国务院办公厅" in body["source"] for body in years)
    assert len(get_calendar_body(2025)["adjusted_working_days"]) == 5


def test_genesis_carries_the_calendar_sorted() -> None:
    doc = genesis_doc()
    doc["params"]["calendar"] = [{**get_calendar_body(2025), "holidays": list(reversed(get_calendar_body(2025)["holidays"]))}]
    state, _ = genesis_state(doc)
    record = state.get(keys.calendar(2025))
    assert record["holidays"][0] == "2025-01-01" and record["set_at"] == 0
    assert state.get(keys.calendar(2024)) is None


@pytest.mark.parametrize("calendar", [
    {"year": 2025}, [get_calendar_body(2025), get_calendar_body(2025)], ["2025"],
    [{**get_calendar_body(2025), "adjusted_working_days": ["2025-10-10"]}],
])
def test_invalid_genesis_calendar(calendar) -> None:
    doc = genesis_doc()
    doc["params"]["calendar"] = calendar
    with pytest.raises(InvalidField):
        genesis_state(doc)


@pytest.mark.parametrize("bad", [
    {"year": 2027, "holidays": [], "adjusted_working_days": []},
    {"year": 2027, "holidays": "2027-01-01", "adjusted_working_days": [], "source": "x"},
    {"year": 2027, "holidays": ["2027-01-01T00:00"], "adjusted_working_days": [], "source": "x"},
    {"year": 2027, "holidays": ["２０２７-01-01"], "adjusted_working_days": [], "source": "x"},
    {"year": 2027, "holidays": [], "adjusted_working_days": [], "source": ""},
])
def test_invalid_shape(bad: dict) -> None:
    with pytest.raises(InvalidField):
        check_shape(bad)
