"""`tanledger tx set-calendar` and the recovery subcommands: bodies from the project's calendar or a file."""
from __future__ import annotations

import json

import pytest

from cli.commands import tx_accounts
from cli.workdays import get_calendar_body
from cli_helpers import A
from contracts import HANDLERS

K = ("-k", "any.json")


@pytest.fixture
def sent(monkeypatch):
    """Capture what the commands would sign and send."""
    captured = []
    monkeypatch.setattr(tx_accounts, "send", lambda node, type_, body, keys, nonce, wait: captured.append((type_, body)))
    return captured


def test_set_calendar_sends_the_projects_year(invoke, sent):
    result = invoke("tx", "set-calendar", *K, "--year", "2025")
    assert result.exit_code == 0, result.output
    assert sent == [("set_calendar", get_calendar_body(2025))]
    assert "2025-10-11" in sent[0][1]["adjusted_working_days"]


def test_set_calendar_reads_a_file(invoke, sent, tmp_path):
    body = {"year": 2027, "holidays": ["2027-01-01"], "adjusted_working_days": [], "source": "国务院办公厅通知"}
    path = tmp_path / "2027.json"
    path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    result = invoke("tx", "set-calendar", *K, "--year", "2027", "--file", str(path))
    assert result.exit_code == 0, result.output
    HANDLERS["set_calendar"].check_shape(sent[0][1])


def test_invalid_set_calendar_year_not_in_the_project(invoke, sent):
    result = invoke("tx", "set-calendar", *K, "--year", "2030")
    assert result.exit_code == 1 and not sent
    assert "error[no_calendar]: the project's calendar has no year 2030 (it has 2024, 2025, 2026)" in result.output


def test_invalid_set_calendar_file_of_another_year(invoke, sent, tmp_path):
    path = tmp_path / "y.json"
    path.write_text(json.dumps(get_calendar_body(2024)), encoding="utf-8")
    result = invoke("tx", "set-calendar", *K, "--year", "2025", "--file", str(path))
    assert result.exit_code == 1 and not sent
    assert "holds the calendar of 2024, not of --year 2025" in result.output


def test_request_key_recovery_without_threshold(invoke, sent):
    result = invoke("tx", "request-key-recovery", *K, "-k", "b.json", "--account", A, "--request-ref", "KR-1", "--pubkey", "ab" * 32)
    assert result.exit_code == 0, result.output
    assert sent == [("request_key_recovery", {"account": A, "request_ref": "KR-1", "pubkeys": ["ab" * 32]})]
