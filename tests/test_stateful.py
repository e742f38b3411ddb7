"""The real contracts beside a plain model: every tonne accounted for, after every step.

A Hypothesis state machine drives signed transactions through blocks (`helpers.Chain`):
allocation (pre-allocation on last year's recorded emissions, and true-up, which may withdraw;
a correction after it tops up to the floor), verified emissions (a correction below what was
surrendered refunds the excess as new serials, newest vintage first), exemptions (which refund
everything surrendered), forced compliance (designation, the province's earmarked units, forced
surrender and release), transfers
by amount and by named ranges, surrenders and cancellations, devnet clock advances (kept before
the first deadline, which the model does not follow), plus kernel-level freezes. A CCER
instrument (written directly, with its registered project) is issued, transferred, cancelled,
frozen by a court, frozen as pending offset for a year (within the 5 % cap and the obligation)
and surrendered as an offset. The
model is a dict of serial *sets*: (account, instrument, sub-state) -> {serials}. After each
step the ledger must agree with it exactly, and these invariants must hold:

- for each instrument, CEA and CCER, issued = Σ every holding (terminal accounts and every sub-state
  included: available, frozen, earmarked, pending offset; cancelled and surrendered in their terminal accounts);
- each entity's pending offset record of a year lists exactly the serials the model holds pending for it;
- each holding's ranges are sorted, disjoint, non-adjacent and positive;
- the holdings of an instrument are pairwise disjoint and together are exactly 1..issued;
- serials that reached a terminal account are still there;
- the clock offset is the sum of the advances, and each block's time is the engine's time plus it.
"""
from __future__ import annotations

import sys

from hypothesis import HealthCheck, event, settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, precondition, rule

from contracts.fields import format_time
from helpers import DAY_MS, Chain, pub, ranges_of
from ledger.constants import (AVAILABLE, CANCELLED_ACCOUNT, EARMARKED, FROZEN, PENDING_OFFSET, WITHDRAWN_ACCOUNT,
                              surrendered_account)
from ledger.errors import TerminalAccount
from ledger.holdings import apply_issue, apply_move
from stateful_model import (ALL_INSTRUMENTS, BP, CANCEL_PURPOSE, CCER_ID, ELIGIBLE, ENTITIES, FIRST_DEADLINE, FLOOR_BP,
                            INSTRUMENTS, OFFSET_CAP_BP, PRE_BP, PROVINCE, YEARS, LedgerModel, all_instruments,
                            entities, instruments, write_ccer, years)


class LedgerMachine(LedgerModel, RuleBasedStateMachine):
    """The ledger (`self.chain`) and its model (`self.held`, `self.issued`, `self.obligations`)."""

    @initialize()
    def setup(self):
        self.chain = Chain.new()
        registrations = [self.chain.sign("register_participant", {
            "id": pid, "name": f"entity {pid}", "roles": ["entity"], "pubkeys": [pub(pid)], "province": "11",
            "sector": "power"}, "REGISTRY") for pid in ENTITIES]
        vintages = [self.chain.sign("create_instrument", {"id": iid, "vintage": int(iid[-4:])}, "MEE")
                    for iid in INSTRUMENTS]
        cycles = [self.chain.sign("set_compliance_cycle", {
            "year": y, "deadline": f"{y + 1}-12-31T23:59:59+08:00", "eligible_vintages": list(ELIGIBLE[y])}, "MEE")
            for y in YEARS]
        emissions = [self.chain.sign("record_emissions", {"account": pid, "year": 2024, "verified_t": 100}, "PROV-11")
                     for pid in ENTITIES]  # 2023 stays unrecorded until a rule records it
        forced = self.chain.sign("designate_forced_compliance", {"account": ENTITIES[0], "year": 2024, "reason": "risk"},
                                 "PROV-11")  # the first entity's 2024 allocation goes to its province, earmarked
        bilateral = [self.chain.sign("set_market_rules", {"bilateral_transfers": True}, "MEE")]  # besides the exchange
        receipts = self.chain.block(registrations + vintages) + self.chain.block(cycles + emissions + [forced] + bilateral)
        assert all(r["code"] == "ok" for r in receipts), receipts
        self.held: dict[tuple[str, str, str], set[int]] = {}
        self.issued = dict.fromkeys(ALL_INSTRUMENTS, 0)
        self.pending: dict[tuple[int, str], set[int]] = {}  # (year, entity) -> serials of CCER_ID pending offset
        write_ccer(self.chain)
        self.obligations = {(y, e): {"verified": 100 if y == 2024 else None, "allocated": 0, "pre": False,
                                     "final": None, "surrendered": 0, "forced": False, "holder": e,
                                     "to_province": 0, "province_used": 0, "refunded": 0, "by": {}, "exempt": False,
                                     "offset": 0}
                            for y in YEARS for e in ENTITIES}
        self.obligations[(2024, ENTITIES[0])]["forced"] = True
        self.orders = 0
        self.ever_terminal: dict[tuple[str, str], set[int]] = {}
        self.clock_offset = 0
        self.trades = 0  # trade references the exchange used: each settles once
        self.offset_of_last_block = 0  # a block runs at the offset in force before it (its own advance counts after)

    # -- running transactions ---------------------------------------------------------------
    def run(self, type_: str, body: dict, *signers: str) -> str:
        self.offset_of_last_block = self.clock_offset
        code = self.chain.run(type_, body, *signers)["code"]
        event(f"{type_}: {code}")  # shown by pytest --hypothesis-show-statistics
        return code

    # -- allocation -------------------------------------------------------------------------
    @rule(account=entities, year=years)
    def pre_allocate(self, account, year):
        ob = self.obligations[(year, account)]
        basis = self.obligations.get((year - 1, account), {}).get("verified")
        code = self.run("allocate", {"account": account, "year": year, "kind": "pre", "instrument": f"CEA-{year}"},
                        "PROV-11", "REGISTRY")
        if ob["pre"] or ob["final"] is not None or basis is None:
            expected = "already_pre_allocated" if ob["pre"] else "already_trued_up" if ob["final"] is not None else None
            assert code == (expected or "emissions_not_recorded")
            return
        assert code == "ok"
        ob.update(pre=True, holder=PROVINCE if ob["forced"] else account)
        self.allocate(ob, account, f"CEA-{year}", basis * PRE_BP // BP)

    @rule(account=entities, year=years, final=st.integers(0, 120))
    def true_up(self, account, year, final):
        ob, iid = self.obligations[(year, account)], f"CEA-{year}"
        code = self.run("allocate", {"account": account, "year": year, "kind": "true_up", "instrument": iid,
                                     "final_allocation": str(final)}, "PROV-11", "REGISTRY")
        if ob["verified"] is None:
            assert code == "emissions_not_recorded"
            return
        delta = max(final, ob["verified"] * FLOOR_BP // BP) - ob["allocated"]
        from_province = min(len(self.earmarked(iid)), max(0, self.balance(ob)), max(0, -delta))
        from_entity = max(0, -delta) - from_province
        if from_entity > len(self.available(account, iid)):
            assert code == "insufficient_holding"
            return
        assert code == "ok"
        ob.update(final=final, holder=PROVINCE if ob["forced"] else account)
        if delta > 0:
            self.allocate(ob, account, iid, delta)
        self.move(PROVINCE, WITHDRAWN_ACCOUNT, iid, set(sorted(self.earmarked(iid))[:from_province]), EARMARKED)
        self.move(account, WITHDRAWN_ACCOUNT, iid, set(sorted(self.available(account, iid))[:from_entity]))
        ob["to_province"] -= from_province
        ob["allocated"] -= max(0, -delta)

    @rule(account=entities, year=years, verified=st.integers(0, 100))
    def record_emissions(self, account, year, verified):
        code = self.run("record_emissions", {"account": account, "year": year, "verified_t": verified}, "PROV-11")
        ob = self.obligations[(year, account)]
        assert code == ("offset_not_refundable" if ob["offset"] > verified else "ok")
        if code != "ok":
            return
        ob["verified"] = verified
        self.refund(account, ob, verified)  # first what was handed in beyond the new figure comes back
        top_up = max(ob["final"], verified * FLOOR_BP // BP) - ob["allocated"] if ob["final"] is not None else 0
        if top_up > 0:  # the floor holds after an upward correction of a trued-up entity
            self.allocate(ob, account, f"CEA-{year}", top_up)

    # -- forced compliance: the province's earmark for one entity ---------------------------------
    @rule(account=entities, year=years)
    def designate(self, account, year):
        ob = self.obligations[(year, account)]
        code = self.run("designate_forced_compliance", {"account": account, "year": year, "reason": "risk"}, "PROV-11")
        expected = "already_exists" if ob["forced"] else "invalid_state" if ob["allocated"] > ob["to_province"] else "ok"
        assert code == expected
        ob["forced"] = ob["forced"] or code == "ok"

    @rule(account=entities, year=years, amount=st.one_of(st.integers(1, 40), st.none()))
    def forced_surrender(self, account, year, amount):
        ob, iid = self.obligations[(year, account)], f"CEA-{year}"
        amount = amount or max(1, (ob["verified"] or 0) - ob["surrendered"])  # None: what is still outstanding
        self.orders += 1
        body = {"account": account, "year": year, "instrument": iid, "amount": amount, "order_ref": f"SX-{self.orders}"}
        code = self.run("forced_surrender", body, "REGISTRY", "PROV-11")
        held = len(self.earmarked(iid)) if ob["forced"] else len(self.available(account, iid))
        if ob["forced"] and amount > self.balance(ob) or amount > held:
            assert code == "insufficient_holding" or code in ("no_obligation", "exceeds_obligation")
        if code != "ok":
            return
        src, sub = (PROVINCE, EARMARKED) if ob["forced"] else (account, AVAILABLE)
        self.move(src, surrendered_account(year), iid, set(sorted(self.held.get((src, iid, sub), set()))[:amount]), sub)
        ob["surrendered"] += amount
        ob["by"][iid] = ob["by"].get(iid, 0) + amount
        ob["province_used"] += amount if ob["forced"] else 0

    @rule(account=entities, year=years, amount=st.one_of(st.integers(1, 40), st.none()))
    def release(self, account, year, amount):
        ob, iid = self.obligations[(year, account)], f"CEA-{year}"
        amount = amount or max(1, self.balance(ob))  # None: all the province still holds for the entity
        code = self.run("release_allocation", {"account": account, "year": year, "instrument": iid, "amount": amount},
                        "REGISTRY", "PROV-11")
        if not ob["forced"] or ob["verified"] is None or self.covered(ob) < ob["verified"]:
            assert code in ("invalid_state", "not_found")
            return
        if amount > self.balance(ob) or amount > len(self.earmarked(iid)):
            assert code == "insufficient_holding"
            return
        assert code == "ok"
        self.move(PROVINCE, account, iid, set(sorted(self.earmarked(iid))[:amount]), EARMARKED)
        ob["province_used"] += amount

    def refund(self, account: str, ob: dict, obligation_t: int) -> None:
        """What was surrendered beyond `obligation_t` comes back as new serials, newest vintage first."""
        excess = max(0, self.covered(ob) - obligation_t)
        ob["refunded"] += excess
        event(f"refund {'yes' if excess else 'no'}")
        for iid in sorted(ob["by"], reverse=True):
            take = min(excess, ob["by"][iid])
            if take:
                self.issue(account, iid, take)
                ob["by"][iid] -= take
                excess -= take

    @rule(account=entities, year=years)
    def record_exemption(self, account, year):
        ob = self.obligations[(year, account)]
        code = self.run("record_exemption", {"account": account, "year": year, "reason": "test"}, "PROV-11")
        assert code == ("already_exists" if ob["exempt"] else "offset_not_refundable" if ob["offset"] else "ok")
        if code == "ok":
            ob["exempt"] = True
            self.refund(account, ob, 0)

    # -- transfer, surrender, cancel --------------------------------------------------------------
    @rule(data=st.data(), src=entities, dst=entities, iid=all_instruments)
    def transfer(self, data, src, dst, iid):
        if src == dst:
            dst = CANCELLED_ACCOUNT  # a transfer may not target a terminal account
        selector, wanted = self.choose(data, src, iid)
        body = {"from": src, "to": dst, "instrument": iid, **selector}
        if data.draw(st.booleans(), label="settled by the exchange"):
            self.trades += 1
            code = self.run("transfer", {**body, "trade_ref": f"T-{self.trades}"}, "EXCHANGE")
        else:
            code = self.run("transfer", body, src)
        if dst == CANCELLED_ACCOUNT:
            assert code == "invalid_field"
            return
        expected = self.selection_error(selector, wanted, self.available(src, iid))
        assert code == (expected or "ok")
        if expected is None:
            self.move(src, dst, iid, wanted)

    @rule(data=st.data(), account=entities, year=years, iid=instruments)
    def surrender(self, data, account, year, iid):
        selector, wanted = self.choose(data, account, iid)
        code = self.run("surrender", {"account": account, "year": year, "instrument": iid, **selector}, account)
        ob = self.obligations[(year, account)]
        amount = selector.get("amount") or len(wanted)
        if iid not in ELIGIBLE[year]:
            expected = "vintage_not_eligible"
        elif ob["verified"] is None or ob["exempt"]:
            expected = "no_obligation"
        elif self.covered(ob) + len(self.pending.get((year, account), ())) + amount > ob["verified"]:
            expected = "exceeds_obligation"
        else:
            expected = self.selection_error(selector, wanted, self.available(account, iid))
        assert code == (expected or "ok")
        if expected is None:
            self.move(account, surrendered_account(year), iid, wanted)
            ob["surrendered"] += amount
            ob["by"][iid] = ob["by"].get(iid, 0) + amount

    @rule(data=st.data(), account=entities, iid=all_instruments)
    def cancel(self, data, account, iid):
        selector, wanted = self.choose(data, account, iid)
        code = self.run("cancel", {"account": account, "instrument": iid, "beneficiary": "公众", "reason": "voluntary",
                                   **CANCEL_PURPOSE, **selector}, account)
        expected = self.selection_error(selector, wanted, self.available(account, iid))
        assert code == (expected or "ok")
        if expected is None:
            self.move(account, CANCELLED_ACCOUNT, iid, wanted)

    # -- CCER: issuance (direct), pending offset and its surrender --------------------------------
    @rule(account=entities, amount=st.integers(1, 20))
    def issue_ccer(self, account, amount):
        state = self.chain.state
        state.begin()
        apply_issue(state, CCER_ID, account, amount, "test")
        state.commit()
        self.issue(account, CCER_ID, amount)

    def offset_error(self, ob: dict, pending: int, amount: int) -> str | None:
        """The refusal the cap or the obligation room gives `amount` t more with `pending` t pending, else None."""
        if ob["verified"] is None or ob["exempt"]:
            return "no_obligation"
        if ob["offset"] + pending + amount > ob["verified"] * OFFSET_CAP_BP // BP:
            return "offset_cap_exceeded"
        return "exceeds_obligation" if self.covered(ob) + pending + amount > ob["verified"] else None

    @rule(data=st.data(), account=entities, year=years)
    def freeze_offset(self, data, account, year):
        selector, wanted = self.choose(data, account, CCER_ID)
        code = self.run("freeze_offset", {"account": account, "year": year, "instrument": CCER_ID, **selector}, account)
        pending = self.pending.setdefault((year, account), set())
        amount = selector.get("amount") or len(wanted)
        expected = self.offset_error(self.obligations[(year, account)], len(pending), amount)
        expected = expected or self.selection_error(selector, wanted, self.available(account, CCER_ID))
        assert code == (expected or "ok")
        if expected is None:
            self.move(account, account, CCER_ID, wanted, AVAILABLE, PENDING_OFFSET)
            pending |= wanted

    @rule(data=st.data(), account=entities, year=years)
    def offset_surrender(self, data, account, year):
        pending = self.pending.setdefault((year, account), set())
        selector, wanted = self.choose(data, account, CCER_ID, pending)
        code = self.run("surrender", {"account": account, "year": year, "instrument": CCER_ID, **selector}, account)
        ob = self.obligations[(year, account)]
        amount = selector.get("amount") or len(wanted)
        expected = "no_obligation" if ob["verified"] is None or ob["exempt"] else None
        expected = expected or self.selection_error(selector, wanted, pending)
        expected = expected or self.offset_error(ob, len(pending) - amount, amount)
        assert code == (expected or "ok")
        if expected is None:
            self.move(account, CANCELLED_ACCOUNT, CCER_ID, wanted, PENDING_OFFSET)
            pending -= wanted
            ob["offset"] += amount

    # -- the devnet clock ------------------------------------------------------------------------
    def next_block_time(self) -> int:
        """The time the next block will have: the engine's clock 1 s on, plus the model's offset."""
        return self.chain.engine_time + 1000 + self.clock_offset

    @precondition(lambda self: self.next_block_time() + 60 * DAY_MS < FIRST_DEADLINE)
    @rule(days=st.integers(-1, 30))
    def advance_clock(self, days):
        to = self.next_block_time() + days * DAY_MS
        code = self.run("advance_clock", {"to": format_time(to)}, "MEE")
        if days <= 0:
            assert code == "invalid_field"
            return
        assert code == "ok"
        self.clock_offset += days * DAY_MS

    # -- kernel-level steps: freeze, unfreeze, and an attempt to move terminal units ----------------
    @rule(account=entities, iid=all_instruments, amount=st.integers(1, 10), unfreeze=st.booleans())
    def freeze_or_unfreeze(self, account, iid, amount, unfreeze):
        src_sub, dst_sub = (FROZEN, AVAILABLE) if unfreeze else (AVAILABLE, FROZEN)
        chosen = set(sorted(self.held.get((account, iid, src_sub), set()))[:amount])
        if chosen:
            state = self.chain.state
            state.begin()
            apply_move(state, iid, account, account, ranges_of(chosen), "court_order", src_sub, dst_sub)
            state.commit()
            self.move(account, account, iid, chosen, src_sub, dst_sub)

    @precondition(lambda self: any(self.ever_terminal.values()))
    @rule(data=st.data(), dst=entities)
    def move_out_of_terminal_is_refused(self, data, dst):
        terminal, iid = data.draw(st.sampled_from(sorted(k for k, v in self.ever_terminal.items() if v)))
        serial = data.draw(st.sampled_from(sorted(self.ever_terminal[(terminal, iid)])))
        state = self.chain.state
        root = state.root()
        state.begin()
        try:
            apply_move(state, iid, terminal, dst, ((serial, serial),), "steal")
            raise AssertionError(f"moved serial {serial} out of {terminal}")
        except TerminalAccount:
            state.rollback()
        assert state.root() == root

LedgerMachine.TestCase.settings = settings(
    max_examples=120, stateful_step_count=50, deadline=None, suppress_health_check=[HealthCheck.too_slow],
)
TestLedgerMachine = LedgerMachine.TestCase


def test_forced_compliance_from_the_earmark_keeps_ledger_and_model_equal(monkeypatch):
    """A sequence the random runs rarely reach: the forced entity's true-up, forced surrender and release."""
    monkeypatch.setattr(sys.modules[__name__], "event", lambda *_: None)  # hypothesis.event works only inside a test
    machine, account = LedgerMachine(), ENTITIES[0]
    machine.setup()
    machine.true_up(account, 2024, 120)  # 120 t earmarked at the province
    machine.forced_surrender(account, 2024, None)  # the 100 t outstanding
    machine.release(account, 2024, None)  # the 20 t left
    assert machine.available(account, "CEA-2024") == set(range(101, 121))
    for check in (machine.ledger_equals_model, machine.every_issued_tonne_is_held_exactly_once,
                  machine.obligation_records_agree, machine.terminal_serials_never_leave):
        check()


class Pick:
    """A stand-in for Hypothesis's `data` that hands out fixed draws, in order."""

    def __init__(self, *values):
        self.values = list(values)

    def draw(self, strategy, label=None):
        return self.values.pop(0)


def test_a_ccer_offset_keeps_ledger_and_model_equal(monkeypatch):
    """Issue CCER, freeze up to the cap (5 t of 100 t) as pending offset, surrender part of it as the offset."""
    monkeypatch.setattr(sys.modules[__name__], "event", lambda *_: None)  # hypothesis.event works only inside a test
    machine, account = LedgerMachine(), ENTITIES[1]
    machine.setup()
    machine.issue_ccer(account, 20)
    machine.freeze_offset(Pick(True, 6), account, 2024)  # 6 t > the 5 t cap: refused
    machine.freeze_offset(Pick(True, 5), account, 2024)  # at the cap
    machine.offset_surrender(Pick(True, 3), account, 2024)
    assert machine.pending[(2024, account)] == {4, 5}
    assert machine.obligations[(2024, account)]["offset"] == 3
    for check in (machine.ledger_equals_model, machine.every_issued_tonne_is_held_exactly_once,
                  machine.obligation_records_agree, machine.pending_offset_records_agree,
                  machine.terminal_serials_never_leave):
        check()
