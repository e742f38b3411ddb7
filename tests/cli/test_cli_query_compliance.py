"""`tanledger query compliance`: a page with filters and the line saying what it left out, --csv, compliance_all."""
from __future__ import annotations

import csv
import io
import json
import re
import sys
from pathlib import Path
from typing import Iterator

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "explorer"))  # served_compliance: a node served over HTTP

from cli.client import NodeClient
from compliance_market import expected_status, province_of
from helpers import uscc
from served_compliance import serve_compliance_market
from served_node import ServedNode

ALL = sorted(uscc(n) for n in range(1, 15))


@pytest.fixture(scope="module")
def listed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedNode]:
    """A served node with the 14 entities of tests/node/compliance_market.py, before the deadline."""
    served = serve_compliance_market(tmp_path_factory.mktemp("cli-compliance") / "home", enforced=False)
    yield served
    served.stop()


def run_ok(invoke, *args: str) -> str:
    result = invoke("query", "compliance", "2024", *args)
    assert result.exit_code == 0, result.output
    return result.output


def test_a_page_says_how_many_it_left_out_and_how_to_get_the_next(invoke, listed) -> None:
    output = run_ok(invoke, "--limit", "5", "-n", listed.url)
    assert "compliance 2024: 14 entities" in output and uscc(1) in output
    assert "5 of 14 matching entities shown; 9 left out." in output
    cursor = re.search(r"--limit 5 --cursor (\S+)", output).group(1)
    assert cursor == ALL[4]
    following = json.loads(run_ok(invoke, "--limit", "5", "--cursor", cursor, "--json", "-n", listed.url))
    assert [row["account"] for row in following["statuses"]] == ALL[5:10]
    last = run_ok(invoke, "--limit", "5", "--cursor", ALL[9], "-n", listed.url)
    assert "4 of 14 matching entities shown." in last and "left out" not in last


def test_filters_reach_the_node_and_the_next_command_keeps_them(invoke, listed) -> None:
    answer = json.loads(run_ok(invoke, "--province", "31", "--json", "-n", listed.url))
    assert [row["account"] for row in answer["statuses"]] == [a for n, a in enumerate(ALL, 1) if province_of(n) == "31"]
    output = run_ok(invoke, "--status", "C", "--sort", "name", "--desc", "--limit", "1", "-n", listed.url)
    wanted = sum(expected_status(n) == "C" for n in range(1, 15))
    assert f"1 of {wanted} matching entities shown" in output
    assert "tanledger query compliance 2024 --status C --sort name --desc --limit 1 --cursor" in output


def test_csv_file_has_the_whole_list(invoke, listed, tmp_path) -> None:
    target = tmp_path / "c.csv"
    output = run_ok(invoke, "--csv", target, "--limit", "2", "-n", listed.url)
    assert f"wrote 14 entities to {target}" in output.replace("\n", "")
    data = target.read_bytes()
    assert data.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [row["account"] for row in rows] == ALL and rows[0]["province_name"] == "北京"


def test_csv_to_stdout_with_filters(invoke, listed) -> None:
    output = run_ok(invoke, "--csv", "-", "--status", "B", "-n", listed.url)
    rows = list(csv.DictReader(io.StringIO(output)))
    assert not output.startswith("\ufeff") and {row["status"] for row in rows} == {"B"}
    assert len(rows) == sum(expected_status(n) == "B" for n in range(1, 15))


def test_a_bad_filter_is_one_error_line_naming_the_valid_values(invoke, listed) -> None:
    result = invoke("query", "compliance", "2024", "--sector", "coal", "-n", listed.url)
    assert result.exit_code == 1 and "invalid_request" in result.output and "power, steel" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_compliance_all_follows_every_page(listed) -> None:
    with NodeClient(listed.url) as client:
        whole = client.compliance_all(2024, limit=3)
        page = client.compliance(2024, limit=3)
    assert [row["account"] for row in whole["statuses"]] == ALL and whole["next"] is None
    assert len(page["statuses"]) == 3 and page["next"] == ALL[2] and whole["summary"] == page["summary"]
