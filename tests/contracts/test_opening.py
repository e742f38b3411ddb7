"""Opening balances at genesis: the feature file's scenarios plus unit tests of the genesis document's checks."""
from __future__ import annotations

import contextlib
import copy
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import given as given_hypothesis, settings, strategies as st
from pytest_bdd import given, parsers, scenarios, then, when

from contracts.genesis import check_genesis, genesis_state
from contracts.opening import check_opening
from helpers import Chain, genesis_doc, pub, uscc
from ledger import keys, serials
from ledger.constants import SUB_STATES
from ledger.holdings import get_amount
from ledger.errors import InvalidField
from scenario import World, ms

scenarios("../features/opening.feature")


@dataclass
class OpeningWorld(World):
    """A genesis document being written, then the chain it starts (or the error that refused it)."""

    doc: dict[str, Any] = field(default_factory=genesis_doc)
    error: InvalidField | None = None

    def genesis_entity(self, name: str, province: str) -> None:
        """Add a key emitting entity to the genesis participants under scenario name `name`."""
        pid = self.ids[name] = uscc(100 + len(self.ids))
        self.doc["participants"].append({"id": pid, "name": f"重点排放单位 {name}", "roles": ["entity"],
                                         "pubkeys": [pub(pid)], "province": province, "sector": "power"})

    def rows(self, section: str) -> list[dict[str, Any]]:
        return self.doc.setdefault("opening", {}).setdefault(section, [])

    def build(self) -> None:
        """Start the chain from the document, or keep the InvalidField that refused it."""
        try:
            state, tip = genesis_state(self.doc)
        except InvalidField as exc:
            self.error = exc
            return
        self.chain = Chain(state, tip, engine_time=tip.time)


@pytest.fixture
def world() -> OpeningWorld:
    return OpeningWorld()


def supply_of(state, iid: str) -> int:
    """Every account's tonnes of `iid` in every sub-state, terminal accounts included."""
    return sum(serials.count(ranges) for key, holding in state.items()
               if key.startswith("holding/") and key.endswith(f"/{iid}") for ranges in holding.values())


# -- Given: the genesis document -----------------------------------------------------------------


@given(parsers.parse('genesis entity "{name}" of province "{province}"'))
def _genesis_entity(world: OpeningWorld, name: str, province: str) -> None:
    world.genesis_entity(name, province)


@given(parsers.re(r"the opening declares (?P<iid>CEA-(?P<year>\d{4}))(?: issued (?P<issued>\d+) t)?$"))
def _declares(world: OpeningWorld, iid: str, year: str, issued: str | None) -> None:
    declared = next((row for row in world.rows("instruments") if row["id"] == iid), None)
    if declared is not None and issued is not None:
        declared["issued"] = int(issued)
    else:
        world.rows("instruments").append({"id": iid, "vintage": int(year)})


@given(parsers.re(r'the opening gives "(?P<name>[^"]+)" serials (?P<first>-?\d+)-(?P<last>\d+) of (?P<iid>\S+)'
                  r'(?: (?P<sub>\S+))?$'))
def _gives(world: OpeningWorld, name: str, first: str, last: str, iid: str, sub: str | None) -> None:
    row = {"account": world.id(name), "instrument": iid, "ranges": [[int(first), int(last)]]}
    world.rows("holdings").append(row | ({"sub_state": sub} if sub else {}))


@given(parsers.parse('the opening sets the {year:d} cycle with deadline "{deadline}" and eligible vintages {vintages}'))
def _cycle(world: OpeningWorld, year: int, deadline: str, vintages: str) -> None:
    world.rows("cycles").append({"year": year, "deadline": deadline, "eligible_vintages": vintages.split(",")})


@given(parsers.re(r'the opening records "(?P<name>[^"]+)" with verified emissions of (?P<verified>-?\d+) t for '
                  r'(?P<year>\d{4})(?: and (?P<surrendered>\d+) t surrendered)?$'))
def _records(world: OpeningWorld, name: str, verified: str, year: str, surrendered: str | None) -> None:
    row = {"account": world.id(name), "year": int(year), "verified": int(verified)}
    world.rows("obligations").append(row | ({"surrendered": int(surrendered)} if surrendered else {}))


@given("the genesis is built")
@when("the genesis is built")
def _build(world: OpeningWorld) -> None:
    world.build()


@when(parsers.parse('"{name}" surrenders {amount:d} t of {iid} for {year:d}'))
def _surrenders(world: OpeningWorld, name: str, amount: int, iid: str, year: int) -> None:
    world.run("surrender", {"account": world.id(name), "year": year, "instrument": iid, "amount": amount}, name)


# -- Then -----------------------------------------------------------------------------------------


@then("the genesis is accepted")
def _accepted(world: OpeningWorld) -> None:
    assert world.error is None, world.error


@then(parsers.re(r'the genesis is refused with "(?P<code>[^"]+)" saying "(?P<text>.+)"$'))
def _refused(world: OpeningWorld, code: str, text: str) -> None:
    assert world.error is not None and world.error.code == code, world.error
    assert text in world.error.message, world.error.message


@then(parsers.parse("{iid} has issued {issued:d} t and next serial {next_serial:d}"))
def _issued(world: OpeningWorld, iid: str, issued: int, next_serial: int) -> None:
    record = world.chain.state.get(keys.instrument(iid))
    assert (record["issued"], record["next_serial"]) == (issued, next_serial)


@then(parsers.parse("the supply of {iid} balances"))
def _balances(world: OpeningWorld, iid: str) -> None:
    state = world.chain.state
    assert state.get(keys.instrument(iid))["issued"] == supply_of(state, iid) > 0


@then(parsers.parse('cycle {year:d} has deadline "{deadline}", eligible vintages {vintages} and pre_allocation_bp {bp:d}'))
def _cycle_is(world: OpeningWorld, year: int, deadline: str, vintages: str, bp: int) -> None:
    cycle = world.chain.state.get(keys.cycle(year))
    assert (cycle["deadline"], list(cycle["eligible_vintages"]), cycle["pre_allocation_bp"]) == (ms(deadline), vintages.split(","), bp)
    assert cycle["set_at"] == 0


@then(parsers.parse('the {year:d} record of "{name}" has verified {verified:d} t in province "{province}"'))
def _record_is(world: OpeningWorld, year: int, name: str, verified: int, province: str) -> None:
    record = world.chain.state.get(keys.obligation(year, world.id(name)))
    assert (record["verified"], record["province"], record["surrendered"], record["shortfall"]) == (verified, province, 0, None)


@then(parsers.parse('the {year:d} record of "{name}" has surrendered {amount:d} t'))
def _record_surrendered(world: OpeningWorld, year: int, name: str, amount: int) -> None:
    assert world.chain.state.get(keys.obligation(year, world.id(name)))["surrendered"] == amount


# -- Unit tests of the document's shape -------------------------------------------------------------


def opening_doc(**opening: Any) -> dict[str, Any]:
    doc = genesis_doc()
    doc["opening"] = {"instruments": [{"id": "CEA-2023", "vintage": 2023}], **opening}
    return doc


@pytest.mark.parametrize("opening, message", [
    ([], "opening must be an object with some of instruments, cycles, holdings, obligations"),
    ({"balances": []}, "opening must be an object with some of"),
    ({"holdings": {}}, "opening.holdings must be a list, got dict"),
    ({"holdings": ["MEE"]}, "opening.holdings[0]: must be an object, got 'MEE'"),
    ({"holdings": [{"account": "MEE", "instrument": "CEA-2023"}]}, "opening.holdings[0]: body is missing ranges"),
    ({"holdings": [{"account": ["MEE"], "instrument": "CEA-2023", "ranges": [[1, 2]]}]}, "account ['MEE'] is neither"),
    ({"holdings": [{"account": "MEE", "instrument": "CEA-2023", "ranges": []}]}, "ranges must be a non-empty list"),
    ({"holdings": [{"account": "MEE", "instrument": "CEA-2023", "ranges": [[1, True]]}]}, "last must be an integer"),
    ({"instruments": [{"id": "CEA-23", "vintage": 2023}]}, "opening.instruments[0]: id must"),
    ({"obligations": [{"account": "MEE", "year": 2023, "forced": 1}]}, "not a key emitting entity"),
])
def test_invalid_opening_shape(opening: Any, message: str) -> None:
    doc = genesis_doc()
    doc["opening"] = opening if not isinstance(opening, dict) or "instruments" in opening else \
        {"instruments": [{"id": "CEA-2023", "vintage": 2023}], **opening}
    with pytest.raises(InvalidField) as caught:
        check_genesis(doc)
    assert message in caught.value.message


def test_genesis_without_opening_is_unchanged() -> None:
    doc = genesis_doc()
    check_opening(doc)
    assert genesis_state(doc)[0].root() == genesis_state(copy.deepcopy(doc))[0].root()
    assert not [k for k, _ in genesis_state(doc)[0].items() if k.startswith(("holding/", "instrument/"))]


def test_invalid_obligation_flag_names_the_field_and_value() -> None:
    doc = opening_doc()
    pid = uscc(7)
    doc["participants"].append({"id": pid, "name": "E", "roles": ["entity"], "pubkeys": [pub(pid)], "province": "11",
                                "sector": "power"})
    doc["opening"]["obligations"] = [{"account": pid, "year": 2023, "forced": 1}]
    with pytest.raises(InvalidField, match=r"opening.obligations\[0\]: forced must be true or false, got 1"):
        check_genesis(doc)


def test_opening_label_names_where_the_row_came_from() -> None:
    doc = opening_doc(holdings=[{"account": "NOBODY", "instrument": "CEA-2023", "ranges": [[1, 2]]}])
    with pytest.raises(InvalidField, match=r"^holdings.csv line 2: account 'NOBODY'"):
        check_opening(doc, lambda section, index: f"{section}.csv line {index + 2}")


def test_opening_emits_the_genesis_origin_of_every_row() -> None:
    doc = opening_doc(holdings=[{"account": "MEE", "instrument": "CEA-2023", "ranges": [[1, 5]], "sub_state": "frozen"}])
    state, _ = genesis_state(doc)
    assert state.commit() == [{"op": "genesis", "instrument": "CEA-2023", "ranges": [[1, 5]], "amount": 5, "to": "MEE",
                               "to_sub": "frozen", "reason": "opening_balance"}]


# -- Property: any partition of 1..N is accepted and balances; a shifted boundary is refused -------------

HOLDERS = ("MEE", "REGISTRY", "PROV-11", "SURRENDERED-2023", "CANCELLED")


@st.composite
def partitions(draw) -> list[tuple[str, str, int, int]]:
    """Serials 1..N cut into consecutive blocks, each given to an account (and a sub-state, for a participant)."""
    sizes = draw(st.lists(st.integers(1, 50), min_size=1, max_size=12))
    rows, first = [], 1
    for size in sizes:
        account = draw(st.sampled_from(HOLDERS))
        sub = "available" if account in ("SURRENDERED-2023", "CANCELLED") else draw(st.sampled_from(SUB_STATES))
        rows.append((account, sub, first, first + size - 1))
        first += size
    return draw(st.permutations(rows))


def partition_doc(rows: list[tuple[str, str, int, int]]) -> dict[str, Any]:
    return opening_doc(holdings=[{"account": a, "instrument": "CEA-2023", "ranges": [[first, last]], "sub_state": s}
                                 for a, s, first, last in rows])


@settings(max_examples=60, deadline=None)
@given_hypothesis(partitions())
def test_any_partition_is_accepted_and_balances(rows) -> None:
    state, _ = genesis_state(partition_doc(rows))
    total = sum(last - first + 1 for _, _, first, last in rows)
    assert state.get(keys.instrument("CEA-2023"))["issued"] == supply_of(state, "CEA-2023") == total
    assert state.get(keys.instrument("CEA-2023"))["next_serial"] == total + 1
    for account, sub in {(a, s) for a, s, _, _ in rows}:
        expected = sum(last - first + 1 for a, s, first, last in rows if (a, s) == (account, sub))
        assert get_amount(state, account, "CEA-2023", sub) == expected


@settings(max_examples=60, deadline=None)
@given_hypothesis(partitions(), st.integers(0, 11), st.sampled_from((-1, 1)))
def test_a_shifted_boundary_is_refused(rows, which, shift) -> None:
    account, sub, first, last = rows[which % len(rows)]
    if last + shift < first:
        return  # the range would be empty: not a boundary move
    moved = [*rows]
    moved[which % len(rows)] = (account, sub, first, last + shift)
    is_last = last == max(end for _, _, _, end in rows)
    with pytest.raises(InvalidField, match="overlap|in no holding") if not is_last else contextlib.nullcontext():
        genesis_state(partition_doc(moved))


def test_genesis_refuses_a_participant_listed_twice_or_a_shared_key() -> None:
    """One participant, one account: a migrated genesis must not open an account twice or give two accounts one key."""
    doc = genesis_doc()
    twice = {**doc, "participants": doc["participants"] + [doc["participants"][0]]}
    with pytest.raises(InvalidField, match="MEE is listed twice"):
        genesis_state(twice)
    shared = {**doc["participants"][1], "id": "PROV-12", "roles": ["province"], "province": "12"}
    with pytest.raises(InvalidField, match="already belongs to REGISTRY"):
        genesis_state({**doc, "participants": doc["participants"] + [shared]})
