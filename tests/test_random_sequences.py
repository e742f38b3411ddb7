"""Random sequences of every transaction kind: a rule may refuse anything, but never fail otherwise, and no tonne is lost.

Hypothesis draws blocks of transactions of every kind in `contracts.HANDLERS`, with bodies mixed from
plausible values (the market's accounts, vintages, years, amounts, order references that look like other
records' keys) and from junk, signed by random participants, across devnet clock moves and jumps past the
cycles' deadlines (so that begin-block hooks run too). After every block:

- no receipt says `execution_fault`: only an InvalidTransaction ever escapes a handler;
- for each instrument, issued = Σ every holding in every account and sub-state, terminal accounts included,
  and the holdings of an instrument are pairwise disjoint;
- serials that reached a terminal account are still there;
- a refused transaction leaves the state root as the block's begin-block hooks left it.

A kind without a body template here fails `test_every_kind_has_a_template`: a new kind joins the sequences.
"""
from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings, strategies as st

from contracts import HANDLERS
from helpers import DAY_MS, Chain, pub, set_of, uscc
from ledger import keys
from ledger.constants import MAX_SAFE_INTEGER, is_terminal_account
from ledger.holdings import apply_issue

ENTITIES = (uscc(801), uscc(802))
HOLDER = uscc(803)
AUTHORITIES = ("MEE", "REGISTRY", "EXCHANGE", "PROV-11", "PROV-31")
SIGNERS = (*AUTHORITIES, *ENTITIES, HOLDER)
ACCOUNTS = (*SIGNERS, "PROV-44", "CANCELLED", "SURRENDERED-2024", "NOBODY-1")
INSTRUMENTS = ("CEA-2023", "CEA-2024", "CEA-2025", "CEA-2099", "CEA-2024\n")
YEARS = (2023, 2024, 2025)

accounts = st.sampled_from(ENTITIES * 4 + ACCOUNTS)  # mostly the entities, the rules' usual subject
instruments = st.sampled_from(INSTRUMENTS[:2] * 3 + INSTRUMENTS)
years = st.sampled_from(YEARS)
amounts = st.integers(1, 400) | st.sampled_from((0, -1, 10**6, MAX_SAFE_INTEGER))
refs = st.sampled_from(("R1", "T-1", "rotate_key/R1", "key_request/R1", "court/R1", "(2025)京01执1号"))  # alike across kinds
times = st.sampled_from(("2024-12-31T23:59:59+08:00", "2025-01-01T00:00:00+08:00", "2025-12-31T23:59:59+08:00",
                         "2026-01-01T00:00:01+08:00", "2026-06-10T23:59:59+08:00", "2027-01-01T00:00:00+08:00"))
months = st.sampled_from(("2024-11", "2024-12", "2025-11", "2025-12", "2025-13"))
ranges = st.lists(st.integers(1, 1_000).flatmap(lambda first: st.tuples(st.just(first), st.integers(first - 1, first + 60))
                                                                    .map(list)), min_size=1, max_size=3)
METHODOLOGIES = st.sampled_from(("CCER-01-002-V01", "CCER-14-001-V01", "CCER-99-001-V01"))
PROJECTS = st.sampled_from(("HW-1", "HW-2", "GEC-1", "h"))
DATES = st.sampled_from(("2012-11-08", "2019-06-01", "2021-01-01", "2021-02-30"))
HASHES = st.sampled_from(("ab" * 32, "cd" * 32, "x"))
texts = st.sampled_from(("test", "履约风险") * 4 + ("", " ", "x" * 300))
pubkeys = st.sampled_from(tuple(pub(name) for name in ("k1", "k2", "k3", "k4") * 3 + SIGNERS))  # mostly new keys
exact = st.integers(-MAX_SAFE_INTEGER, MAX_SAFE_INTEGER)  # what canonical JSON carries exactly
periods = st.sampled_from(("2020-09-21", "2020-09-22", "2023-07-01", "2024-06-30", "2024-12-31", "2024-02-30"))
junk = st.none() | st.booleans() | exact | st.sampled_from(("", "x", "CEA", "\n")) | st.lists(exact, max_size=2)


def units(**required: st.SearchStrategy) -> st.SearchStrategy:
    """A body with `required` fields and an amount or serial ranges (now and then both, or neither: refused by shape)."""
    return (st.fixed_dictionaries({**required, "amount": amounts}) | st.fixed_dictionaries({**required, "ranges": ranges})
            | st.fixed_dictionaries(required, optional={"amount": amounts, "ranges": ranges}))


TEMPLATES: dict[str, st.SearchStrategy[dict[str, Any]]] = {
    "register_participant": st.fixed_dictionaries(
        {"id": st.sampled_from((uscc(804), uscc(805), "PROV-12", ENTITIES[0])), "name": texts,
         "roles": st.lists(st.sampled_from(("entity", "holder", "province", "registry", "exchange", "mee")),
                           min_size=1, max_size=2),
         "pubkeys": st.lists(pubkeys, min_size=1, max_size=2)},
        optional={"province": st.sampled_from(("11", "31", "٣٧")), "sector": st.sampled_from(("power", "steel"))}),
    "create_instrument": st.fixed_dictionaries({"id": instruments, "vintage": years}),
    "transfer": units(**{"from": accounts, "to": accounts, "instrument": instruments}) | st.fixed_dictionaries(
        {"from": accounts, "to": accounts, "instrument": instruments, "amount": amounts, "trade_ref": refs}),
    "rotate_key": st.fixed_dictionaries({"account": accounts, "add": st.lists(pubkeys, max_size=2),
                                         "remove": st.lists(pubkeys, max_size=1)}, optional={"threshold": amounts}),
    "request_key_recovery": st.fixed_dictionaries(
        {"account": accounts, "request_ref": refs, "pubkeys": st.lists(pubkeys, min_size=1, max_size=2)},
        optional={"threshold": st.integers(0, 3)}),
    "veto_key_recovery": st.fixed_dictionaries({"account": accounts, "request_ref": refs, "reason": texts}),
    "complete_key_recovery": st.fixed_dictionaries({"account": accounts, "request_ref": refs}),
    "set_calendar": st.fixed_dictionaries({"year": st.sampled_from((2024, 2027)), "holidays": st.lists(
        st.sampled_from(("2027-01-01", "2027-02-06", "2024-10-01", "2027-13-01")), max_size=2, unique=True),
        "adjusted_working_days": st.lists(st.sampled_from(("2027-02-13", "2027-02-15")), max_size=1),
        "source": texts}),
    "set_account_status": st.fixed_dictionaries({"account": accounts, "status": st.sampled_from(
        ("active", "restricted", "closed")), "reason": texts}),
    "set_compliance_cycle": st.fixed_dictionaries(
        {"year": years, "deadline": times, "eligible_vintages": st.lists(instruments, min_size=1, max_size=2)},
        optional={"offset_cap_bp": amounts, "pre_allocation_bp": amounts, "shortfall_floor_bp": amounts}),
    "allocate": st.fixed_dictionaries(
        {"account": accounts, "year": years, "kind": st.just("pre"), "instrument": instruments},
        optional={"basis_t": amounts}) |
    st.fixed_dictionaries({"account": accounts, "year": years, "kind": st.just("true_up"), "instrument": instruments},
                          optional={"final_allocation": st.sampled_from(("0", "100", "99.5", "250", "1e3", "100\n"))}),
    "record_emissions": st.fixed_dictionaries({"account": accounts, "year": years, "verified_t": amounts}),
    "designate_forced_compliance": st.fixed_dictionaries({"account": accounts, "year": years, "reason": texts}),
    "surrender": units(account=accounts, year=years, instrument=instruments),
    "forced_surrender": st.fixed_dictionaries({"account": accounts, "year": years, "instrument": instruments,
                                               "amount": amounts, "order_ref": refs}),
    "release_allocation": st.fixed_dictionaries({"account": accounts, "year": years, "instrument": instruments,
                                                 "amount": amounts}),
    "enforce_shortfall": st.fixed_dictionaries({"account": accounts, "year": years, "price_instrument": instruments,
                                                "price_month": months, "multiple": st.integers(4, 11), "order_ref": refs,
                                                "correction_deadline": times}),
    "publish_price": st.fixed_dictionaries({"instrument": instruments, "month": months, "avg_price_fen": amounts}),
    "record_exemption": st.fixed_dictionaries({"account": accounts, "year": years, "reason": texts}),
    "cancel": units(account=accounts, instrument=instruments, beneficiary=texts, reason=texts, purpose=st.sampled_from(
        ("public_interest", "company_offset", "local_ets_offset", "national_ets_offset", "fraud_remedy", "other"))),
    "court_order": units(order_ref=refs, action=st.sampled_from(("freeze", "unfreeze", "deduct")), account=accounts,
                         court=texts, instrument=instruments) | st.fixed_dictionaries(
        {"order_ref": refs, "action": st.just("succession"), "account": accounts, "court": texts, "to": accounts},
        optional={"close_source": st.booleans()}),
    "carryover_notice": st.fixed_dictionaries({"old_vintages": st.lists(instruments, min_size=1, max_size=2),
                                               "target_instrument": instruments}),
    "carryover_apply": st.fixed_dictionaries({"account": accounts, "amount": amounts}) | st.fixed_dictionaries(
        {"account": accounts, "parts": st.lists(st.fixed_dictionaries({"instrument": instruments, "amount": amounts}),
                                                min_size=1, max_size=2)}),
    "carryover_execute": st.fixed_dictionaries({"account": accounts, "application": st.integers(0, 3)}),
    "advance_clock": st.fixed_dictionaries({"to": times}),
    "propose_validator_update": st.fixed_dictionaries(
        {"id": refs, "changes": st.lists(st.fixed_dictionaries({"name": accounts, "power": st.integers(-1, 20)},
                                                               optional={"pubkey": pubkeys}), max_size=2),
         "reason": texts}),
    "approve_validator_update": st.fixed_dictionaries({"id": refs}),
    "set_market_rules": st.fixed_dictionaries({"bilateral_transfers": st.booleans()}) |
    st.dictionaries(st.sampled_from(("bilateral_transfers", "nothing")), junk, max_size=2),
    "submit_reduction": st.fixed_dictionaries({"project": PROJECTS, "period_start": periods, "period_end": periods,
                                               "verifying_vvb": accounts, "report_hash": HASHES}),
    "verify_reduction": st.fixed_dictionaries({"project": PROJECTS, "report": st.integers(0, 3), "report_hash": HASHES,
                                               "conclusion": st.sampled_from(("positive", "negative")),
                                               "verified": st.dictionaries(st.sampled_from(("2023", "2024", "x")),
                                                                           amounts, max_size=2)}),
    "apply_issuance": st.fixed_dictionaries({"project": PROJECTS, "report": st.integers(0, 3), "amount": amounts,
                                             "commitment_hash": HASHES}),
    "decide_issuance": st.fixed_dictionaries({"project": PROJECTS, "report": st.integers(0, 3),
                                              "outcome": st.sampled_from(("register", "refuse"))},
                                             optional={"reason": texts}),
    "set_methodology": st.fixed_dictionaries(
        {"code": METHODOLOGIES, "name": texts, "field": st.sampled_from(("01", "14")),
         "max_crediting_years": st.sampled_from((0, 10, 40, 61)), "version": st.just("V01"),
         "status": st.sampled_from(("active", "active", "withdrawn"))}),
    "accredit_vvb": st.fixed_dictionaries({"vvb": accounts, "status": st.sampled_from(("active", "suspended", "revoked"))},
                                          optional={"fields": st.lists(st.sampled_from(("01", "14", "1")), max_size=2)}),
    "record_external_claim": st.fixed_dictionaries(
        {"kind": st.sampled_from(("green_certificate", "local_ets", "carbon")), "ref": PROJECTS},
        optional={"facility": st.sampled_from(("FAC-1", ENTITIES[0]))}),
    "submit_project": st.fixed_dictionaries(
        {"project": PROJECTS, "name": texts, "methodology": METHODOLOGIES, "province": st.just("32"), "location": texts,
         "facility": st.sampled_from(("FAC-1", "FAC-2", ENTITIES[0])), "construction_start": DATES,
         "crediting_start": DATES, "crediting_years": st.integers(0, 12), "pdd_hash": HASHES, "validating_vvb": accounts},
        optional={"external_ref": PROJECTS}),
    "validate_project": st.fixed_dictionaries(
        {"project": PROJECTS, "report_hash": HASHES, "conclusion": st.sampled_from(("positive", "negative", "maybe"))}),
    "apply_project": st.fixed_dictionaries({"project": PROJECTS, "commitment_hash": HASHES}),
    "decide_project": st.fixed_dictionaries({"project": PROJECTS, "outcome": st.sampled_from(("register", "refuse"))},
                                            optional={"reason": texts}),
    "comment_project": st.fixed_dictionaries({"project": PROJECTS, "content_hash": HASHES}),
    "cancel_project": st.fixed_dictionaries({"project": PROJECTS, "reason": texts}),
    "order_fraud_cancellation": st.fixed_dictionaries({"project": st.sampled_from(("P-WIND-01", "p-1")), "ref": refs,
                                                       "amount": amounts, "due": times, "reason": texts}),
    "enforce_fraud_cancellation": st.fixed_dictionaries({"project": st.sampled_from(("P-WIND-01", "p-1"))}),
    "freeze_offset": units(account=accounts, year=years, instrument=instruments),
}


def own(field: str) -> Any:
    """Signers: the account the body names in `field` (when it can sign)."""
    return lambda body: [body[field]] if body.get(field) in SIGNERS else []


SIGNED_BY: dict[str, Any] = {  # who usually signs each kind: the rules' own signers, so that many transactions pass
    **dict.fromkeys(("create_instrument", "set_compliance_cycle", "carryover_notice", "advance_clock",
                     "propose_validator_update", "set_market_rules", "set_calendar"), lambda body: ["MEE"]),
    **dict.fromkeys(("set_methodology", "accredit_vvb"), lambda body: ["MEE"]),
    **dict.fromkeys(("record_external_claim", "decide_project", "cancel_project"), lambda body: ["REGISTRY"]),
    **dict.fromkeys(("register_participant", "set_account_status", "court_order", "carryover_execute",
                     "approve_validator_update"), lambda body: ["REGISTRY"]),
    **dict.fromkeys(("record_emissions", "designate_forced_compliance", "enforce_shortfall", "record_exemption"),
                    lambda body: ["PROV-11"]),
    "publish_price": lambda body: ["EXCHANGE"],
    **dict.fromkeys(("order_fraud_cancellation", "enforce_fraud_cancellation"), lambda body: ["REGISTRY"]),
    **dict.fromkeys(("allocate", "forced_surrender", "release_allocation"), lambda body: ["PROV-11", "REGISTRY"]),
    **dict.fromkeys(("surrender", "cancel", "carryover_apply"), own("account")),
    "rotate_key": own("account"),
    "veto_key_recovery": own("account"),
    **dict.fromkeys(("request_key_recovery", "complete_key_recovery"), lambda body: ["REGISTRY", "PROV-11"]),
    "transfer": lambda body: ["EXCHANGE"] if "trade_ref" in body else own("from")(body),
    "decide_issuance": lambda body: ["REGISTRY"],
    "freeze_offset": own("account"),
}


@st.composite
def transactions(draw: st.DrawFn) -> tuple[str, dict[str, Any], list[str]]:
    """(kind, body, signer names): a template's body, now and then with one field replaced by junk, signed mostly
    by the kind's usual signers, else by anyone."""
    kind = draw(st.sampled_from(sorted(TEMPLATES)))
    body = draw(TEMPLATES[kind])
    if body and draw(st.integers(0, 9)) == 0:
        body[draw(st.sampled_from(sorted(body)))] = draw(junk)
    usual = SIGNED_BY.get(kind, lambda body: [])(body)
    if usual and draw(st.integers(0, 3)):
        return kind, body, usual
    return kind, body, draw(st.lists(st.sampled_from(SIGNERS), min_size=1, max_size=3, unique=True))


steps = st.lists(st.tuples(transactions(), st.sampled_from((0, 0, 0, 1, 40, 200))), min_size=1, max_size=30)
"""Transactions, each in its own block (a refused one then never shifts its signer's later nonces), each block
after a jump of 0 to 200 days."""


def new_chain() -> Chain:
    """The test genesis, two entities and a holder, vintages, two cycles, and units issued to everyone."""
    chain = Chain.new()
    txs = [chain.sign("register_participant", {"id": pid, "name": pid, "roles": ["entity"], "pubkeys": [pub(pid)],
                                               "province": "11", "sector": "power"}, "REGISTRY") for pid in ENTITIES]
    txs.append(chain.sign("register_participant", {"id": HOLDER, "name": "holder", "roles": ["holder"],
                                                   "pubkeys": [pub(HOLDER)]}, "REGISTRY"))
    txs += [chain.sign("create_instrument", {"id": f"CEA-{y}", "vintage": y}, "MEE") for y in YEARS]
    assert all(r["code"] == "ok" for r in chain.block(txs))
    cycles = [chain.sign("set_compliance_cycle", {"year": y, "deadline": f"{y + 1}-12-31T23:59:59+08:00", "pre_allocation_bp": bp,
                                                  "eligible_vintages": [f"CEA-{y - 1}", f"CEA-{y}"]}, "MEE")
              for y, bp in ((2024, 7000), (2025, 5000))]
    emissions = [chain.sign("record_emissions", {"account": pid, "year": 2024, "verified_t": 300}, "PROV-11")
                 for pid in ENTITIES]
    assert all(r["code"] == "ok" for r in chain.block(cycles + emissions))
    chain.state.begin()
    for account in (*ENTITIES, HOLDER, "PROV-11", "EXCHANGE"):
        for iid in ("CEA-2023", "CEA-2024"):
            apply_issue(chain.state, iid, account, 500, "test")
    chain.state.commit()
    return chain


def check_conservation(chain: Chain, terminal: dict[tuple[str, str], set[int]]) -> None:
    """Every instrument's issued serials are held exactly once; terminal serials never left."""
    held: dict[str, set[int]] = {}
    for key, holding in chain.state.scan("holding/"):
        _, account, iid = key.split("/", 2)
        for sub, ranges in holding.items():
            serials = set_of(ranges)
            assert not held.get(iid, set()) & serials, f"{key}/{sub} overlaps another holding"
            held[iid] = held.get(iid, set()) | serials
            if is_terminal_account(account):
                terminal[(account, iid)] = terminal.get((account, iid), set()) | serials
    for key, record in chain.state.scan("instrument/"):
        assert held.get(record["id"], set()) == set(range(1, record["issued"] + 1)), f"{key}: issued ≠ held"
    for (account, iid), serials in terminal.items():
        now = set_of(chain.state.get(keys.holding(account, iid), {}).get("available", ()))
        assert serials <= now, f"serials left terminal account {account}"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(steps)
def test_random_sequences_never_fault_and_conserve_every_tonne(drawn: list) -> None:
    chain = new_chain()
    terminal: dict[tuple[str, str], set[int]] = {}
    for (kind, body, signers), jump_days in drawn:
        time = chain.tip.time + jump_days * DAY_MS if jump_days else None
        before = chain.root_at_next_block(time)  # after the block's begin-block hooks, before its transaction
        receipt = chain.run(kind, body, *signers, time=time)
        assert receipt["code"] != "execution_fault", (kind, body, receipt["message"])
        if receipt["code"] != "ok":
            assert chain.state.root() == before, f"refused {kind} ({receipt['code']}) changed the state"
        check_conservation(chain, terminal)


def test_every_kind_has_a_template() -> None:
    assert sorted(TEMPLATES) == sorted(HANDLERS)
