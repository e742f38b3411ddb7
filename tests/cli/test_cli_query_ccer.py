"""`tanledger query projects|project|methodologies|vvbs|cancellations` against a live node holding CCER records."""
from __future__ import annotations

import json

import pytest

from ccer_records import CCER_TX, seed_ccer


@pytest.fixture
def ccer_node(live_node):
    """The live node with the CCER records of tests/node/ccer_records.py (a made-up CEA certificate beside the CCER one)."""
    seed_ccer(live_node.node, "ee" * 32)
    return live_node


def run_ok(invoke, *args: str) -> str:
    result = invoke("query", *args)
    assert result.exit_code == 0, result.output
    return result.output


def test_projects_table_and_filters(invoke, ccer_node) -> None:
    table = run_ok(invoke, "projects", "-n", ccer_node.url)
    assert "CCER projects: 3" in table and "WIND-001" in table and "late" in table
    answer = json.loads(run_ok(invoke, "projects", "--status", "registered", "--json", "-n", ccer_node.url))
    assert [p["id"] for p in answer["projects"]] == ["WIND-001"]
    paged = json.loads(run_ok(invoke, "projects", "--limit", "1", "--cursor", "FOREST-01", "--json", "-n", ccer_node.url))
    assert [p["id"] for p in paged["projects"]] == ["WIND-001"] and paged["next"] == "WIND-001"
    assert "FOREST-01" in run_ok(invoke, "projects", "--search", "hainan", "-n", ccer_node.url)


def test_project_shows_windows_commitments_and_issuances(invoke, ccer_node) -> None:
    table = run_ok(invoke, "project", "WIND-001", "-n", ccer_node.url)
    for expected in ("publicity window", "decision due", "late decision", "commitment: application", "CCER-WIND-001-2022",
                     "600 t (report 1)"):
        assert expected in table
    assert json.loads(run_ok(invoke, "project", "WIND-001", "--json", "-n", ccer_node.url))["late"]["registration"] is True


def test_unknown_project_is_one_error_line(invoke, ccer_node) -> None:
    result = invoke("query", "project", "NOPE-1", "-n", ccer_node.url)
    assert result.exit_code == 1 and "not_found" in result.output and "NOPE-1" in result.output


def test_methodologies_vvbs_cancellations(invoke, ccer_node) -> None:
    assert "CCER-14-001-V01" in run_ok(invoke, "methodologies", "-n", ccer_node.url)
    assert "suspended" in run_ok(invoke, "vvbs", "-n", ccer_node.url)
    table = run_ok(invoke, "cancellations", "-n", ccer_node.url)
    assert "cancellation certificates: 2, 150 t" in table and "large_event_neutrality" in table
    answer = json.loads(run_ok(invoke, "cancellations", "--project", "WIND-001", "--json", "-n", ccer_node.url))
    assert [c["tx"] for c in answer["cancellations"]] == [CCER_TX]


def test_trace_names_the_origin_of_a_ccer_tonne() -> None:
    from cli.commands.query import origin_lines

    provenance = {"project": "WIND-001", "report": 1, "methodology": "CCER-01-002-V01", "period": ["2022-07-01", "2023-06-30"],
                  "validating_vvb": "V1", "verifying_vvb": "V2", "commitments": {"validation": "02" * 32}}
    lines = origin_lines({"events": [{"op": "issue", "provenance": provenance}, {"op": "move"}]})
    assert lines[0].startswith("issued from project WIND-001, report 1") and "2022-07-01 … 2023-06-30" in lines[0]
    assert lines[1] == f"  commitment validation: tx {'02' * 32}"
    assert origin_lines({"events": [{"op": "issue", "provenance": None}]}) == []
