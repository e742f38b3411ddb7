"""The registry's records: accounts and holdings, instruments and supply, serial provenance, compliance, prices."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from ledger import keys
from ledger.constants import is_terminal_account
from ledger.errors import NotEligible, NotFound

from ..clock import parse_time
from ..state_proofs import state_proof_url
from .deps import AccountId, InstrumentId, NodeDep, Serial, Year
from .errors import error_responses
from .models_registry import (Account, ComplianceNotice, ComplianceStatus, Holdings, Instrument, Prices,
                              SerialProvenance)
from .views import compute_supply, event_view, find_sub_state, holding_view
from .views_ccer import fold_certificates, issue_provenance

from contracts import compliance_notice, status_fixing

router = APIRouter(prefix="/v1", tags=["registry"])


def _require(node: Any, key: str, what: str) -> Any:
    value = node.store.get_state(key)
    if value is None:
        raise NotFound(f"{what} does not exist")
    return value


@router.get("/accounts/{account_id}", response_model=Account, responses=error_responses(404, 422))
def get_account(node: NodeDep, account_id: AccountId) -> dict[str, Any]:
    """A participant's record (roles, keys, status) and the last nonce its key used."""
    record = _require(node, keys.participant(account_id), f"account {account_id}")
    return {**record, "nonce": node.store.get_state(keys.nonce(account_id)) or 0}


@router.get("/accounts/{account_id}/holdings", response_model=Holdings, responses=error_responses(404, 422))
def get_holdings(node: NodeDep, account_id: AccountId) -> dict[str, Any]:
    """Every instrument the account holds: per sub-state the serial ranges and the amount; its state proof's URL."""
    if not is_terminal_account(account_id):
        _require(node, keys.participant(account_id), f"account {account_id}")
    entries = node.store.scan_state(keys.holding_prefix(account_id))
    prefix = len(keys.holding_prefix(account_id))
    return {"account": account_id, "holdings": [{**holding_view(key[prefix:], value), "proof": state_proof_url(key)}
                                                for key, value in entries]}


@router.get("/instruments/{instrument_id}", response_model=Instrument, responses=error_responses(404, 422))
def get_instrument(node: NodeDep, instrument_id: InstrumentId) -> dict[str, Any]:
    """An instrument's record and its supply: issued, held, surrendered, cancelled, withdrawn."""
    record = _require(node, keys.instrument(instrument_id), f"instrument {instrument_id}")
    return {**record, "supply": compute_supply(record, node.store.get_holders(instrument_id)),
            "proof": state_proof_url(keys.instrument(instrument_id))}


@router.get("/serials/{instrument_id}/{serial}", response_model=SerialProvenance,
            responses=error_responses(404, 422))
def get_serial(node: NodeDep, instrument_id: InstrumentId, serial: Serial) -> dict[str, Any]:
    """The provenance of one tonne: every event that touched it, in order, and who holds it now."""
    record = _require(node, keys.instrument(instrument_id), f"instrument {instrument_id}")
    if serial >= record["next_serial"]:
        raise NotFound(f"serial {serial} of {instrument_id} was never issued (issued up to {record['next_serial'] - 1})")
    events = fold_certificates(node.store.get_serial_events(instrument_id, serial))
    holder, sub = _find_holder(node, instrument_id, serial, events[-1]["to"] if events else None)
    return {"instrument": instrument_id, "serial": serial, "holder": holder, "sub_state": sub,
            "terminal": holder is not None and is_terminal_account(holder),
            "events": [_with_provenance(node, event_view(e, parse_time(node.genesis["genesis_time"])), instrument_id, serial)
                       for e in events]}


def _with_provenance(node: Any, event: dict[str, Any], instrument: str, serial: int) -> dict[str, Any]:
    """An issue event with the provenance its transaction's receipt names (a CCER's project, report, VVBs,
    commitments), None for other events and for issues without any."""
    if event["op"] != "issue" or event["height"] == 0:
        return event
    stored = node.store.get_tx(bytes.fromhex(event["tx_id"]))
    return {**event, "provenance": None if stored is None else issue_provenance(stored.receipt, instrument, serial)}


def _find_holder(node: Any, instrument: str, serial: int, likely: str | None) -> tuple[str | None, str | None]:
    """The account and sub-state holding `serial`: the last event's receiver, else a search of the holders."""
    if likely is not None:
        sub = find_sub_state(node.store.get_state(keys.holding(likely, instrument)), serial)
        if sub is not None:
            return likely, sub
    for account, holding in node.store.get_holders(instrument).items():
        sub = find_sub_state(holding, serial)
        if sub is not None:
            return account, sub
    return None, None


@router.get("/compliance/{year}/{account_id}", response_model=ComplianceStatus, responses=error_responses(404, 422))
def get_compliance_of(node: NodeDep, year: Year, account_id: AccountId) -> dict[str, Any]:
    """One entity's compliance status for a year, current and fixed at the deadline."""
    _require(node, keys.participant(account_id), f"account {account_id}")
    with node.lock:
        status = status_fixing.compute_public_status(node.state, year, account_id)
        recorded = node.state.get(keys.obligation(year, account_id)) is not None
        height = node.tip.height
    return {**status, "proof": state_proof_url(keys.obligation(year, account_id), height) if recorded else None}


@router.get("/compliance/{year}/{account_id}/notice", response_model=ComplianceNotice,
            responses=error_responses(404, 422, also=(NotEligible,)))
def get_compliance_notice(node: NodeDep, year: Year, account_id: AccountId) -> dict[str, Any]:
    """The compliance notice (履约通知) of an entity and year: obligation, deadline, CCER offset cap, allocation to date."""
    with node.lock:
        notice = compliance_notice.compute_notice(node.state, year, account_id)
        height = node.tip.height
    return {**notice, "height": height}


@router.get("/prices/{instrument_id}", response_model=Prices, responses=error_responses(404, 422))
def get_prices(node: NodeDep, instrument_id: InstrumentId) -> dict[str, Any]:
    """The exchange's published monthly average prices of an instrument (fen per tonne), oldest month first."""
    _require(node, keys.instrument(instrument_id), f"instrument {instrument_id}")
    entries = node.store.scan_state(keys.price_prefix(instrument_id))
    return {"instrument": instrument_id,
            "prices": [{**record, "proof": state_proof_url(key)} for key, record in entries]}
