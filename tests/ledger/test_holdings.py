"""Holdings: issuing and moving serial ranges; terminal accounts never give anything back."""
from __future__ import annotations

import pytest

from ledger import keys
from ledger.constants import (AVAILABLE, CANCELLED_ACCOUNT, FROZEN, PENDING_SURRENDER, WITHDRAWN_ACCOUNT,
                              surrendered_account)
from ledger.errors import InsufficientHolding, InvalidField, NotFound, RangeNotHeld, TerminalAccount
from ledger.holdings import apply_issue, apply_move, get_amount, get_holding, get_instrument, iter_holdings, select
from ledger.state import State

IID = "CEA-2024"


def new_state() -> State:
    state = State()
    for iid in (IID, "CEA-2023"):
        state.put(keys.instrument(iid), {"id": iid, "kind": "CEA", "vintage": int(iid[-4:]), "issued": 0, "next_serial": 1})
    return state


def issued(state: State, account: str, amount: int, iid: str = IID, sub: str = AVAILABLE):
    state.begin()
    ranges = apply_issue(state, iid, account, amount, "test", sub)
    return ranges, state.commit()


# -- issue ------------------------------------------------------------------------------------

def test_issue_gives_consecutive_new_serials():
    state = new_state()
    assert issued(state, "A", 100)[0] == ((1, 100),)
    assert issued(state, "B", 50)[0] == ((101, 150),)
    assert issued(state, "A", 10)[0] == ((151, 160),)
    record = get_instrument(state, IID)
    assert (record["issued"], record["next_serial"]) == (160, 161)
    assert get_holding(state, "A", IID) == {AVAILABLE: ((1, 100), (151, 160))}
    assert get_amount(state, "A", IID) == 110 and get_amount(state, "B", IID) == 50


def test_issue_merges_adjacent_serials_and_emits_an_event():
    state = new_state()
    issued(state, "A", 5)
    ranges, events = issued(state, "A", 5)
    assert get_holding(state, "A", IID) == {AVAILABLE: ((1, 10),)}
    assert events == [{"op": "issue", "instrument": IID, "ranges": [[6, 10]], "amount": 5, "to": "A",
                       "to_sub": AVAILABLE, "reason": "test"}]


def test_issue_into_a_sub_state():
    state = new_state()
    issued(state, "A", 7, sub=FROZEN)
    assert get_holding(state, "A", IID) == {FROZEN: ((1, 7),)}
    assert get_amount(state, "A", IID) == 0 and get_amount(state, "A", IID, FROZEN) == 7


def test_instruments_have_their_own_serials():
    state = new_state()
    issued(state, "A", 5)
    assert issued(state, "A", 5, iid="CEA-2023")[0] == ((1, 5),)


def test_invalid_issue_of_an_unknown_instrument():
    with pytest.raises(NotFound) as info:
        apply_issue(new_state(), "CEA-2099", "A", 5, "test")
    assert info.value.code == "not_found"


# -- select ---------------------------------------------------------------------------------

def test_select_takes_the_lowest_serials_or_the_named_ranges():
    state = new_state()
    issued(state, "A", 10)
    issued(state, "B", 10)
    issued(state, "A", 10)  # A holds 1-10 and 21-30
    assert select(state, "A", IID, 12, None) == ((1, 10), (21, 22))
    assert select(state, "A", IID, None, ((5, 6), (25, 30))) == ((5, 6), (25, 30))


@pytest.mark.parametrize("amount, ranges, error", [
    (11, None, InsufficientHolding),
    (None, ((9, 11),), RangeNotHeld),
    (None, ((20, 20),), RangeNotHeld),
    (None, None, InvalidField),
])
def test_invalid_select(amount, ranges, error):
    state = new_state()
    issued(state, "A", 10)
    issued(state, "B", 10)
    with pytest.raises(error):
        select(state, "A", IID, amount, ranges)


def test_select_ignores_other_sub_states():
    state = new_state()
    issued(state, "A", 10, sub=FROZEN)
    with pytest.raises(InsufficientHolding):
        select(state, "A", IID, 1, None)
    assert select(state, "A", IID, 10, None, FROZEN) == ((1, 10),)


# -- move ------------------------------------------------------------------------------------

def test_move_splits_and_merges_ranges_and_emits_an_event():
    state = new_state()
    issued(state, "A", 10)
    state.begin()
    apply_move(state, IID, "A", "B", ((3, 4),), "transfer", trade_ref="T-1")
    apply_move(state, IID, "A", "B", ((5, 5),), "transfer")
    events = state.commit()
    assert get_holding(state, "A", IID) == {AVAILABLE: ((1, 2), (6, 10))}
    assert get_holding(state, "B", IID) == {AVAILABLE: ((3, 5),)}
    assert events[0] == {"op": "move", "instrument": IID, "ranges": [[3, 4]], "amount": 2, "from": "A",
                         "from_sub": AVAILABLE, "to": "B", "to_sub": AVAILABLE, "reason": "transfer", "trade_ref": "T-1"}


def test_move_of_everything_deletes_the_holding():
    state = new_state()
    issued(state, "A", 10)
    apply_move(state, IID, "A", "B", ((1, 10),), "transfer")
    assert keys.holding("A", IID) not in state
    assert get_holding(state, "A", IID) == {}
    assert list(iter_holdings(state, "B")) == [(IID, {AVAILABLE: ((1, 10),)})]


def test_move_between_sub_states_of_one_account():
    state = new_state()
    issued(state, "A", 10)
    apply_move(state, IID, "A", "A", ((1, 4),), "freeze", AVAILABLE, FROZEN)
    apply_move(state, IID, "A", "A", ((2, 3),), "surrender", FROZEN, PENDING_SURRENDER)
    assert get_holding(state, "A", IID) == {AVAILABLE: ((5, 10),), FROZEN: ((1, 1), (4, 4)), PENDING_SURRENDER: ((2, 3),)}


def test_invalid_move_of_serials_not_held_leaves_state_unchanged():
    state = new_state()
    issued(state, "A", 10)
    root = state.root()
    state.begin()
    with pytest.raises(RangeNotHeld):
        apply_move(state, IID, "A", "B", ((8, 12),), "transfer")
    state.rollback()
    assert state.root() == root


def test_invalid_move_to_an_unknown_sub_state():
    state = new_state()
    issued(state, "A", 10)
    with pytest.raises(InvalidField):
        apply_move(state, IID, "A", "B", ((1, 1),), "transfer", AVAILABLE, "lost")
    assert get_amount(state, "A", IID) == 10


def test_iter_holdings_in_instrument_order():
    state = new_state()
    issued(state, "A", 3)
    issued(state, "A", 2, iid="CEA-2023")
    issued(state, "AB", 2)
    assert [iid for iid, _ in iter_holdings(state, "A")] == ["CEA-2023", IID]


# -- terminal accounts ---------------------------------------------------------------------------

TERMINALS = [CANCELLED_ACCOUNT, WITHDRAWN_ACCOUNT, surrendered_account(2024)]


@pytest.mark.parametrize("terminal", TERMINALS)
def test_units_move_into_a_terminal_account(terminal):
    state = new_state()
    issued(state, "A", 10)
    apply_move(state, IID, "A", terminal, ((1, 4),), "cancel")
    assert get_holding(state, terminal, IID) == {AVAILABLE: ((1, 4),)}


@pytest.mark.parametrize("terminal", TERMINALS)
@pytest.mark.parametrize("dst, dst_sub", [("A", AVAILABLE), ("B", AVAILABLE), (None, FROZEN)])
def test_invalid_move_out_of_a_terminal_account(terminal, dst, dst_sub):
    state = new_state()
    issued(state, "A", 10)
    apply_move(state, IID, "A", terminal, ((1, 4),), "cancel")
    before = dict(state.items())
    with pytest.raises(TerminalAccount) as info:
        apply_move(state, IID, terminal, dst or terminal, ((1, 4),), "steal", AVAILABLE, dst_sub)
    assert info.value.code == "terminal_account"
    assert dict(state.items()) == before


def test_issue_stops_at_the_last_nameable_serial():
    """Each instrument's serials stay ≤ 2^53 − 1 (exact JSON integers): the issuance that would pass it is refused."""
    from ledger.constants import MAX_SAFE_INTEGER
    from ledger.errors import ExceedsSupplyLimit

    state = new_state()
    issued(state, "A1", MAX_SAFE_INTEGER - 10)
    with pytest.raises(ExceedsSupplyLimit, match="at most 10 t more"):
        issued(state, "A1", 11)
    state.rollback()
    (last,), _ = issued(state, "A1", 10)
    assert last[1] == MAX_SAFE_INTEGER and get_instrument(state, IID)["next_serial"] == MAX_SAFE_INTEGER + 1
