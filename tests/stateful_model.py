"""The plain model of tests/test_stateful.py: its constants and strategies, the CCER project it writes directly,
and the model's helpers and invariants (the serial sets each (account, instrument, sub-state) holds, obligations, selectors).

`LedgerModel` is a mixin, with the invariants Hypothesis checks after every step; `LedgerMachine` there sets its
attributes in its set-up and adds the rules.
"""
from __future__ import annotations

from itertools import pairwise

from hypothesis import strategies as st
from hypothesis.stateful import invariant

from contracts.fields import get_time
from helpers import Chain, ranges_of, set_of, uscc
from ledger import keys
from ledger.constants import (AVAILABLE, CANCELLED_ACCOUNT, EARMARKED, WITHDRAWN_ACCOUNT, is_terminal_account,
                              surrendered_account)
from ledger.serials import count, normalize

ENTITIES = [uscc(901), uscc(902), uscc(903)]
YEARS = (2023, 2024)
INSTRUMENTS = tuple(f"CEA-{y}" for y in YEARS)
ELIGIBLE = {2023: ("CEA-2023",), 2024: ("CEA-2023", "CEA-2024")}
TERMINALS = (CANCELLED_ACCOUNT, WITHDRAWN_ACCOUNT, *(surrendered_account(y) for y in YEARS))
PRE_BP, FLOOR_BP, BP = 7000, 8000, 10_000
PROVINCE = "PROV-11"  # the entities' province: it holds a forced entity's allocation, earmarked
CCER_ID, PROJECT = "CCER-P1-2024", "P1"  # one CCER instrument, of a registered project not under ETS
ALL_INSTRUMENTS = (*INSTRUMENTS, CCER_ID)
OFFSET_CAP_BP = 500  # the cycles' default offset cap
CANCEL_PURPOSE = {"purpose": "company_offset"}  # every cancellation names its purpose
FIRST_DEADLINE = get_time({"t": f"{YEARS[0] + 1}-12-31T23:59:59+08:00"}, "t")  # the clock stays well before it

entities = st.sampled_from(ENTITIES)
years = st.sampled_from(YEARS)
instruments = st.sampled_from(INSTRUMENTS)
all_instruments = st.sampled_from(ALL_INSTRUMENTS)


def write_ccer(chain: Chain) -> None:
    """Write PROJECT (registered 2024-10-08, its facility no entity's) and its instrument CCER_ID, without a transaction."""
    registered = get_time({"t": "2024-10-08T10:00:00+08:00"}, "t")
    chain.state.put(keys.project(PROJECT), {
        "id": PROJECT, "owner": "OWNER-1", "name": "project P1", "methodology": "CCER-01-002-V01", "field": "01",
        "facility": "FAC-P1", "status": "registered", "registered_time": registered, "cancellation": None})
    chain.state.put(keys.instrument(CCER_ID), {
        "id": CCER_ID, "kind": "CCER", "vintage": 2024, "name": "project P1 2024", "issued": 0, "next_serial": 1,
        "created_at": 0, "project": PROJECT, "methodology": "CCER-01-002-V01"})


class LedgerModel:
    """Helpers over the model (`held`, `issued`, `ever_terminal`) and the ledger (`chain`) of the state machine."""

    chain: Chain
    held: dict[tuple[str, str, str], set[int]]
    issued: dict[str, int]
    ever_terminal: dict[tuple[str, str], set[int]]
    pending: dict[tuple[int, str], set[int]]
    obligations: dict[tuple[int, str], dict]
    clock_offset: int
    offset_of_last_block: int

    def available(self, account: str, iid: str) -> set[int]:
        return self.held.get((account, iid, AVAILABLE), set())

    def earmarked(self, iid: str) -> set[int]:
        return self.held.get((PROVINCE, iid, EARMARKED), set())

    def move(self, src: str, dst: str, iid: str, serials: set[int], src_sub=AVAILABLE, dst_sub=AVAILABLE) -> None:
        self.held[(src, iid, src_sub)] = self.held.get((src, iid, src_sub), set()) - serials
        self.held[(dst, iid, dst_sub)] = self.held.get((dst, iid, dst_sub), set()) | serials
        if is_terminal_account(dst):
            self.ever_terminal[(dst, iid)] = self.ever_terminal.get((dst, iid), set()) | serials

    def issue(self, account: str, iid: str, amount: int, sub: str = AVAILABLE) -> None:
        first = self.issued[iid] + 1
        self.issued[iid] += amount
        self.held[(account, iid, sub)] = self.held.get((account, iid, sub), set()) | set(range(first, first + amount))

    def allocate(self, ob: dict, account: str, iid: str, amount: int) -> None:
        """Issue `amount` to the holder of `ob`: the province, earmarked, for a forced entity."""
        if ob["holder"] == PROVINCE:
            self.issue(PROVINCE, iid, amount, EARMARKED)
            ob["to_province"] += amount
        else:
            self.issue(account, iid, amount)
        ob["allocated"] += amount

    @staticmethod
    def covered(ob: dict) -> int:
        """What the entity handed in for the year: CEA surrendered and CCER offset, less refunds."""
        return ob["surrendered"] + ob["offset"] - ob["refunded"]

    @staticmethod
    def balance(ob: dict) -> int:
        """What the province still holds for the entity."""
        return ob["to_province"] - ob["province_used"]

    def choose(self, data, account: str, iid: str, held: set[int] | None = None) -> tuple[dict, set[int]]:
        """An `amount` or `ranges` selector and the serials it names (or the lowest `amount`) of `held` (or available)."""
        held = self.available(account, iid) if held is None else held
        if data.draw(st.booleans(), label="by amount"):
            amount = data.draw(st.integers(1, max(1, len(held) + 2)), label="amount")
            return {"amount": amount}, set(sorted(held)[:amount])  # meaningful only when amount <= len(held)
        if held and data.draw(st.booleans(), label="held range"):
            first, last = data.draw(st.sampled_from(ranges_of(held)), label="run")
            a = data.draw(st.integers(first, last), label="first")
            b = data.draw(st.integers(a, last), label="last")
        else:
            a = data.draw(st.integers(1, self.issued[iid] + 3), label="first")
            b = data.draw(st.integers(a, a + 5), label="last")
        return {"ranges": [[a, b]]}, set(range(a, b + 1))

    @staticmethod
    def selection_error(selector: dict, wanted: set[int], held: set[int]) -> str | None:
        if "amount" in selector:
            return None if selector["amount"] <= len(held) else "insufficient_holding"
        return None if wanted <= held else "range_not_held"

    def ledger_holdings(self) -> dict[tuple[str, str, str], tuple]:
        out = {}
        for key, holding in self.chain.state.scan("holding/"):
            _, account, iid = key.split("/")
            for sub, ranges in holding.items():
                out[(account, iid, sub)] = ranges
        return out

    # -- invariants: after every step the ledger agrees with the model --------------------------------------
    @invariant()
    def holdings_are_canonical_ranges(self):
        for where, ranges in self.ledger_holdings().items():
            assert ranges, f"{where}: an empty sub-state is stored"
            for first, last in ranges:
                assert 1 <= first <= last, f"{where}: bad range [{first}, {last}]"
            for (_, last), (first, _) in pairwise(ranges):
                assert first > last + 1, f"{where}: ranges overlap, touch or are out of order"

    @invariant()
    def ledger_equals_model(self):
        ledger = {k: set_of(v) for k, v in self.ledger_holdings().items()}
        assert ledger == {k: v for k, v in self.held.items() if v}

    @invariant()
    def every_issued_tonne_is_held_exactly_once(self):
        holdings = self.ledger_holdings()
        for iid in ALL_INSTRUMENTS:
            record = self.chain.state.get(keys.instrument(iid))
            assert record["issued"] == self.issued[iid] == record["next_serial"] - 1
            mine = [set_of(r) for (_, i, _), r in holdings.items() if i == iid]
            assert sum(count(r) for (_, i, _), r in holdings.items() if i == iid) == record["issued"]
            union = set().union(*mine)
            assert len(union) == sum(len(s) for s in mine), f"{iid}: two holdings share a serial"
            assert union == set(range(1, record["issued"] + 1))

    @invariant()
    def terminal_serials_never_leave(self):
        for (terminal, iid), serials in self.ever_terminal.items():
            held = set_of(self.chain.state.get(keys.holding(terminal, iid), {}).get(AVAILABLE, ()))
            assert serials <= held, f"serials left {terminal}: {sorted(serials - held)[:5]}"

    @invariant()
    def clock_is_engine_time_plus_offset(self):
        assert self.chain.state.get(keys.clock_offset(), 0) == self.clock_offset
        assert self.chain.tip.time == self.chain.engine_time + self.offset_of_last_block
        times = [b.header.time for b in self.chain.blocks[-2:]]
        assert times == sorted(set(times)), f"block times not increasing: {times}"

    @invariant()
    def obligation_records_agree(self):
        for (year, account), ob in self.obligations.items():
            record = self.chain.state.get(keys.obligation(year, account))
            if record is not None:
                assert (record["allocated"], record["surrendered"], record["verified"], record.get("refunded", 0),
                        record["offset"]) == (ob["allocated"], ob["surrendered"], ob["verified"], ob["refunded"], ob["offset"])

    @invariant()
    def pending_offset_records_agree(self):
        for year in YEARS:
            for account in ENTITIES:
                record = self.chain.state.get(keys.pending_offset(year, account)) or {}
                listed = set_of(normalize(record[CCER_ID])) if record else set()
                assert set(record) <= {CCER_ID} and listed == self.pending.get((year, account), set())
