"""Opening balances: an existing registry's books brought onto the ledger at genesis.

A genesis may carry `opening`: the past vintages (`instruments`, as create_instrument writes them),
the past compliance cycles (`cycles`, bodies of set_compliance_cycle), the holdings (`holdings`: an
account, an instrument, serial ranges and a sub-state) and the past years' obligation records
(`obligations`, the fields of contracts/records.py). An operator migrates the national registry's
books instead of replaying history. The check is strict, so that supply balances from block 1:
every account named exists, every instrument is declared, the ranges of an instrument are disjoint
across all accounts and cover serials 1..N without a gap (contracts/opening_holdings.py), so its
issued count is N and its next serial N + 1; what a year's records count as handed in is what
SURRENDERED-<year> holds. Feature: tests/features/opening.feature.
"""
from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from ledger import keys, serials
from ledger.chain import BlockContext
from ledger.constants import AVAILABLE, surrendered_account
from ledger.errors import InvalidField
from ledger.state import State

from . import create_instrument, fields, set_compliance_cycle
from .compliance_status import compute_covered
from .opening_holdings import Label, check_holdings, check_object, default_label, labelled
from .records import EMPTY_OBLIGATION, put_obligation
from .roles import ENTITY

SECTIONS = ("instruments", "cycles", "holdings", "obligations")
OPTIONAL_TONNES = ("verified", "shortfall", "fine_fen")  # None until recorded
FLAGS = ("forced", "exempt")
OPENING_REASON = "opening_balance"


def get_rows(opening: dict[str, Any], section: str) -> list[Any]:
    """The rows of one section (none when absent); raise InvalidField unless a list."""
    rows = opening.get(section, [])
    if not isinstance(rows, list):
        raise InvalidField(f"opening.{section} must be a list, got {type(rows).__name__}")
    return rows


def check_opening(doc: dict[str, Any], label: Label = default_label) -> None:
    """Raise InvalidField unless the genesis's `opening`, if any, is a consistent set of books."""
    opening = doc.get("opening")
    if opening is None:
        return
    # Verify the opening is an object of known sections
    if not isinstance(opening, dict) or not set(opening) <= set(SECTIONS):
        got = sorted(opening) if isinstance(opening, dict) else opening
        raise InvalidField(f"opening must be an object with some of {', '.join(SECTIONS)}, got {got!r}")
    participants = {p["id"]: p for p in doc["participants"]}
    instruments = check_instruments(get_rows(opening, "instruments"), label)
    check_cycles(get_rows(opening, "cycles"), instruments, label)
    check_holdings(get_rows(opening, "holdings"), participants, instruments, label)
    check_obligations(get_rows(opening, "obligations"), participants, label)
    check_handed_in(get_rows(opening, "holdings"), get_rows(opening, "obligations"), label)


def check_instruments(rows: list[Any], label: Label) -> dict[str, dict[str, Any]]:
    """The declared instruments by id; raise InvalidField for a bad or repeated one."""
    found: dict[str, dict[str, Any]] = {}
    for index, row in enumerate(rows):
        with labelled(label("instruments", index)):
            body = check_object(row)
            issued = body.get("issued")
            create_instrument.check_shape({k: v for k, v in body.items() if k != "issued"})
            if issued is not None:
                fields.get_int(body, "issued")
            # Verify the instrument is declared once
            if body["id"] in found:
                raise InvalidField(f"instrument {body['id']} is declared twice")
        found[body["id"]] = {**body, "index": index}
    return found


def check_cycles(rows: list[Any], instruments: dict[str, dict[str, Any]], label: Label) -> None:
    """Raise InvalidField for a bad cycle, a repeated year, or a vintage not declared or later than the year."""
    years: set[int] = set()
    for index, row in enumerate(rows):
        with labelled(label("cycles", index)):
            set_compliance_cycle.check_shape(check_object(row))
            # Verify each year has one cycle
            if row["year"] in years:
                raise InvalidField(f"cycle {row['year']} is given twice")
            years.add(row["year"])
            for iid in row["eligible_vintages"]:
                check_eligible(instruments, iid, row["year"])


def check_eligible(instruments: dict[str, dict[str, Any]], iid: str, year: int) -> None:
    """Raise InvalidField unless `iid` is declared with a vintage no later than `year` (no borrowing)."""
    # Verify the vintage is declared in the opening
    if iid not in instruments:
        raise InvalidField(f"eligible vintage {iid} is not among the opening instruments")
    # Verify it is not a later vintage
    if instruments[iid]["vintage"] > year:
        raise InvalidField(f"eligible vintage {iid} has vintage {instruments[iid]['vintage']} > cycle year {year}")


def check_obligation_row(row: Any, participants: dict[str, Any]) -> None:
    """Raise InvalidField unless `row` is an obligation record of a genesis entity with valid figures."""
    fields.check_keys(check_object(row), {"account", "year"}, set(EMPTY_OBLIGATION) | {"report_ref"})
    fields.get_year(row, "year")
    # Verify the account is a key emitting entity of the genesis
    record = participants.get(row["account"]) if isinstance(row["account"], str) else None
    if record is None or ENTITY not in record["roles"]:
        raise InvalidField(f"account {row['account']!r} is not a key emitting entity of the genesis")
    for name, default in EMPTY_OBLIGATION.items():
        value = row.get(name, default)
        # Verify a flag is true or false
        if name in FLAGS:
            if not isinstance(value, bool):
                raise InvalidField(f"{name} must be true or false, got {value!r}")
        # Verify a figure is whole tonnes (or fen) ≥ 0, or None where the record allows "not yet known"
        elif not (value is None and name in OPTIONAL_TONNES):
            fields.get_int({name: value}, name)
    if "report_ref" in row:
        fields.get_str(row, "report_ref", 128)


def check_obligations(rows: list[Any], participants: dict[str, Any], label: Label) -> None:
    """Raise InvalidField for a bad record or a second record of one entity and year."""
    seen: set[tuple[int, str]] = set()
    for index, row in enumerate(rows):
        with labelled(label("obligations", index)):
            check_obligation_row(row, participants)
            # Verify one record per entity and year
            if (row["year"], row["account"]) in seen:
                raise InvalidField(f"{row['account']} has a second obligation record for {row['year']}")
        seen.add((row["year"], row["account"]))


def check_handed_in(holdings: list[dict[str, Any]], obligations: list[dict[str, Any]], label: Label) -> None:
    """Raise InvalidField unless, for each year with records, SURRENDERED-<year> holds exactly what they count as
    handed in (surrendered, offset, late-surrendered), as every surrender on the ledger keeps it."""
    held: dict[str, int] = {}
    for row in holdings:
        held[row["account"]] = held.get(row["account"], 0) + serials.count(serials.normalize(row["ranges"]))
    covered: dict[int, tuple[int, int]] = {}  # year: (tonnes handed in, index of its first record)
    for index, row in enumerate(obligations):
        tonnes = compute_covered({**EMPTY_OBLIGATION, **row})
        total, first = covered.get(row["year"], (0, index))
        covered[row["year"]] = (total + tonnes, first)
    for year, (total, first) in covered.items():
        account = surrendered_account(year)
        # Verify the year's terminal account holds what its records count as handed in
        if held.get(account, 0) != total:
            raise InvalidField(f"{label('obligations', first)}: {account} holds {held.get(account, 0)} t ≠ {total} t "
                               f"handed in (surrendered, offset, late) by the {year} records")


def apply_opening(state: State, doc: dict[str, Any]) -> None:
    """Write the opening instruments, cycles, holdings and obligations. Requires check_opening(doc)."""
    opening = doc.get("opening") or {}
    ctx = BlockContext(doc["chain_id"], 0, fields.get_time(doc, "genesis_time"))
    issued: dict[str, int] = {}
    for row in opening.get("holdings", []):
        issued[row["instrument"]] = issued.get(row["instrument"], 0) + apply_holding(state, row)
    for row in opening.get("instruments", []):
        # the record create_instrument writes, then the issuance its holdings account for (serials 1..N)
        create_instrument.apply(state, as_tx({k: v for k, v in row.items() if k != "issued"}), ctx)
        count = issued.get(row["id"], 0)
        state.put(keys.instrument(row["id"]), {**state.get(keys.instrument(row["id"])), "issued": count,
                                               "next_serial": count + 1})
    for row in opening.get("cycles", []):
        set_compliance_cycle.apply(state, as_tx(row), ctx)
    for row in opening.get("obligations", []):
        province = state.get(keys.participant(row["account"]))["province"]
        put_obligation(state, {"account": row["account"], "year": row["year"], "province": province,
                               **EMPTY_OBLIGATION, **row})


def as_tx(body: dict[str, Any]) -> Any:
    """A stand-in transaction carrying `body` for a rule's apply, which reads only the body (no checks, no signers):
    the genesis then writes exactly the record the rule's own transaction writes."""
    return SimpleNamespace(body=body)


def apply_holding(state: State, row: dict[str, Any]) -> int:
    """Add one opening row's ranges to the holding, emit its genesis origin for the provenance index; return its tonnes."""
    ranges = serials.normalize(row["ranges"])
    sub = row.get("sub_state", AVAILABLE)
    key = keys.holding(row["account"], row["instrument"])
    holding = state.get(key) or {}
    state.put(key, {**holding, sub: serials.union(holding.get(sub, ()), ranges)})
    state.emit({"op": "genesis", "instrument": row["instrument"], "ranges": serials.to_json(ranges),
                "amount": serials.count(ranges), "to": row["account"], "to_sub": sub, "reason": OPENING_REASON})
    return serials.count(ranges)
