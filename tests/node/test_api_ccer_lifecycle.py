"""API over real CCER transactions: a project from its design document to an issued and cancelled CCER."""
from __future__ import annotations

import pytest

from ccer_lifecycle import V1, V2, run_lifecycle
from node_helpers import commit_via_api

@pytest.fixture
def lifecycle(client, node) -> dict:
    """ccer_lifecycle.run_lifecycle on the test node, through the API."""
    return run_lifecycle(node, lambda txs: commit_via_api(client, node, txs))


def test_project_record_of_real_transactions(client, lifecycle) -> None:
    p = client.get("/v1/projects/WIND-9").json()
    assert p["status"] == "registered" and p["late"] == {"registration": False, "issuances": []}
    assert p["commitments"]["validation"]["tx"] == lifecycle["validate"]
    assert p["commitments"]["application"]["tx"] == lifecycle["apply"]
    assert p["issuances"] == [{"instrument": "CCER-WIND-9-2021", "report": 1, "ranges": [[1, 1000]], "amount": 1000,
                               "url": "/v1/instruments/CCER-WIND-9-2021"}]
    assert [r["status"] for r in p["reports"]] == ["issued"]
    assert client.get("/v1/projects?status=registered").json()["count"] == 1


def test_tonne_trace_shows_the_issue_provenance(client, lifecycle) -> None:
    issue = client.get("/v1/serials/CCER-WIND-9-2021/1").json()["events"][0]
    origin = issue["provenance"]
    assert (origin["project"], origin["report"], origin["validating_vvb"], origin["verifying_vvb"]) == ("WIND-9", 1, V1, V2)
    assert origin["commitments"] == {"project_application": lifecycle["apply"], "validation": lifecycle["validate"],
                                     "verification": lifecycle["verify"], "issuance_application": lifecycle["apply_issuance"]}


def test_certificate_of_a_real_cancellation(client, lifecycle) -> None:
    c = client.get(f"/v1/cancellations/{lifecycle['cancel']}").json()
    assert (c["recorded"], c["project"], c["amount"], c["purpose"]) == (True, "WIND-9", 100, "company_offset")
    assert client.get(c["proof"]).status_code == 200
    assert client.get("/v1/cancellations?project=WIND-9").json()["count"] == 1
