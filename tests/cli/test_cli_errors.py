"""The one error handler: a LedgerError, a node's {code, message} or a refused connection is one red line, exit 1."""
from __future__ import annotations

import httpx
import pytest

from cli.client import NodeClient
from cli.commands import query
from cli.console import describe, fail_line
from cli_helpers import free_port_url
from ledger.errors import InsufficientHolding


def stub(monkeypatch, handler):
    monkeypatch.setattr(query, "NodeClient", lambda url: NodeClient(url, transport=httpx.MockTransport(handler)))


def test_invalid_connection_refused_names_the_url(invoke):
    url = free_port_url()
    result = invoke("query", "status", "-n", url)
    assert result.exit_code == 1
    assert result.output.strip() == f"error[connection_refused]: cannot reach the node at {url}: is `tanledger node start` running?"


def test_invalid_node_error_answer_is_one_line(invoke, monkeypatch):
    stub(monkeypatch, lambda r: httpx.Response(503, json={"code": "mempool_full", "message": "100000 transactions are pending"}))
    result = invoke("query", "status", "-n", "http://stub")
    assert result.exit_code == 1
    assert result.output.splitlines() == ["error[mempool_full]: 100000 transactions are pending"]


def test_invalid_node_answer_without_json(invoke, monkeypatch):
    stub(monkeypatch, lambda r: httpx.Response(502, text="<html>bad gateway</html>"))
    result = invoke("query", "status", "-n", "http://stub")
    assert result.exit_code == 1
    assert result.output.strip() == "error[http_502]: Bad Gateway"


def test_invalid_fastapi_detail_answer(invoke, monkeypatch):
    stub(monkeypatch, lambda r: httpx.Response(405, json={"detail": "Method Not Allowed"}))
    result = invoke("query", "status", "-n", "http://stub")
    assert result.output.strip() == "error[http_405]: Method Not Allowed"


def test_a_bug_is_not_hidden(invoke, monkeypatch):
    def broken(request):
        raise ZeroDivisionError("bug")
    stub(monkeypatch, broken)
    result = invoke("query", "status", "-n", "http://stub")
    assert isinstance(result.exception, ZeroDivisionError)


def test_describe_ledger_error():
    assert describe(InsufficientHolding("holding 1 t < 2 t")) == ("insufficient_holding", "holding 1 t < 2 t")
    assert describe(ValueError("x")) is None


@pytest.mark.parametrize("message", ["[bold]not markup[/bold]", "a [b] c"])
def test_fail_line_escapes_markup(message):
    from rich.console import Console

    console = Console(width=200, record=True, color_system=None)
    console.print(fail_line("code", message))
    assert console.export_text().strip() == f"error[code]: {message}"
