"""Status fixing: the feature file's scenarios plus a check that the hook runs once per year."""
from __future__ import annotations

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from contracts import status_fixing
from ledger import keys
from scenario import World, ms

from compliance_steps import *  # noqa: F403 (the steps the compliance features share)
from offset_steps import *  # noqa: F403 (the steps the offset features share)

scenarios("../features/status_fixing.feature")


@pytest.fixture
def read() -> dict:
    return {}


@given(parsers.parse('a block is made at "{time}"'))
@when(parsers.parse('a block is made at "{time}"'))
def _block(world: World, time: str) -> None:
    world.chain.block([], ms(time))


@when(parsers.parse('"{name}" surrenders {amount:d} t of {iid} for {year:d} in the correction period'))
def _late(world: World, name: str, amount: int, iid: str, year: int) -> None:
    world.run("surrender", {"account": world.id(name), "year": year, "instrument": iid, "amount": amount}, name)


@when(parsers.parse("the public {year:d} list is read"))
def _read(world: World, read: dict, year: int) -> None:
    read["list"] = status_fixing.list_public_statuses(world.chain.state, year)


@then(parsers.re(r"the (?P<year>\d+) status (?P<fixed>is|is not) fixed"))
def _fixed(world: World, year: str, fixed: str) -> None:
    assert (status_fixing.get_fixed_summary(world.chain.state, int(year)) is not None) == (fixed == "is")


@then(parsers.parse("the fixed {year:d} list reads {entries}"))
def _fixed_list(world: World, year: int, entries: str) -> None:
    expected = sorted((world.id(part.split('"')[1]), part.split('"')[2].strip()) for part in entries.split(", "))
    fixed = world.chain.state.scan(keys.fixed_status_prefix(year))
    assert [(record["account"], record["status"]) for _, record in fixed] == expected


@then(parsers.parse("the fixed {year:d} summary counts {entities:d} entities, handed in {covered:d} t of {verified:d} t, "
                    "{bp:d} bp"))
def _fixed_summary(world: World, year: int, entities: int, covered: int, verified: int, bp: int) -> None:
    s = status_fixing.get_fixed_summary(world.chain.state, year)
    assert (s["entities"], s["completion"], s["completion_bp"]) == (
        entities, {"numerator": covered, "denominator": verified}, bp)


@then(parsers.re(r'the public (?P<year>\d+) status of "(?P<name>[^"]+)" is "(?P<code>\w)", fixed "(?P<fixed>\w+)", '
                 r'(?P<changed>changed|unchanged) since the deadline'))
def _public(world: World, year: str, name: str, code: str, fixed: str, changed: str) -> None:
    status = status_fixing.compute_public_status(world.chain.state, int(year), world.id(name))
    fixed_code = status["fixed"]["status"] or "none"
    assert (status["status"], fixed_code, status["changed_since_deadline"]) == (code, fixed, changed == "changed")


@then("the 2024 status was fixed at the first of the two blocks")
def _fixed_once(world: World) -> None:
    first = world.chain.blocks[-2].header.height
    assert status_fixing.get_fixed_summary(world.chain.state, 2024)["fixed_at"] == first
    assert {record["fixed_at"] for _, record in world.chain.state.scan(keys.fixed_status_prefix(2024))} == {first}


@then(parsers.parse("it lists {names}"))
def _lists(world: World, read: dict, names: str) -> None:
    assert [s["account"] for s in read["list"]] == sorted(world.id(n.strip('" ')) for n in names.split(","))


# -- unit tests -------------------------------------------------------------------------


def test_public_status_before_the_deadline_has_nothing_fixed() -> None:
    world = World()
    account = world.entity("E1")
    status = status_fixing.compute_public_status(world.chain.state, 2024, account)
    assert (status["status"], status["fixed"], status["changed_since_deadline"]) == ("C", None, False)


@then(parsers.parse('the fixed {year:d} status of "{name}" is "{code}" with surrendered {cea:d} t and offset {ccer:d} t'))
def _fixed_apart(world: World, year: int, name: str, code: str, cea: int, ccer: int) -> None:
    fixed = world.chain.state.get(keys.fixed_status(year, world.id(name)))
    assert (fixed["status"], fixed["surrendered"], fixed["offset"]) == (code, cea, ccer), fixed


@then(parsers.parse("the fixed {year:d} summary shows {cea:d} t surrendered and {ccer:d} t offset by {n:d} entity"))
def _fixed_totals(world: World, year: int, cea: int, ccer: int, n: int) -> None:
    s = status_fixing.get_fixed_summary(world.chain.state, year)
    assert (s["surrendered"], s["offset"], s["offset_t"], s["offsetting_entities"]) == (cea, ccer, ccer, n), s
