"""The demo's CCER market as planned (cli/demo/ccer*.py): the report's figures, the windows, the caps, the attempts."""
from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest

from cli.demo.ccer import CalendarView, issued_units, lifecycle
from cli.demo.ccer_market import CANCELLATIONS, NATIONAL_OFFSET_T, cap_of
from cli.demo.ccer_parties import AFFORESTATION, OFFSHORE_WIND, PROJECTS, SOLAR_THERMAL, VVBS, make_accounts
from cli.demo.outcomes import NORMAL
from cli.demo.plan import build_plan
from contracts.ccer import PURPOSES, compute_window_close
from contracts.fields import is_uscc
from node.clock import parse_time

DAY_MS = 86_400_000


@pytest.fixture(scope="module")
def national():
    return build_plan(3_534, 0, 2024)


def phase_of(plan_phases, key):
    return next(p for p in plan_phases if p.key == key)


def test_first_batch_is_the_reports_nine_projects():
    first = [p for p in PROJECTS if p.batch == 1]
    assert Counter(p.methodology for p in first) == {OFFSHORE_WIND: 7, SOLAR_THERMAL: 2}
    assert sum(p.tonnes for p in first) == 9_480_000
    assert next(p for p in first if p.pid == "OW-JS-DONGTAI").tonnes == 857_000
    assert {"32", "62"} <= {p.province for p in first}


def test_second_batch_has_the_first_afforestation_project():
    second = [p for p in PROJECTS if p.batch == 2]
    assert sum(p.tonnes for p in second) == 3_220_000
    assert [p.methodology for p in second].count(AFFORESTATION) == 1
    assert sum(issued_units(2).values()) == 3_220_000 and sum(issued_units().values()) == 12_700_000


def test_verifier_is_never_the_validator_and_both_are_accredited_for_the_field():
    fields = {key: set(f) for key, _, _, f in VVBS}
    for p in PROJECTS:
        assert p.verifying != p.validating
        assert p.methodology[5:7] in fields[p.validating] & fields[p.verifying]


@pytest.mark.parametrize("batch, opened, reported", [(1, "submit", "validate"), (1, "report", "verify"),
                                                      (2, "submit", "validate"), (2, "report", "verify")])
def test_reports_come_on_the_day_the_window_closes_on_the_real_calendar(batch, opened, reported):
    phases = lifecycle(make_accounts())
    close = compute_window_close(CalendarView(), parse_time(phase_of(phases, f"ccer-{batch}-{opened}").time))
    report = parse_time(phase_of(phases, f"ccer-{batch}-{reported}").time)
    assert report >= close > report - DAY_MS  # at the window's close, not a day before


def test_issuance_in_march_and_by_august_2025():
    phases = lifecycle(make_accounts())
    assert phase_of(phases, "ccer-1-issue").time.startswith("2025-03")
    assert "2025-07" <= phase_of(phases, "ccer-2-issue").time[:7] <= "2025-08"


def test_the_refused_attempts_one_per_code(national):
    attempts = Counter(p.expect for p in national.phases if p.expect)
    assert attempts == {"publicity_window_open": 1, "commitment_missing": 1, "same_vvb": 1, "offset_cap_exceeded": 1,
                        "deadline_passed": 1}
    early = phase_of(national.phases, "refused-window")
    assert parse_time(early.time) < compute_window_close(CalendarView(), parse_time(phase_of(national.phases, "ccer-2-submit").time))
    assert parse_time(phase_of(national.phases, "refused-deadline").time) > parse_time("2025-12-31T23:59:59+08:00")
    alone = phase_of(national.phases, "refused-commitment").txs[0]
    both = next(t for t in phase_of(national.phases, "ccer-2-apply").txs if t.body == alone.body)
    assert alone.signers == both.signers[:1] and len(both.signers) == 2


def test_offsets_match_the_report_within_each_cap(national):
    offsets, outcomes = national.ccer.offsets, {o.entity.account: o for o in national.outcomes}
    assert len(offsets) == 58 and len({outcomes[a].entity.province for a in offsets}) == 18
    assert NATIONAL_OFFSET_T - 100 <= sum(offsets.values()) <= NATIONAL_OFFSET_T
    assert all(0 < t <= cap_of(outcomes[a]) and outcomes[a].role == NORMAL for a, t in offsets.items())
    first = next(iter(offsets))
    assert offsets[first] == cap_of(outcomes[first])  # at the cap: one tonne more is the refused attempt


def test_offsets_scale_with_the_population():
    from cli.demo.ccer_market import compute_offsets
    from cli.demo.outcomes import build_outcomes
    from cli.demo.population import build_population
    offsets = compute_offsets(build_outcomes(build_population(60)), 2024)
    assert len(offsets) == 1 and 0 < sum(offsets.values()) <= NATIONAL_OFFSET_T * 60 // 3_534 * 2


def test_lots_never_sell_more_than_issued_and_cover_each_offset(national):
    sold = Counter()
    for lots in national.ccer.holder_lots.values():
        sold.update({(owner, iid): t for owner, iid, t in lots})
    for account, lots in national.ccer.entity_lots.items():
        assert sum(t for _, (_, _, t) in lots) == national.ccer.offsets[account] + (account == next(iter(national.ccer.offsets)))
        for _, (owner, iid, t) in lots:
            sold[(owner, iid)] += t
    issued = issued_units()
    assert all(t <= issued[k] for k, t in sold.items())


def test_freezes_and_surrenders_offset_exactly_the_plan(national):
    for key in ("ccer-freeze", "ccer-surrender"):
        bodies = [t.body for t in phase_of(national.phases, key).txs]
        assert sum(b["amount"] for b in bodies) == sum(national.ccer.offsets.values())
        assert {b["account"] for b in bodies} == set(national.ccer.offsets)


def test_cea_surrender_shrinks_by_the_offset(national):
    surrendered = {t.body["account"]: t.body["amount"] for t in phase_of(national.phases, "surrender").txs}
    outcomes = {o.entity.account: o for o in national.outcomes}
    for account, t in national.ccer.offsets.items():
        assert surrendered[account] == outcomes[account].entity.verified - t


def test_cancellations_cover_every_voluntary_purpose(national):
    voluntary = set(PURPOSES) - {"national_ets_offset", "fraud_remedy"}
    assert {purpose for _, purpose, *_ in CANCELLATIONS} == voluntary
    bodies = [t.body for t in phase_of(national.phases, "ccer-cancel").txs]
    assert {b["purpose"] for b in bodies} == voluntary and all(b["beneficiary"] and b["reason"] for b in bodies)


def test_trades_are_settled_by_the_exchange_from_the_owners(national):
    owners = {national.accounts[p.owner] for p in PROJECTS}
    trades = [t for p in national.phases if p.key.startswith("ccer-trade") for t in p.txs]
    assert trades and all(t.signers == ("EXCHANGE",) and t.body["from"] in owners for t in trades)
    assert sum(t.body["amount"] for t in phase_of(national.phases, "ccer-trade-03").txs) == 748_800  # the first day


def test_phases_are_in_time_order_and_parties_are_fresh_accounts(national):
    times = [parse_time(p.time) for p in national.phases]
    assert times == sorted(times)
    accounts = set(national.accounts.values())
    assert all(is_uscc(a) for a in accounts) and not accounts & {e.account for e in national.population}


def test_first_publicity_window_spans_the_spring_festival():
    phases = lifecycle(make_accounts())
    submitted, validated = (parse_time(phase_of(phases, k).time) for k in ("ccer-1-submit", "ccer-1-validate"))
    assert timedelta(milliseconds=validated - submitted).days > 28  # 20 working days and the holiday week


def test_projects_register_after_the_cycles_eligibility_date(national):
    from cli.demo.scenario import CCER_REGISTERED_AFTER
    cycle = phase_of(national.phases, "cycle").txs[0].body
    assert cycle["ccer_registered_after"] == CCER_REGISTERED_AFTER and cycle["offset_cap_bp"] == 500
    assert all(phase_of(national.phases, f"ccer-{b}-register").time[:10] > CCER_REGISTERED_AFTER for b in (1, 2))
