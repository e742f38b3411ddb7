"""API: accounts and holdings, instruments and supply, serial provenance, the compliance list."""
from __future__ import annotations

import pytest

from contracts.fields import get_time
from helpers import uscc
from node_helpers import CEA, SIM_START, Signer, cancel, commit_via_api, market_setup, transfer


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
        {"instrument": CEA, "total": 600, "sub_states": {"available": {"amount": 600, "ranges": [[101, 700]]}},
         "proof": f"/v1/proof/state/holding/{uscc(1)}/{CEA}"}]}
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
    # every cancellation writes its certificate (issue 8): the cancelling move links to it, it is no hop of its own
    assert ended["events"][-1]["certificate"] == f"/v1/cancellations/{ended['events'][-1]['tx_id']}"
    assert all(e["op"] != "certificate" for e in ended["events"])
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


@pytest.fixture
def after_deadline(client, node, market) -> Signer:
    """The market of `market` through the 2024 deadline: entity 1 verified 600 t and surrendered 600 t (A), entity 2
    verified 800 t and surrendered 700 t (B), entity 3 has no verified emissions (C); after the deadline the exchange
    published the December price, PROV-11 enforced entity 2's shortfall and entity 2 corrected it."""
    signer = market
    commit_via_api(client, node, [signer.sign("record_emissions", {"account": uscc(n), "year": 2024, "verified_t": t},
                                              "PROV-11") for n, t in ((1, 600), (2, 800))])
    commit_via_api(client, node, [signer.sign("surrender", {"account": uscc(n), "year": 2024, "instrument": CEA,
                                                            "amount": t}, uscc(n)) for n, t in ((1, 600), (2, 700))])
    moment = {"t": SIM_START}, {"t": "2026-01-02T09:00:00+08:00"}
    node.clock.advance(get_time(moment[1], "t") - get_time(moment[0], "t"))
    commit_via_api(client, node, [signer.sign("publish_price", {"instrument": CEA, "month": "2025-12",
                                                                "avg_price_fen": 9749}, "EXCHANGE")])
    order = {"account": uscc(2), "year": 2024, "price_instrument": CEA, "price_month": "2025-12", "multiple": 5,
             "order_ref": "FX-1", "correction_deadline": "2026-03-31T23:59:59+08:00"}
    commit_via_api(client, node, [signer.sign("enforce_shortfall", order, "PROV-11")])
    commit_via_api(client, node, [signer.sign("surrender", {"account": uscc(2), "year": 2024, "instrument": CEA,
                                                            "amount": 100}, uscc(2))])
    return signer


def test_compliance_shows_the_status_fixed_at_the_deadline_beside_the_current_one(client, after_deadline) -> None:
    body = client.get("/v1/compliance/2024").json()
    statuses = {s["account"]: s for s in body["statuses"]}
    assert [(statuses[uscc(n)]["status"], statuses[uscc(n)]["fixed"]["status"]) for n in (1, 2, 3)] == [
        ("A", "A"), ("A", "B"), ("C", "C")]
    assert [statuses[uscc(n)]["changed_since_deadline"] for n in (1, 2, 3)] == [False, True, False]
    assert body["fixed_summary"]["completion"] == {"numerator": 1300, "denominator": 1400}
    assert body["fixed_summary"]["completion_bp"] == 9286 and body["summary"]["completion_bp"] == 10000
    fixed_proof = client.get(statuses[uscc(2)]["fixed_proof"]).json()
    assert fixed_proof["value"]["status"] == "B"
    one = client.get(f"/v1/compliance/2024/{uscc(2)}").json()
    assert (one["status"], one["fixed"]["status"], one["late_surrendered"], one["corrected"]) == ("A", "B", 100, 100)


def test_compliance_before_the_deadline_has_nothing_fixed(client, market) -> None:
    body = client.get("/v1/compliance/2024").json()
    assert body["fixed_summary"] is None and {s["fixed"] for s in body["statuses"]} == {None}


def test_compliance_notice_and_prices(client, after_deadline) -> None:
    notice = client.get(f"/v1/compliance/2024/{uscc(1)}/notice").json()
    assert (notice["obligation_t"], notice["offset_cap_t"], notice["allocation"]["allocated"]) == (600, 30, 700)
    assert notice["deadline_text"] == "2025-12-31T23:59:59+08:00" and notice["status"] == "A"
    prices = client.get(f"/v1/prices/{CEA}").json()["prices"]
    assert [(p["month"], p["avg_price_fen"]) for p in prices] == [("2025-12", 9749)]
    assert client.get(prices[0]["proof"]).json()["value"]["avg_price_fen"] == 9749


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
    (f"/v1/compliance/2024/{uscc(99)}/notice", 404, "not_found"),
    ("/v1/compliance/2030/REGISTRY/notice", 422, "not_eligible"),
    (f"/v1/compliance/2030/{uscc(1)}/notice", 404, "not_found"),
    ("/v1/prices/CEA-2099", 404, "not_found"),
    ("/v1/prices/cea", 422, "invalid_request"),
])
def test_bad_registry_queries(client, market, path: str, status: int, code: str) -> None:
    response = client.get(path)
    assert response.status_code == status, response.json()
    assert response.json()["code"] == code
