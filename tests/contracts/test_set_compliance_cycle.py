"""Set compliance cycle: the feature file's scenarios plus unit tests of its shape checks and atomicity."""
from __future__ import annotations

import json

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from contracts import set_compliance_cycle
from contracts.records import get_cycle
from ledger import keys
from ledger.errors import InvalidField
from scenario import World, compliance_cycle, ms, vintage

scenarios("../features/set_compliance_cycle.feature")

SET_CYCLE = (r'"(?P<signer>[^"]+)" sets cycle (?P<year>\d+): deadline "(?P<deadline>[^"]+)", vintages "(?P<vintages>[^"]*)"'
             r'(?:, (?P<ratio>\w+_bp) (?P<bp>-?\d+))?(?:, at (?P<offset>-?\d+) ms from the deadline)?')


@given(parsers.parse('the MEE set cycle {year:d}: deadline "{deadline}", vintages "{vintages}"'))
def _cycle(world: World, year: int, deadline: str, vintages: str) -> None:
    compliance_cycle(world.chain, year, deadline, vintages.split(","))


@when(parsers.re(SET_CYCLE))
def _set(world: World, signer: str, year: str, deadline: str, vintages: str, ratio: str | None, bp: str | None,
         offset: str | None) -> None:
    body = {"year": int(year), "deadline": deadline, "eligible_vintages": vintages.split(",")}
    if ratio:
        body[ratio] = int(bp)
    time = get_cycle(world.chain.state, int(year))["deadline"] + int(offset) if offset else None
    world.run("set_compliance_cycle", body, signer, time=time)


@then(parsers.parse("cycle {year:d} has offset_cap_bp {cap:d}, pre_allocation_bp {pre:d} and shortfall_floor_bp {floor:d}"))
def _ratios(world: World, year: int, cap: int, pre: int, floor: int) -> None:
    cycle = get_cycle(world.chain.state, year)
    assert (cycle["offset_cap_bp"], cycle["pre_allocation_bp"], cycle["shortfall_floor_bp"]) == (cap, pre, floor)


@then(parsers.parse('cycle {year:d} has deadline "{deadline}" and vintages "{vintages}"'))
def _deadline(world: World, year: int, deadline: str, vintages: str) -> None:
    cycle = get_cycle(world.chain.state, year)
    assert (cycle["deadline"], cycle["eligible_vintages"]) == (ms(deadline), tuple(vintages.split(",")))
    assert cycle["set_at"] == world.chain.tip.height


@given(parsers.parse('the MEE set cycle {year:d}: deadline "{deadline}", vintages "{vintages}", with {ratio} {bp:d}'))
def _cycle_with(world: World, year: int, deadline: str, vintages: str, ratio: str, bp: int) -> None:
    compliance_cycle(world.chain, year, deadline, vintages.split(","), **{ratio: bp})


@when(parsers.parse('"{signer}" re-sets cycle {year:d} with only {name} {value}'))
def _reset(world: World, signer: str, year: int, name: str, value: str) -> None:
    world.run("set_compliance_cycle", {"year": year, name: json.loads(value)}, signer)


@then(parsers.parse("cycle {year:d} keeps {name} {value}"))
def _keeps(world: World, year: int, name: str, value: str) -> None:
    expected = json.loads(value)
    expected = ms(expected) if name == "deadline" else expected
    assert get_cycle(world.chain.state, year)[name] == expected


@when(parsers.parse('"{signer}" sets cycle {year:d} with pre_allocation_bp {bp:d} and the {sector} rule '
                    'pre_allocation_bp {sector_bp:d}, final "{final}"'))
def _set_sector(world: World, signer: str, year: int, bp: int, sector: str, sector_bp: int, final: str) -> None:
    body = {"year": year, "deadline": f"{year + 1}-12-31T23:59:59+08:00", "eligible_vintages": [f"CEA-{year}"],
            "pre_allocation_bp": bp, "sector_rules": {sector: {"pre_allocation_bp": sector_bp, "final": final}}}
    world.run("set_compliance_cycle", body, signer)


@then(parsers.parse('the {sector} rule of cycle {year:d} is pre_allocation_bp {bp:d}, final "{final}"'))
def _sector_rule(world: World, sector: str, year: int, bp: int, final: str) -> None:
    rule = set_compliance_cycle.get_sector_rule(get_cycle(world.chain.state, year), sector)
    assert rule == {"pre_allocation_bp": bp, "final": final}


# -- unit tests -------------------------------------------------------------------------


def body(**changes) -> dict:
    return {"year": 2024, "deadline": "2025-12-31T23:59:59+08:00", "eligible_vintages": ["CEA-2024"], **changes}


@pytest.mark.parametrize("bad", [
    body(year=2012), body(deadline="2025-12-31"), body(deadline="2025-12-31T23:59:59"), body(eligible_vintages=[]),
    body(eligible_vintages=["CEA-2024", "CEA-2024"]), body(eligible_vintages="CEA-2024"), body(eligible_vintages=[2024]),
    body(pre_allocation_bp=10001), body(shortfall_floor_bp=-1), body(offset_cap_bp="500"), body(extra=1),
    {"year": 2024}, body(sector_rules=[]), body(sector_rules={"coal": {"pre_allocation_bp": 0, "final": "plan"}}),
    body(sector_rules={"steel": {"pre_allocation_bp": 0}}), body(sector_rules={"steel": "0:verified"}),
    body(sector_rules={"steel": {"pre_allocation_bp": 0, "final": "verified", "extra": 1}}),
    body(sector_rules={"steel": {"pre_allocation_bp": True, "final": "plan"}}),
])
def test_invalid_shape(bad: dict) -> None:
    with pytest.raises(InvalidField):
        set_compliance_cycle.check_shape(bad)


def test_update_keeps_fields_other_modules_added() -> None:
    world = World()
    vintage(world.chain, 2024)
    compliance_cycle(world.chain, 2024, "2025-12-31T23:59:59+08:00", ["CEA-2024"])
    record = world.chain.state.get(keys.cycle(2024))
    world.chain.state.put(keys.cycle(2024), {**record, "ccer_registered_after": 1})
    compliance_cycle(world.chain, 2024, "2026-01-31T23:59:59+08:00", ["CEA-2024"])
    assert get_cycle(world.chain.state, 2024)["ccer_registered_after"] == 1


def test_invalid_cycle_leaves_state_unchanged() -> None:
    world = World()
    vintage(world.chain, 2025)
    before = world.chain.state.root()
    world.run("set_compliance_cycle", body(eligible_vintages=["CEA-2025"]), "MEE")
    assert world.receipt["code"] == "vintage_not_eligible"
    assert "vintage 2025 > cycle year 2024" in world.receipt["message"]
    assert world.chain.state.root() == before


def test_a_re_set_may_name_a_single_field() -> None:
    set_compliance_cycle.check_shape({"year": 2024, "offset_cap_bp": 300})
    set_compliance_cycle.check_shape({"year": 2025, "sector_rules": {}})


def test_compute_defaults_by_year() -> None:
    assert set_compliance_cycle.compute_defaults(2023)["sector_rules"] == {}
    assert set(set_compliance_cycle.compute_defaults(2024)["sector_rules"]) == {"steel", "cement", "aluminium"}
    assert set_compliance_cycle.compute_defaults(2025) == {**set_compliance_cycle.RATIOS, "sector_rules": {},
                                                          "covered_sectors": ("power", "steel", "cement", "aluminium")}
    assert set_compliance_cycle.compute_defaults(2023)["covered_sectors"] == ("power",)
