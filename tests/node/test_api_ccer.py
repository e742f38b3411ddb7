"""API: the CCER registry's public record — projects, methodologies, VVBs, cancellation certificates, provenance."""
from __future__ import annotations

import pytest

from ccer_records import CCER_TX, T0, forget_certificate, seed_ccer
from helpers import uscc
from node_helpers import Signer, cancel, commit_via_api, market_setup

from node.api.views_ccer import fold_certificates, issue_provenance


@pytest.fixture
def ccer(client, node) -> str:
    """Entities 1–3 with CEA-2024; entity 1 cancelled 50 t (a real transaction, whose id is returned); the CCER
    records of ccer_records.py written beside them."""
    signer = Signer()
    for stage in market_setup(signer, [1, 2, 3]):
        commit_via_api(client, node, stage)
    cancelled = cancel(signer, 1, 50)
    commit_via_api(client, node, [cancelled])
    seed_ccer(node, cancelled.id_hex)
    return cancelled.id_hex


def ids(answer: dict, name: str = "projects", key: str = "id") -> list[str]:
    return [item[key] for item in answer[name]]


def test_projects_listed_by_id(client, ccer) -> None:
    answer = client.get("/v1/projects").json()
    assert ids(answer) == ["FOREST-01", "WIND-001", "WIND-002"] and answer["count"] == 3 and answer["next"] is None
    first = answer["projects"][1]
    assert (first["status"], first["owner"], first["late"], first["url"]) == ("registered", uscc(1), True, "/v1/projects/WIND-001")
    assert first["registered"].endswith("+08:00")


@pytest.mark.parametrize("query, expected", [
    ("status=registered", ["WIND-001"]), ("methodology=CCER-14-001-V01", ["FOREST-01"]), ("province=32", ["WIND-001", "WIND-002"]),
    (f"owner={uscc(1)}", ["FOREST-01", "WIND-001", "WIND-002"]), (f"owner={uscc(2)}", []), ("q=dafeng", ["WIND-002"]),
    ("q=造林", ["FOREST-01"]), ("q=wind-00", ["WIND-001", "WIND-002"]), ("status=registered&province=46", [])])
def test_projects_filtered(client, ccer, query, expected) -> None:
    assert ids(client.get(f"/v1/projects?{query}").json()) == expected


@pytest.mark.parametrize("limit, pages", [(1, [["FOREST-01"], ["WIND-001"], ["WIND-002"]]),
                                          (2, [["FOREST-01", "WIND-001"], ["WIND-002"]]),
                                          (3, [["FOREST-01", "WIND-001", "WIND-002"]])])
def test_projects_paged_with_cursor(client, ccer, limit, pages) -> None:
    seen, cursor = [], None
    while True:
        answer = client.get("/v1/projects", params={"limit": limit, **({"cursor": cursor} if cursor else {})}).json()
        seen.append(ids(answer))
        cursor = answer["next"]
        if cursor is None:
            break
    assert seen == pages


@pytest.mark.parametrize("query, code", [("cursor=NOPE", "invalid_request"), ("limit=0", "invalid_request"),
                                         ("limit=501", "invalid_request")])
def test_bad_paging_refused(client, ccer, query, code) -> None:
    response = client.get(f"/v1/projects?{query}")
    assert response.status_code == 422 and response.json()["code"] == code and response.json()["message"]


def test_project_record_with_windows_documents_commitments(client, ccer) -> None:
    p = client.get("/v1/projects/WIND-001").json()
    assert p["status"] == "registered" and p["windows"]["publicity"]["opens"] == "2023-03-01T10:00:00.000+08:00"
    assert p["windows"]["publicity"]["closes_ms"] == T0 + 28 * 86_400_000 and p["windows"]["publicity"]["open"] is False
    assert p["windows"]["decision_due"] == p["application"]["decision_due"] and p["application"]["decision_due_ms"] == T0 + 52 * 86_400_000
    assert [d["kind"] for d in p["documents"]] == ["design_document", "validation_report", "application_commitment", "comment",
                                                    "monitoring_report 1", "verification_report 1", "issuance_commitment 1"]
    assert p["documents"][0] == {"kind": "design_document", "hash": "ab" * 32, "tx": "01" * 32, "time": "2023-03-01T10:00:00.000+08:00"}
    assert p["commitments"]["validation"]["by"] == [uscc(2)] and p["commitments"]["validation"]["tx"] == "02" * 32
    application = p["commitments"]["application"]
    assert application["by"] == [uscc(1), uscc(2)] and application["proof"] == f"/v1/proof/inclusion/{'03' * 32}"
    assert p["comments"] == 1 and p["proof"] == "/v1/proof/state/ccer/project/WIND-001"


def test_project_reports_issuances_and_late_flags(client, ccer) -> None:
    p = client.get("/v1/projects/WIND-001").json()
    report = p["reports"][0]
    assert (report["number"], report["verifying_vvb"], report["verification"]["amount"]) == (1, uscc(3), 1000)
    assert report["application"]["decision_due"].endswith("+08:00") and report["decision"]["outcome"] == "registered"
    assert [(i["instrument"], i["ranges"], i["amount"]) for i in p["issuances"]] == [
        ("CCER-WIND-001-2022", [[1, 600]], 600), ("CCER-WIND-001-2023", [[1, 400]], 400)]
    assert p["late"] == {"registration": True, "issuances": []}


def test_project_window_open_and_no_steps_yet(client, ccer) -> None:
    p = client.get("/v1/projects/WIND-002").json()
    assert p["windows"]["publicity"]["open"] is True and p["windows"]["decision_due"] is None
    assert p["commitments"] == {"validation": None, "application": None} and p["reports"] == [] and p["issuances"] == []
    assert [d["kind"] for d in p["documents"]] == ["design_document"]


@pytest.mark.parametrize("path, status, code", [("/v1/projects/NOPE-1", 404, "not_found"),
                                                ("/v1/projects/bad%20id", 422, "invalid_request"),
                                                (f"/v1/cancellations/{'ee' * 32}", 404, "not_found"),
                                                ("/v1/cancellations/xyz", 422, "invalid_request")])
def test_unknown_or_malformed_is_code_and_message(client, ccer, path, status, code) -> None:
    response = client.get(path)
    assert response.status_code == status and response.json()["code"] == code and response.json()["message"]


def test_methodologies_and_vvbs(client, ccer) -> None:
    codes = ids(client.get("/v1/methodologies").json(), "methodologies", "code")
    assert codes == ["CCER-01-002-V01", "CCER-14-001-V01"]
    vvbs = client.get("/v1/vvbs").json()["vvbs"]
    assert [(v["vvb"], v["status"], v["fields"]) for v in vvbs] == [(uscc(2), "active", ["01", "14"]), (uscc(3), "suspended", ["01"])]
    assert vvbs[1]["history"][1]["status"] == "suspended" and vvbs[1]["history"][1]["time"].endswith("+08:00")
    assert vvbs[0]["name"] == "重点排放单位 2"


def test_cancellations_newest_first_with_proof_links(client, ccer) -> None:
    answer = client.get("/v1/cancellations").json()
    assert ids(answer, "cancellations", "tx") == [CCER_TX, ccer] and answer["amount"] == 150
    assert [c["recorded"] for c in answer["cancellations"]] == [True, True]
    cea = answer["cancellations"][1]
    assert cea["proof"] == f"/v1/proof/inclusion/{ccer}" and cea["project"] is None
    assert client.get(cea["proof"]).status_code == 200  # the certificate's transaction is provably in the log
    assert client.get(f"/v1/cancellations/{ccer}").json()["beneficiary"] == "公众"


@pytest.mark.parametrize("query, count", [("purpose=public_interest", 1), ("purpose=company_offset", 0),
                                          ("beneficiary=杭州亚运会 Hangzhou Asian Games", 1), ("project=WIND-001", 1),
                                          ("instrument=CEA-2024", 1), (f"account={uscc(1)}", 2), ("limit=1", 2)])
def test_cancellations_filtered(client, ccer, query, count) -> None:
    assert client.get(f"/v1/cancellations?{query}").json()["count"] == count


def test_cancellations_paged(client, ccer) -> None:
    first = client.get("/v1/cancellations?limit=1").json()
    second = client.get(f"/v1/cancellations?limit=1&cursor={first['next']}").json()
    assert ids(first, "cancellations", "tx") == [CCER_TX] and ids(second, "cancellations", "tx") == [ccer]
    assert second["next"] is None


def test_cea_issue_has_no_provenance(client, ccer) -> None:
    events = client.get("/v1/serials/CEA-2024/1").json()["events"]
    assert events[0]["op"] == "issue" and events[0]["provenance"] is None


def test_issue_provenance_read_from_the_receipt() -> None:
    commitments = {"project_application": "03" * 32, "validation": "02" * 32, "verification": "06" * 32,
                   "issuance_application": "07" * 32}
    receipt = {"events": [{"op": "issue", "instrument": "CCER-WIND-001-2022", "ranges": [[1, 600]], "amount": 600, "to": uscc(1),
                           "to_sub": "available", "reason": "ccer_issuance", "project": "WIND-001", "report": 1,
                           "methodology": "CCER-01-002-V01", "period": ["2022-07-01", "2023-06-30"],
                           "validating_vvb": uscc(2), "verifying_vvb": uscc(3), "commitments": commitments}]}
    found = issue_provenance(receipt, "CCER-WIND-001-2022", 600)
    assert found["project"] == "WIND-001" and found["commitments"] == commitments and "ranges" not in found
    assert issue_provenance(receipt, "CCER-WIND-001-2022", 601) is None
    assert issue_provenance(receipt, "CCER-WIND-001-2023", 1) is None


def test_older_cancellation_certificate_read_from_its_event(client, node, ccer) -> None:
    older = cancel(Signer(), 2, 20)  # entity 2's first transaction
    commit_via_api(client, node, [older])
    forget_certificate(node, older.id_hex)  # as on a chain that cancelled before certificates were recorded
    certificate = client.get(f"/v1/cancellations/{older.id_hex}").json()
    assert (certificate["recorded"], certificate["account"], certificate["amount"], certificate["ranges"]) == (
        False, uscc(2), 20, [[701, 720]])
    assert certificate["beneficiary"] == "公众" and certificate["proof"] == f"/v1/proof/inclusion/{older.id_hex}"
    not_a_cancellation = client.get("/v1/blocks/1").json()["tx_ids"][0]
    assert client.get(f"/v1/cancellations/{not_a_cancellation}").json()["code"] == "not_found"


def test_certificate_event_links_the_cancelling_move() -> None:
    move = {"op": "move", "tx_id": "aa" * 32, "to": "CANCELLED"}
    events = [{"op": "issue", "tx_id": "bb" * 32}, move, {"op": "certificate", "tx_id": "aa" * 32, "to": None}]
    hops = fold_certificates(events)
    assert [e["op"] for e in hops] == ["issue", "move"] and hops[1]["certificate"] == f"/v1/cancellations/{'aa' * 32}"
    assert fold_certificates([{"op": "certificate", "tx_id": "cc" * 32}]) == []
