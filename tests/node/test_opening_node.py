"""A genesis with opening balances, through a solo node: supply balances from block 1, and the read models agree.

The holders index, the supply route, the holdings route and the provenance of a migrated tonne (which starts
at its genesis origin) are all read from the node's database, not from the contracts.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from contracts.genesis import genesis_state
from helpers import genesis_doc, pub, seed, uscc
from node_helpers import Signer, make_settings, open_node, post_tx, replay

OLD = "CEA-2023"
E1, E2 = uscc(1), uscc(2)


def opening_genesis() -> dict:
    """The test genesis with two entities and the books of 2023: 1,510 t of CEA-2023 in five accounts."""
    doc = genesis_doc()
    for pid, province in ((E1, "11"), (E2, "31")):
        doc["participants"].append({"id": pid, "name": f"重点排放单位 {pid[-4:]}", "roles": ["entity"], "pubkeys": [pub(pid)],
                                    "province": province, "sector": "power"})
    doc["opening"] = {
        "instruments": [{"id": OLD, "vintage": 2023, "name": "碳排放配额23", "issued": 1510}],
        "cycles": [{"year": 2023, "deadline": "2024-12-31T23:59:59+08:00", "eligible_vintages": [OLD]}],
        "holdings": [
            {"account": E1, "instrument": OLD, "ranges": [[1, 600]]},
            {"account": E1, "instrument": OLD, "ranges": [[601, 700]], "sub_state": "frozen"},
            {"account": E2, "instrument": OLD, "ranges": [[701, 900]]},
            {"account": "SURRENDERED-2023", "instrument": OLD, "ranges": [[901, 1500]]},
            {"account": "CANCELLED", "instrument": OLD, "ranges": [[1501, 1510]]},
        ],
        "obligations": [{"account": E1, "year": 2023, "verified": 1000, "allocated": 900, "surrendered": 600}],
    }
    return doc


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A node home with the opening genesis (conftest's `node` and `client` open it)."""
    folder = tmp_path / "home"
    folder.mkdir()
    (folder / "genesis.json").write_text(json.dumps(opening_genesis(), ensure_ascii=False), encoding="utf-8")
    (folder / "validator.key").write_text(seed("validator-1").hex() + "\n")
    return folder


def check_balanced(client, held: int, surrendered: dict[str, int]) -> dict:
    """The supply of CEA-2023 as the node serves it; assert it balances with the figures given."""
    supply = client.get(f"/v1/instruments/{OLD}").json()["supply"]
    assert supply["balanced"] is True and supply["issued"] == 1510
    assert (supply["held"], supply["surrendered_by_year"], supply["cancelled"]) == (held, surrendered, 10)
    return supply


def test_supply_balances_right_after_genesis(client) -> None:
    assert client.get("/v1/status").json()["height"] == 0
    supply = check_balanced(client, 900, {"2023": 600})
    assert supply["held_by_sub_state"] == {"available": 800, "frozen": 100, "earmarked": 0, "pending_surrender": 0, "pending_cancellation": 0,
                                          "pending_offset": 0}
    assert supply["holders"] == 2
    holdings = client.get(f"/v1/accounts/{E1}/holdings").json()["holdings"]
    assert holdings == [{"instrument": OLD, "total": 700, "sub_states": {
        "available": {"amount": 600, "ranges": [[1, 600]]}, "frozen": {"amount": 100, "ranges": [[601, 700]]}},
        "proof": f"/v1/proof/state/holding/{E1}/{OLD}"}]


def test_a_migrated_tonne_shows_its_genesis_origin(client) -> None:
    body = client.get(f"/v1/serials/{OLD}/650").json()
    assert (body["holder"], body["sub_state"], body["terminal"]) == (E1, "frozen", False)
    [origin] = body["events"]
    assert (origin["height"], origin["op"], origin["reason"], origin["to"], origin["to_sub"], origin["range"]) == (
        0, "genesis", "opening_balance", E1, "frozen", [601, 700])
    assert origin["tx_id"] == genesis_state(opening_genesis())[1].hash.hex()  # the genesis document's hash
    assert (origin["time"], origin["proof"]) == ("2024-01-02T09:00:00.000+08:00", "/v1/genesis")
    surrendered = client.get(f"/v1/serials/{OLD}/1200").json()
    assert (surrendered["holder"], surrendered["terminal"], surrendered["events"][0]["to"]) == ("SURRENDERED-2023", True,
                                                                                               "SURRENDERED-2023")


def test_supply_balances_after_block_1_and_the_chain_replays(client, node) -> None:
    signer = Signer()
    surrender = signer.sign("surrender", {"account": E1, "year": 2023, "instrument": OLD, "ranges": [[1, 100]]}, E1)
    post_tx(client, surrender)
    node.produce_now()
    assert client.get(f"/v1/tx/{surrender.id_hex}").json()["status"] == "committed"
    check_balanced(client, 800, {"2023": 700})
    trace = client.get(f"/v1/serials/{OLD}/42").json()
    assert [(e["height"], e["op"], e["to"]) for e in trace["events"]] == [(0, "genesis", E1), (1, "move", "SURRENDERED-2023")]
    assert trace["holder"] == "SURRENDERED-2023"
    assert client.get(f"/v1/compliance/2023/{E1}").json()["surrendered"] == 700
    state_root, _ = replay(client)
    assert state_root == node.state.root().hex()


def test_a_restarted_node_keeps_the_opening_balances(node, home: Path) -> None:
    root = node.state.root()
    node.close()
    again = open_node(make_settings(home))
    try:
        assert again.state.root() == root and again.store.get_holders(OLD).keys() == {E1, E2, "SURRENDERED-2023", "CANCELLED"}
        assert [e["op"] for e in again.store.get_serial_events(OLD, 1)] == ["genesis"]
    finally:
        again.close()
