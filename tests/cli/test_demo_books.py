"""The demo's genesis books (cli/demo/books.py): the registry as of 2025-01-01, balanced from block 1."""
from __future__ import annotations

import pytest

from cli.demo.books import NATIONAL_SURPLUS_T, OLD_VINTAGES, build_books, compute_surpluses
from cli.demo.population import build_population
from contracts.compliance_status import summary
from ledger import keys, serials
from local_chain import run_plan


@pytest.fixture(scope="module")
def run():
    return run_plan(40, 100)


def held(state, iid: str) -> dict[str, int]:
    """Tonnes of `iid` per account, every sub-state, terminal accounts included."""
    out = {}
    for key, holding in state.items():
        if key.startswith("holding/") and key.endswith(f"/{iid}"):
            out[key.split("/")[1]] = sum(serials.count(r) for r in holding.values())
    return out


@pytest.mark.parametrize("iid", OLD_VINTAGES)
def test_old_vintages_balance_after_the_whole_year(run, iid):
    accounts = held(run.state, iid)
    assert run.state.get(keys.instrument(iid))["issued"] == sum(accounts.values()) > 0
    assert any(a.startswith("SURRENDERED-") for a in accounts) and any(not a.startswith("SURRENDERED-") for a in accounts)


def test_every_power_entity_brings_its_2023_record(run):
    power = [e for e in run.plan.population if e.previous]
    for e in power:
        record = run.state.get(keys.obligation(2023, e.account))
        assert (record["verified"], record["surrendered"], record["province"]) == (e.previous, e.previous, e.province)
    assert all(run.state.get(keys.obligation(2023, e.account)) is None for e in run.plan.population if not e.previous)
    s = summary(run.state, 2023)
    assert s["by_status"]["A"] == s["entities"] == len(power) and s["completion_bp"] == 10_000
    assert sum(held(run.state, iid).get("SURRENDERED-2023", 0) for iid in OLD_VINTAGES) == sum(e.previous for e in power)


def test_the_2023_cycle_names_every_old_vintage(run):
    cycle = run.state.get(keys.cycle(2023))
    assert list(cycle["eligible_vintages"]) == list(OLD_VINTAGES) and cycle["pre_allocation_bp"] == 7_000


def test_national_surplus_matches_the_report():
    population = build_population()
    surpluses = compute_surpluses(population, 2024)
    assert len(surpluses) == 564
    assert NATIONAL_SURPLUS_T - len(surpluses) <= sum(surpluses.values()) <= NATIONAL_SURPLUS_T
    books = build_books(population, 2024)
    holders = {row["account"] for row in books["holdings"] if not row["account"].startswith("SURRENDERED-")}
    assert holders == set(surpluses)


def test_books_are_deterministic():
    population = build_population(50, 3)
    assert build_books(population, 3) == build_books(population, 3)
