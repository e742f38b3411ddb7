"""API: accounts and holdings, instruments and supply, serial provenance, the compliance list."""
from __future__ import annotations

import pytest

from helpers import uscc
from node_helpers import CEA, Signer, cancel, commit_via_api, market_setup, transfer


@pytest.fixture
def market(client, node) -> Signer:
    """Entities 1, 2, 3 got 700 t each (serials 1–700, 701–1400, 1401–2100); 1 sent serials 1–100 to 2;
    3 cancelled 50 t (serials 1401–1450)."""
    signer = Signer()
    for stage in market_setup(signer, [1, 2, 3]):
        commit_via_api(client, node, stage)
    commit_via_api(client, node, [transfer(signer, 1, 2, amount=100), cancel(signer, 3, 50)])
    return signer


def test_account_record_and_nonce(client, market) -> None:
    body = client.get(f"/v1/accounts/{uscc(1)}").json()
    assert body["id"] == uscc(1) and body["roles"] == ["entity"] and body["status"] == "active" and body["nonce"] == 1
    assert client.get("/v1/accounts/REGISTRY").json()["nonce"] == 3  # 3 registrations
    assert client.get("/v1/accounts/PROV-11").json()["nonce"] == 6  # 3 records of 2023 emissions, 3 allocations


def test_holdings_by_sub_state(client, market) -> None:
    first = client.get(f"/v1/accounts/{uscc(1)}/holdings").json()
    assert first == {"account": uscc(1), "holdings": [
        {"instrument": CEA, "total": 600, "sub_states": {"available": {"amount": 600, "ranges": [[101, 700]]}}}]}
    second = client.get(f"/v1/accounts/{uscc(2)}/holdings").json()["holdings"][0]
    assert second["sub_states"]["available"] == {"amount": 800, "ranges": [[1, 100], [701, 1400]]}
    cancelled = client.get("/v1/accounts/CANCELLED/holdings").json()["holdings"][0]
    assert cancelled["total"] == 50 and cancelled["sub_states"]["available"]["ranges"] == [[1401, 1450]]
    assert client.get("/v1/accounts/MEE/holdings").json()["holdings"] == []


def test_instrument_supply_sums_holdings(client, market) -> None:
    body = client.get(f"/v1/instruments/{CEA}").json()
    assert body["id"] == CEA and body["issued"] == 2100
    supply = body["supply"]
    assert (supply["issued"], supply["held"], supply["cancelled"], supply["surrendered"], supply["withdrawn"]) == (2100, 2050, 50, 0, 0)
    assert supply["held_by_sub_state"]["available"] == 2050 and supply["holders"] == 3 and supply["balanced"] is True


def test_serial_provenance_in_order(client, market) -> None:
    body = client.get(f"/v1/serials/{CEA}/42").json()
    assert (body["holder"], body["sub_state"], body["terminal"]) == (uscc(2), "available", False)
    assert [(e["op"], e["from"], e["to"], e["reason"]) for e in body["events"]] == [
        ("issue", None, uscc(1), "pre_allocation"), ("move", uscc(1), uscc(2), "transfer")]
    assert [e["height"] for e in body["events"]] == [3, 4] and body["events"][1]["range"] == [1, 100]
    assert body["events"][1]["tx_id"] and body["events"][1]["time"].endswith("+08:00")
    ended = client.get(f"/v1/serials/{CEA}/1450").json()
    assert (ended["holder"], ended["terminal"], ended["events"][-1]["to"]) == ("CANCELLED", True, "CANCELLED")
    untouched = client.get(f"/v1/serials/{CEA}/2100").json()
    assert untouched["holder"] == uscc(3) and len(untouched["events"]) == 1


def test_compliance_list_and_one_entity(client, market) -> None:
    body = client.get("/v1/compliance/2024").json()
    assert body["year"] == 2024 and body["cycle"]["eligible_vintages"] == [CEA]
    assert [s["account"] for s in body["statuses"]] == sorted(uscc(n) for n in (1, 2, 3))
    assert [s["name"] for s in body["statuses"]] == [f"重点排放单位 {n}" for n in (1, 2, 3)]
    assert {s["status"] for s in body["statuses"]} == {"C"}  # verified emissions not yet entered
    assert body["summary"]["entities"] == 3
    one = client.get(f"/v1/compliance/2024/{uscc(1)}").json()
    assert one["account"] == uscc(1) and one["status"] == "C" and one["allocated"] == 700


@pytest.mark.parametrize("path, status, code", [
    (f"/v1/accounts/{uscc(99)}", 404, "not_found"),
    (f"/v1/accounts/{uscc(99)}/holdings", 404, "not_found"),
    ("/v1/accounts/not-an-id", 422, "invalid_request"),
    ("/v1/instruments/CEA-2099", 404, "not_found"),
    ("/v1/instruments/cea", 422, "invalid_request"),
    (f"/v1/serials/{CEA}/0", 422, "invalid_request"),
    (f"/v1/serials/{CEA}/-5", 422, "invalid_request"),
    (f"/v1/serials/{CEA}/abc", 422, "invalid_request"),
    (f"/v1/serials/{CEA}/99999999999999999999", 422, "invalid_request"),
    (f"/v1/serials/{CEA}/2101", 404, "not_found"),
    ("/v1/serials/CEA-2099/1", 404, "not_found"),
    ("/v1/compliance/1999", 422, "invalid_request"),
    (f"/v1/compliance/2024/{uscc(99)}", 404, "not_found"),
])
def test_bad_registry_queries(client, market, path: str, status: int, code: str) -> None:
    response = client.get(path)
    assert response.status_code == status, response.json()
    assert response.json()["code"] == code
