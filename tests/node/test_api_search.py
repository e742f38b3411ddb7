"""API: GET /v1/search names what a text can mean — names, id prefixes, serials, heights, log indexes, tx ids."""
from __future__ import annotations

import pytest

from ccer_records import seed_ccer
from helpers import uscc
from node_helpers import Signer, cancel, commit_via_api, market_setup


@pytest.fixture
def market(client, node) -> str:
    """Entities 1–3 with CEA-2024, entity 1's cancellation (its tx id returned) and the CCER records beside them."""
    signer = Signer()
    for stage in market_setup(signer, [1, 2, 3]):
        commit_via_api(client, node, stage)
    cancelled = cancel(signer, 1, 50)
    commit_via_api(client, node, [cancelled])
    seed_ccer(node, cancelled.id_hex)
    return cancelled.id_hex


def found(client, q: str, **params) -> list[tuple[str, str]]:
    answer = client.get("/v1/search", params={"q": q, **params})
    assert answer.status_code == 200, answer.text
    return [(r["kind"], r["id"]) for r in answer.json()["results"]]


@pytest.mark.parametrize("q, expected", [
    ("重点排放单位 2", [("account", uscc(2))]),
    ("生态环境部", [("account", "MEE")]),
    ("rudong", [("project", "WIND-001")]),
    ("如东", [("project", "WIND-001")]),
    ("wind-00", [("project", "WIND-001"), ("project", "WIND-002")]),
    ("mee", [("account", "MEE")]),
    ("cea-2024", [("instrument", "CEA-2024")]),
    ("CEA-2024#1234", [("serial", "CEA-2024#1234")]),
    ("cea-2024 # 7", [("serial", "CEA-2024#7")]),
    ("block 2", [("block", "2")]),
    ("log 3", [("log", "3")]),
])
def test_search_finds(client, market, q, expected) -> None:
    assert found(client, q) == expected


def test_bare_number_offers_height_and_log_index(client, market) -> None:
    assert found(client, "2")[:2] == [("block", "2"), ("log", "2")]  # then names holding a "2"
    assert found(client, "999") == []


def test_exact_account_id_comes_before_longer_ids(client, market) -> None:
    assert found(client, "prov-") == [("account", "PROV-11"), ("account", "PROV-31"), ("account", "PROV-44")]
    exact = client.get("/v1/search", params={"q": "prov-11"}).json()["results"]
    assert exact[0] == {"kind": "account", "id": "PROV-11", "label": "省级生态环境主管部门 11",
                        "route": "#/account/PROV-11", "exact": True}


def test_beneficiary_by_name_leads_to_the_certificate(client, market) -> None:
    hits = client.get("/v1/search", params={"q": "公众"}).json()["results"]
    assert {(h["kind"], h["route"]) for h in hits} >= {("beneficiary", f"#/certificate/{market}")}


def test_tx_id_full_and_by_prefix(client, market) -> None:
    assert found(client, market.upper()) == [("transaction", market)]
    assert ("transaction", market) in found(client, market[:8])
    assert found(client, market[:5]) == []  # shorter than 6 hex characters: no transaction lookup


def test_limit_caps_results_and_count_says_all(client, market) -> None:
    answer = client.get("/v1/search", params={"q": "PROV-", "limit": 2}).json()
    assert len(answer["results"]) == 2 and answer["count"] > 2 and answer["q"] == "PROV-"


def test_index_follows_new_blocks(client, node, market) -> None:
    assert found(client, "重点排放单位 4") == []
    signer = Signer()
    signer.nonces = {"REGISTRY": client.get("/v1/accounts/REGISTRY").json()["nonce"]}
    commit_via_api(client, node, market_setup(signer, [4])[0][:1])
    assert found(client, "重点排放单位 4") == [("account", uscc(4))]


@pytest.mark.parametrize("q", ["", "   "])
def test_empty_query_refused(client, market, q) -> None:
    response = client.get("/v1/search", params={"q": q})
    assert response.status_code == 422 and response.json()["code"] == "invalid_request" and response.json()["message"]


def test_instruments_listed_with_supply(client, market) -> None:
    answer = client.get("/v1/instruments").json()
    assert [i["id"] for i in answer["instruments"]] == ["CEA-2024", "CEA-2023"] and answer["count"] == 2
    supply = answer["instruments"][0]["supply"]
    assert (supply["issued"], supply["cancelled"]) == (2100, 50)
    assert supply["issued"] == supply["held"] + supply["surrendered"] + supply["cancelled"] + supply["withdrawn"]
    assert client.get("/v1/instruments?kind=CCER").json()["count"] == 0


def test_instruments_paged(client, market) -> None:
    first = client.get("/v1/instruments?limit=1").json()
    assert [i["id"] for i in first["instruments"]] == ["CEA-2024"] and first["next"] == "CEA-2024"
    second = client.get(f"/v1/instruments?limit=1&cursor={first['next']}").json()
    assert [i["id"] for i in second["instruments"]] == ["CEA-2023"] and second["next"] is None
    bad = client.get("/v1/instruments?cursor=NOPE")
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_request"
