"""The lists and bulk reads: paging through every page gives the whole list, bulk receipts equal the single reads,
unknown ids are named, limits are refused with 413 or 422."""
from __future__ import annotations

import pytest
from helpers import uscc
from node_helpers import CEA, Signer, commit_via_api, market_setup, transfer

ENTITIES = [1, 2, 3]
ROUNDS = 4  # blocks of transfers 1 → 2 and 2 → 3


@pytest.fixture
def market(client, node) -> dict:
    """Entities 1–3 with CEA-2024; then ROUNDS blocks of a transfer 1 → 2 and 2 → 3 (amounts 1, 2, …)."""
    signer, ids = Signer(), []
    for stage in market_setup(signer, ENTITIES):
        commit_via_api(client, node, stage)
        ids += [tx.id_hex for tx in stage]
    for n in range(1, ROUNDS + 1):
        txs = [transfer(signer, 1, 2, amount=n), transfer(signer, 2, 3, amount=n)]
        commit_via_api(client, node, txs)
        ids += [tx.id_hex for tx in txs]
    return {"ids": ids}


def pages(client, path: str, name: str, limit: int) -> tuple[list, list]:
    """Every item of a paged list, following `next`; and each page's `count`."""
    items, counts, cursor = [], [], None
    while True:
        answer = client.get(path, params={"limit": limit, **({"cursor": cursor} if cursor else {})})
        assert answer.status_code == 200, answer.json()
        body = answer.json()
        items += body[name]
        counts.append(body["count"])
        cursor = body["next"]
        if cursor is None:
            return items, counts


@pytest.mark.parametrize("limit", [1, 3, 1000])
def test_account_txs_pages_make_the_whole_history(client, market, limit: int) -> None:
    whole = client.get(f"/v1/accounts/{uscc(2)}/txs", params={"limit": 1000}).json()
    items, counts = pages(client, f"/v1/accounts/{uscc(2)}/txs", "txs", limit)
    assert items == whole["txs"] and set(counts) == {len(items)}
    # registered, given emissions and an allocation, then 4 transfers in and 4 out
    assert len(items) == 3 + 2 * ROUNDS
    assert [(t["height"], t["log_index"]) for t in items] == sorted(((t["height"], t["log_index"]) for t in items), reverse=True)


def test_account_txs_roles_and_fields(client, market) -> None:
    txs = client.get(f"/v1/accounts/{uscc(1)}/txs").json()["txs"]
    by_type = {}
    for t in txs:
        by_type.setdefault(t["type"], set()).add(t["role"])
    assert by_type == {"transfer": {"signer"}, "allocate": {"party"}, "record_emissions": {"party"},
                       "register_participant": {"party"}}
    single = client.get(f"/v1/tx/{txs[0]['tx_id']}").json()
    assert (txs[0]["height"], txs[0]["log_index"], txs[0]["time"], txs[0]["status"]) == \
        (single["height"], single["log_index"], single["time"], "committed")
    registry = client.get("/v1/accounts/REGISTRY/txs").json()
    assert {t["role"] for t in registry["txs"]} == {"signer"} and registry["count"] == 3 + len(ENTITIES)


def test_signer_accounts_of_a_transaction(client, market) -> None:
    allocation = next(i for i in market["ids"] if client.get(f"/v1/tx/{i}").json()["type"] == "allocate")
    assert client.get(f"/v1/tx/{allocation}").json()["signer_accounts"] == ["PROV-11", "REGISTRY"]


@pytest.mark.parametrize("limit", [1, 2, 1000])
def test_holders_pages_make_the_whole_list_largest_first(client, market, limit: int) -> None:
    items, counts = pages(client, f"/v1/instruments/{CEA}/holders", "holders", limit)
    holdings = {uscc(n): client.get(f"/v1/accounts/{uscc(n)}/holdings").json()["holdings"][0] for n in ENTITIES}
    assert [(h["account"], h["amount"], h["sub_states"]) for h in items] == sorted(
        ((a, x["total"], x["sub_states"]) for a, x in holdings.items()), key=lambda r: (-r[1], r[0]))
    names = {uscc(n): f"重点排放单位 {n}" for n in ENTITIES}
    assert [h["name"] for h in items] == [names[h["account"]] for h in items]
    assert set(counts) == {len(ENTITIES)}


def test_block_txs_pages_make_the_block(client, market) -> None:
    height = client.get("/v1/status").json()["height"] - ROUNDS  # the block of allocations and emissions
    block = client.get(f"/v1/blocks/{height}").json()
    items, counts = pages(client, f"/v1/blocks/{height}/txs", "txs", 2)
    assert [t["tx_id"] for t in items] == block["tx_ids"] and set(counts) == {len(block["tx_ids"])}
    assert {(t["type"], tuple(t["signers"])) for t in items} == {("record_emissions", ("PROV-11",)),
                                                                ("allocate", ("PROV-11", "REGISTRY"))}


def test_bulk_receipts_equal_the_single_reads(client, market) -> None:
    unknown = "ab" * 32
    asked = [*market["ids"][::-1], unknown, market["ids"][0].upper()]
    answer = client.post("/v1/receipts", json={"ids": asked})
    assert answer.status_code == 200
    receipts = answer.json()["receipts"]
    assert receipts[:-2] == [client.get(f"/v1/tx/{i}").json() for i in market["ids"][::-1]]
    assert receipts[-2] == {"tx_id": unknown, "status": "unknown"}
    assert receipts[-1]["id"] == market["ids"][0]


def test_bulk_receipts_refuse_too_many_and_bad_ids(client) -> None:
    too_many = client.post("/v1/receipts", json={"ids": ["ab" * 32] * 10_001})
    assert too_many.status_code == 413 and too_many.json()["code"] == "too_large"
    bad = client.post("/v1/receipts", json={"ids": ["xyz"]})
    assert bad.status_code == 422 and "'xyz'" in bad.json()["message"]
    missing = client.post("/v1/receipts", json={"id": []})
    assert missing.status_code == 422 and missing.json()["code"] == "invalid_request"


def test_nonces_of_many_accounts(client, market) -> None:
    answer = client.get("/v1/nonces", params={"accounts": f"{uscc(1)},{uscc(2)},{uscc(3)},REGISTRY"}).json()
    singles = {a: client.get(f"/v1/accounts/{a}").json()["nonce"] for a in answer["nonces"]}
    assert answer["nonces"] == singles == {uscc(1): ROUNDS, uscc(2): ROUNDS, uscc(3): 0, "REGISTRY": len(ENTITIES)}  # co-signing an allocation takes no nonce


@pytest.mark.parametrize("accounts, status, words", [
    ("NOBODY-1,REGISTRY", 404, "NOBODY-1"), ("", 422, "at least one"), (",".join(f"A{n}" for n in range(1001)), 413, "1001"),
    ("lower", 422, "'lower'")])
def test_nonces_refusals(client, accounts: str, status: int, words: str) -> None:
    answer = client.get("/v1/nonces", params={"accounts": accounts})
    assert answer.status_code == status and words in answer.json()["message"]


@pytest.mark.parametrize("path", [f"/v1/accounts/{uscc(1)}/txs", f"/v1/instruments/{CEA}/holders", "/v1/blocks/1/txs"])
def test_paging_refusals(client, market, path: str) -> None:
    for limit in (0, 1001):
        answer = client.get(path, params={"limit": limit})
        assert answer.status_code == 422 and answer.json()["code"] == "invalid_request"
    bad = client.get(path, params={"cursor": "not-a-cursor"})
    assert bad.status_code == 422 and "`next` of the previous page" in bad.json()["message"]


@pytest.mark.parametrize("path, words", [("/v1/accounts/NOBODY-1/txs", "NOBODY-1"), ("/v1/instruments/CEA-1999/holders",
                                         "CEA-1999"), ("/v1/blocks/999/txs", "999")])
def test_unknown_ids_are_404(client, path: str, words: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 404 and words in answer.json()["message"]
