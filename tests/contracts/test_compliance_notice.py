"""Compliance notice: the feature file's scenarios plus unit tests of the offset cap."""
from __future__ import annotations

import pytest
from pytest_bdd import parsers, scenarios, then, when

from contracts import compliance_notice
from ledger.errors import LedgerError
from scenario import World, ms

from compliance_steps import *  # noqa: F403 (the steps the compliance features share)

scenarios("../features/compliance_notice.feature")


@pytest.fixture
def notice() -> dict:
    return {}


@when(parsers.parse('the {year:d} notice of "{name}" is read'))
def _read(world: World, notice: dict, year: int, name: str) -> None:
    try:
        notice["value"] = compliance_notice.compute_notice(world.chain.state, year, world.id(name))
    except LedgerError as exc:
        notice["error"] = exc.code


@then(parsers.parse('the notice reads an obligation of {tonnes:d} t due "{deadline}"'))
def _obligation(notice: dict, tonnes: int, deadline: str) -> None:
    value = notice["value"]
    assert (value["obligation_t"], value["deadline"], value["deadline_text"]) == (tonnes, ms(deadline), deadline)


@then(parsers.parse("the notice reads {allocated:d} t allocated to date, {pre:d} t of it pre-allocated"))
def _allocation(notice: dict, allocated: int, pre: int) -> None:
    allocation = notice["value"]["allocation"]
    assert (allocation["allocated"], allocation["pre_allocated"]) == (allocated, pre)


@then(parsers.parse("the notice reads an offset cap of {cap:d} t"))
def _cap(notice: dict, cap: int) -> None:
    assert (notice["value"]["offset_cap_t"], notice["value"]["offset_cap_bp"]) == (cap, 500)


@then("the notice reads no obligation and no offset cap")
def _none(notice: dict) -> None:
    assert (notice["value"]["obligation_t"], notice["value"]["offset_cap_t"], notice["value"]["status"]) == (None, None, "C")


@then(parsers.parse('reading fails with "{code}"'))
def _fails(notice: dict, code: str) -> None:
    assert notice.get("error") == code, notice


# -- unit tests -------------------------------------------------------------------------


@pytest.mark.parametrize("obligation, bp, cap", [(None, 500, None), (0, 500, 0), (19, 500, 0), (20, 500, 1),
                                                 (120_000, 500, 6000), (120_000, 0, 0)])
def test_compute_offset_cap_rounds_down(obligation: int | None, bp: int, cap: int | None) -> None:
    assert compliance_notice.compute_offset_cap(obligation, bp) == cap
