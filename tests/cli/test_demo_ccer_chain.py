"""The demo's CCER market executed with the real rules on an in-memory chain (tests/cli/local_chain.py)."""
from __future__ import annotations

from collections import Counter

import pytest

from cli.demo.ccer import issued_units
from cli.demo.ccer_market import CANCELLATIONS, cap_of
from cli.demo.ccer_parties import PROJECTS
from ledger import keys, serials
from local_chain import run_plan


@pytest.fixture(scope="module")
def run():
    return run_plan(60, 300)


def test_only_the_attempts_are_refused_each_with_its_code(run):
    expected = Counter({(p.key, p.expect): len(p.txs) for p in run.plan.phases if p.expect})
    assert run.refused == expected and len(expected) == 5


def test_every_project_is_registered_and_issued_with_its_provenance(run):
    for p in PROJECTS:
        project = run.state.get(keys.project(p.pid))
        assert project["status"] == "registered" and project["owner"] == run.plan.accounts[p.owner]
        assert project["validating_vvb"] == run.plan.accounts[p.validating]
    for (_owner, iid), t in issued_units().items():
        instrument = run.state.get(keys.instrument(iid))
        assert (instrument["kind"], instrument["issued"]) == ("CCER", t)


def units(state, iid: str) -> int:
    """Tonnes of `iid` in every account and sub-state, terminal accounts included."""
    return sum(serials.count(r) for key, holding in state.scan("holding/") if key.endswith(f"/{iid}")
               for r in holding.values())


def test_ccer_supply_balances(run):
    for _, iid in issued_units():
        assert units(run.state, iid) == run.state.get(keys.instrument(iid))["issued"], iid


def test_certificates_for_every_purpose(run):
    certificates = [record for _, record in run.state.scan("ccer/certificate/")]
    by_purpose = Counter()
    for c in certificates:
        by_purpose[c["purpose"]] += c["amount"]
    voluntary = Counter()
    for _, purpose, amount, _, _ in CANCELLATIONS:
        voluntary[purpose] += amount
    assert {p: by_purpose[p] for p in voluntary} == dict(voluntary)
    assert by_purpose["national_ets_offset"] == sum(run.plan.ccer.offsets.values())


def test_offsets_recorded_within_the_cap_and_nothing_left_pending(run):
    outcomes = {o.entity.account: o for o in run.plan.outcomes}
    for account, t in run.plan.ccer.offsets.items():
        record = run.state.get(keys.obligation(2024, account))
        assert record["offset"] == t <= cap_of(outcomes[account])
    assert list(run.state.scan(keys.pending_offset_prefix(2024))) == []
