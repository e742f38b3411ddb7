"""The demo's population and outcomes: the report's national figures, deterministic from a seed."""
from __future__ import annotations

from collections import Counter

import pytest

from cli.demo.outcomes import DEFAULTER, FORCED, NORMAL, build_outcomes
from cli.demo.population import NATIONAL_ENTITIES, THRESHOLD_T, build_population, compute_sector_counts
from cli.provinces import CODES
from contracts.fields import is_uscc
from ledger.constants import BP


@pytest.fixture(scope="module")
def national():
    population = build_population()
    return population, build_outcomes(population)


def test_national_population_matches_the_report(national):
    population, _ = national
    assert len(population) == NATIONAL_ENTITIES == 3_534
    assert Counter(e.sector for e in population) == {"power": 2_200, "cement": 1_050, "steel": 195, "aluminium": 89}
    by_sector = Counter()
    for e in population:
        by_sector[e.sector] += e.verified
    assert by_sector["power"] == 5_000_000_000
    assert sum(by_sector.values()) == 8_000_000_000


def test_population_entities_are_valid(national):
    population, _ = national
    assert all(is_uscc(e.account) and e.account[2:4] == e.province for e in population)
    assert len({e.account for e in population}) == len(population)
    assert {e.province for e in population} == set(CODES)
    assert min(e.verified for e in population) >= THRESHOLD_T
    assert all((e.previous > 0) == (e.sector == "power") for e in population)


def test_population_is_deterministic():
    assert build_population(200, seed=7) == build_population(200, seed=7)
    assert build_population(200, seed=7) != build_population(200, seed=8)


@pytest.mark.parametrize("entities", [4, 40, 333, 3_534])
def test_sector_counts_sum_up(entities):
    counts = compute_sector_counts(entities)
    assert sum(counts.values()) == entities and min(counts.values()) >= 1


def test_national_outcomes_have_four_defaulters_at_99_98_percent(national):
    _, outcomes = national
    roles = Counter(o.role for o in outcomes)
    assert roles[DEFAULTER] == 4 and roles[FORCED] == 10
    shortfall = sum(o.entity.verified - o.allocation for o in outcomes if o.role == DEFAULTER)
    verified = sum(o.entity.verified for o in outcomes)
    assert (verified - shortfall) * BP // verified == 9_998


def test_outcomes_normal_entities_can_all_comply(national):
    _, outcomes = national
    normal = [o for o in outcomes if o.role == NORMAL]
    assert sum(o.allocation for o in normal) >= sum(o.entity.verified for o in normal)
    assert all(o.allocation >= o.entity.verified for o in outcomes if o.role == FORCED)


def test_outcomes_new_sectors_get_exactly_their_emissions(national):
    _, outcomes = national
    assert all(o.allocation == o.entity.verified for o in outcomes if o.entity.sector != "power")


def test_outcomes_some_power_entities_hit_the_80_percent_floor(national):
    _, outcomes = national
    floored = [o for o in outcomes if o.final_milli // 1000 < o.allocation]
    assert floored and all(o.allocation == o.entity.verified * 8_000 // BP for o in floored)
