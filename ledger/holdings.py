"""Holdings: the kernel operations that create and move serial ranges.

A holding is the serial ranges one account holds of one instrument, split by sub-state
(available, frozen, pending surrender, pending cancellation, earmarked). Every operation emits an event
naming the exact ranges, so each tonne's provenance can be traced. Units in a terminal
account never move again.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from . import keys, serials
from .constants import AVAILABLE, MAX_SAFE_INTEGER, SUB_STATES, is_terminal_account
from .errors import ExceedsSupplyLimit, InvalidField, NotFound, TerminalAccount
from .serials import Ranges
from .state import State

Holding = dict[str, Ranges]


def get_holding(state: State, account: str, instrument: str) -> Holding:
    """The holding of `account` in `instrument` (empty sub-states omitted)."""
    return state.get(keys.holding(account, instrument)) or {}


def get_amount(state: State, account: str, instrument: str, sub: str = AVAILABLE) -> int:
    """Tonnes of `instrument` that `account` holds in sub-state `sub`."""
    return serials.count(get_holding(state, account, instrument).get(sub, ()))


def _put_holding(state: State, account: str, instrument: str, holding: Holding) -> None:
    cleaned = {sub: ranges for sub, ranges in holding.items() if ranges}
    state.put(keys.holding(account, instrument), cleaned or None)


def get_instrument(state: State, iid: str) -> dict[str, Any]:
    """The instrument record; raise NotFound if it was never created."""
    record: dict[str, Any] | None = state.get(keys.instrument(iid))
    if record is None:
        raise NotFound(f"instrument {iid} does not exist")
    return record


def apply_issue(state: State, iid: str, account: str, amount: int, reason: str, sub: str = AVAILABLE,
                **details: Any) -> Ranges:
    """Issue `amount` new serials of `iid` to `account`. Requires amount > 0 and the instrument to exist.

    `details` go into the issue event (a CCER issuance names its project and reduction report: its provenance).

    Raises ExceedsSupplyLimit when the last serial would pass 2^53 − 1: every serial stays an exact JSON integer.
    """
    record = get_instrument(state, iid)
    first = record["next_serial"]
    # Verify every new serial stays nameable
    if first + amount - 1 > MAX_SAFE_INTEGER:
        raise ExceedsSupplyLimit(f"issuing {amount} t of {iid} would number serials up to {first + amount - 1} "
                                 f"> {MAX_SAFE_INTEGER}, the largest exact serial; {iid} can issue at most "
                                 f"{MAX_SAFE_INTEGER - first + 1} t more")
    new: Ranges = ((first, first + amount - 1),)
    state.put(keys.instrument(iid), {**record, "next_serial": first + amount, "issued": record["issued"] + amount})
    holding = get_holding(state, account, iid)
    _put_holding(state, account, iid, {**holding, sub: serials.union(holding.get(sub, ()), new)})
    state.emit({"op": "issue", "instrument": iid, "ranges": serials.to_json(new), "amount": amount,
                "to": account, "to_sub": sub, "reason": reason, **details})
    return new


def select(state: State, account: str, iid: str, amount: int | None, ranges: Ranges | None, sub: str = AVAILABLE) -> Ranges:
    """The serials a move would take: the named `ranges`, else the lowest `amount`. Raises if not held."""
    held = get_holding(state, account, iid).get(sub, ())
    if ranges is not None:
        serials.subtract(held, ranges)
        return ranges
    if amount is None:
        raise InvalidField("give either an amount or serial ranges")
    return serials.take_lowest(held, amount)[0]


def apply_move(state: State, iid: str, src: str, dst: str, ranges: Ranges, reason: str,
               src_sub: str = AVAILABLE, dst_sub: str = AVAILABLE, **details: Any) -> None:
    """Move exactly `ranges` from `src`/`src_sub` to `dst`/`dst_sub`. Requires them held there."""
    if is_terminal_account(src):
        raise TerminalAccount(f"units in {src} never move again")
    if src_sub not in SUB_STATES or dst_sub not in SUB_STATES:
        raise InvalidField(f"unknown sub-state {src_sub!r} or {dst_sub!r}")
    source = get_holding(state, src, iid)
    source = {**source, src_sub: serials.subtract(source.get(src_sub, ()), ranges)}
    _put_holding(state, src, iid, source)
    target = get_holding(state, dst, iid)
    _put_holding(state, dst, iid, {**target, dst_sub: serials.union(target.get(dst_sub, ()), ranges)})
    state.emit({"op": "move", "instrument": iid, "ranges": serials.to_json(ranges), "amount": serials.count(ranges),
                "from": src, "from_sub": src_sub, "to": dst, "to_sub": dst_sub, "reason": reason, **details})


def iter_holdings(state: State, account: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every (instrument, holding) of `account`, in instrument order."""
    prefix = keys.holding_prefix(account)
    for key, holding in state.scan(prefix):
        yield key[len(prefix):], holding
