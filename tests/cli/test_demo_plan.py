"""The demo's year, executed with the real rules on an in-memory chain: every transaction passes."""
from __future__ import annotations

from collections import Counter

import pytest

from cli.demo.outcomes import DEFAULTER, FORCED
from cli.demo.plan import build_plan, split_trades
from contracts.compliance_status import list_statuses, summary
from ledger.holdings import get_amount
from local_chain import run_plan


@pytest.fixture(scope="module")
def run():
    return run_plan(60, 300)


def test_plan_runs_without_a_refusal_but_its_attempts(run):
    assert run.refused == Counter({(p.key, p.expect): len(p.txs) for p in run.plan.phases if p.expect})
    keys = [p.key for p in run.plan.phases if not p.key.startswith(("ccer-", "refused-"))]
    assert keys[:4] == ["vintages", "cycle", "pre", "trade-03"]


def test_plan_completion_rate_and_shortfall(run):
    s = summary(run.state, 2024)
    assert s["completion_bp"] == 9_998 and s["by_status"]["B"] == 1
    defaulters = [o for o in run.plan.outcomes if o.role == DEFAULTER]
    assert s["shortfall"] == sum(o.entity.verified - o.allocation for o in defaulters) > 0
    assert s["verified"] - s["surrendered"] - s["offset"] == s["shortfall"]
    assert s["offset"] == sum(run.plan.ccer.offsets.values()) and s["offset"] > 0


def test_plan_market_model_matches_the_ledger(run):
    for account, held in run.plan.market.held.items():
        assert get_amount(run.state, account, "CEA-2024") == held, account


def test_plan_forced_entities_complied_through_their_province(run):
    statuses = {s["account"]: s for s in list_statuses(run.state, 2024)}
    forced = [o for o in run.plan.outcomes if o.role == FORCED]
    assert forced
    for o in forced:
        assert statuses[o.entity.account]["status"] == "A"
        assert get_amount(run.state, o.entity.account, "CEA-2024") == o.allocation - o.entity.verified


def test_plan_defaulters_pay_next_year(run):
    for o in run.plan.outcomes:
        if o.role == DEFAULTER:
            record = run.state.get(f"obligation/2025/{o.entity.account}")
            assert record["deduction"] == record["deduction_applied"] == o.entity.verified - o.allocation


def test_plan_trades_are_all_settled_by_the_exchange_listed_and_block(run):
    """S2 Art.21–23: no holder-signed transfer; listed trades and block trades (大宗协议) both settle at the exchange."""
    transfers = [t for p in run.plan.phases for t in p.txs if t.type == "transfer"]
    assert {t.signers for t in transfers} == {("EXCHANGE",)}
    assert len({t.body["trade_ref"] for t in transfers}) == len(transfers)
    assert {"memo" in t.body for t in transfers} == {True, False}
    assert all("trade_ref" in t.body for t in transfers if t.signers[0] == "EXCHANGE")


def test_plan_is_deterministic():
    a, b = build_plan(30, 50, 5), build_plan(30, 50, 5)
    assert [(p.key, p.time, p.txs) for p in a.phases] == [(p.key, p.time, p.txs) for p in b.phases]


def test_split_trades_follows_the_q4_share():
    counts = split_trades(5_000)
    assert sum(counts.values()) == 5_000
    assert sum(counts[m] for m in ("10", "11", "12")) * 100 // 5_000 == 79
