"""The one error handler: a LedgerError, a node's {code, message} or a refused connection is one red line, exit 1."""
from __future__ import annotations

import json
import socket
from pathlib import Path

import httpx
import pytest
from cli_helpers import assert_one_line, free_port_url

from cli.client import NodeClient
from cli.commands import query
from cli.commands.options import parse_tonnes
from cli.console import describe, fail_line
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


# -- every error case of issue 9: one line `error[code]: message`, exit code 1, no traceback, no exception names ---

@pytest.fixture
def taken_port():
    """A port of 127.0.0.1 a socket listens on during the test."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        yield s.getsockname()[1]


@pytest.mark.parametrize("url, part", [
    ("localhost:8080", "--node 'localhost:8080' has no scheme: write http://localhost:8080"),
    ("127.0.0.1:1317", "write http://127.0.0.1:1317"),
    ("http://", "names no valid host"),
    ("http://exa mple:1317", "names no valid host"),
    ("ftp://127.0.0.1:1317", "must start with http:// or https://"),
    ("http://127.0.0.1:99999", "the port must be 1 to 65535"),
    ("http://[::1", "is not a URL"),
])
def test_invalid_node_url(invoke, url, part):
    assert_one_line(invoke("query", "status", "-n", url), "invalid_url", part)


def test_invalid_node_url_from_the_environment(runner):
    from cli.main import app

    result = runner.invoke(app, ["query", "holdings", "a"], env={"TANLEDGER_NODE": "node-1:1317"})
    assert_one_line(result, "invalid_url", "write http://node-1:1317")


def test_invalid_node_unreachable_by_name(invoke):
    line = assert_one_line(invoke("query", "status", "-n", "http://no-such-host.invalid:1317"), "connection_refused")
    assert "cannot reach the node at http://no-such-host.invalid:1317" in line


@pytest.mark.parametrize("amount, part", [
    ("-5", "-5 t: give at least 1 t"),
    ("0", "0 t: give at least 1 t"),
    ("abc", "'abc' is not a whole number of tonnes"),
    ("1.5", "'1.5' is not a whole number of tonnes"),
    ("9007199254740992", "more than the ledger's largest amount, 9,007,199,254,740,991 t"),
])
@pytest.mark.parametrize("command", [
    ("tx", "transfer", "--from", "A", "--to", "B", "--instrument", "CEA-2024"),
    ("tx", "forced-surrender", "--account", "A", "--year", "2024", "--instrument", "CEA-2024", "--order-ref", "R-1"),
])
def test_invalid_amount(invoke, tmp_path, command, amount, part):
    result = invoke(*command, "-k", tmp_path / "k.json", "--amount", amount, "-n", free_port_url())
    assert_one_line(result, "invalid_option", "Invalid value for '--amount'", part)


@pytest.mark.parametrize("text, tonnes", [("1", 1), ("1,000", 1000), ("2_500", 2500), (" 7 ", 7)])
def test_parse_tonnes_as_people_type_them(text, tonnes):
    assert parse_tonnes(text) == tonnes


@pytest.mark.parametrize("args, code, part", [
    (["qury"], "usage", "No such command 'qury'. Did you mean 'query'?"),
    (["query", "statos"], "usage", "No such command 'statos'. Did you mean 'status'?"),
    (["tx", "transfr"], "usage", "Did you mean 'transfer'?"),
    (["audit", "replya"], "usage", "Did you mean 'replay'?"),
    (["--bogus"], "usage", "No such option: --bogus"),
    (["query", "status", "--jsn"], "usage", "No such option: --jsn"),
    (["query", "block", "abc"], "invalid_option", "Invalid value for 'height'"),
    (["tx", "transfer", "--amout", "5"], "usage", "No such option: --amout (Possible options: --amount"),
    (["tx", "transfer", "--amount", "5"], "missing_option", "Missing option '--key'"),
    (["query", "tx"], "missing_option", "Missing argument 'tx_id'"),
])
def test_invalid_usage(invoke, args, code, part):
    line = assert_one_line(invoke(*args), code, part)
    assert "--help`)" in line


def test_a_group_without_a_command_shows_its_help(invoke):
    result = invoke("query")
    assert "status" in result.output and "error[" not in result.output


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("make, part", [
    (lambda d: d / "missing.json", "no key file at {path}"),
    (lambda d: (d / "folder.json").mkdir() or d / "folder.json", "cannot read the key file {path}: Is a directory"),
    (lambda d: write(d / "k.json", "{\"name\": \"MEE\""), "{path} is not a key file: it is not JSON (expecting"),
    (lambda d: write(d / "k.json", "[1, 2]"), "{path} is not a key file: it holds no JSON object"),
    (lambda d: write(d / "k.json", "{\"name\": \"MEE\"}"), "{path} is not a key file: it has no 'seed' field"),
    (lambda d: write(d / "k.json", "{\"name\": \"MEE\", \"seed\": \"xyz\"}"), "its seed is not 64 hex characters"),
])
def test_invalid_key_file(invoke, tmp_path, make, part):
    path = make(tmp_path)
    assert_one_line(invoke("keys", "show", path), "key_file", part.format(path=path))
    result = invoke("tx", "transfer", "-k", path, "--from", "A", "--to", "B", "--instrument", "CEA-2024", "--amount", "5",
                    "-n", free_port_url())
    assert_one_line(result, "key_file", part.format(path=path))


@pytest.mark.parametrize("text, part", [
    ("{", "is not JSON: expecting property name enclosed in double quotes at line 1, column 2"),
    ("", "is not JSON: expecting value at line 1, column 1"),
    ("[2025]", "must hold one JSON object"),
])
def test_invalid_json_body_file(invoke, tmp_path, text, part):
    body = write(tmp_path / "calendar.json", text)
    result = invoke("tx", "set-calendar", "-k", tmp_path / "MEE.json", "--year", "2025", "--file", body, "-n", free_port_url())
    assert_one_line(result, "invalid_option", f"--file {body}", part)


def test_invalid_json_body_file_missing(invoke, tmp_path):
    result = invoke("tx", "set-calendar", "-k", tmp_path / "MEE.json", "--year", "2025", "--file", tmp_path / "none.json",
                    "-n", free_port_url())
    assert_one_line(result, "invalid_option", f"--file {tmp_path / 'none.json'}: No such file or directory")


def node_start(invoke, home: Path, *options: str):
    return invoke("node", "start", "--home", home, "--engine", "solo", "--clock", "sim",
                  "--sim-start", "2025-01-02T09:00:00+08:00", *options)


@pytest.mark.parametrize("db, code, part", [
    ("not a url", "invalid_db_url", "--db 'not a url' is not a database URL: write sqlite:////path/node.db or postgresql"),
    ("foo://bar/x", "invalid_db_url", "--db foo://bar/x: no driver for this kind of database here"),
    ("mysql://user@db/x", "invalid_db_url", "no driver for this kind of database here"),
    ("sqlite:////no-such-folder/x/node.db", "database",
     "cannot use the database sqlite:////no-such-folder/x/node.db: unable to open database file"),
])
def test_invalid_database_url(invoke, home, db, code, part):
    assert_one_line(node_start(invoke, home, "--db", db, "--port", "0"), code, part)


def test_invalid_database_unreachable_hides_its_password(invoke, home):
    port = free_port_url().rsplit(":", 1)[1]
    line = assert_one_line(node_start(invoke, home, "--db", f"postgresql+psycopg://tanledger:secret@127.0.0.1:{port}/x",
                                      "--port", "0"),
                           "database", f"cannot use the database postgresql+psycopg://tanledger:***@127.0.0.1:{port}/x: ",
                           "Connection refused")
    assert "secret" not in line


def test_invalid_node_start_port_in_use(invoke, home, taken_port):
    assert_one_line(node_start(invoke, home, "--port", str(taken_port)), "port_in_use",
                    f"port {taken_port} (the node's API) on 127.0.0.1 is already in use", "choose another --port")


def test_invalid_demo_port_in_use_before_any_work(invoke, tmp_path, taken_port):
    result = invoke("demo", "--entities", "40", "--port", taken_port, "--home", tmp_path / "demo", "--exit")
    assert_one_line(result, "port_in_use", f"port {taken_port} (API of validator 1)", "--port (or 0 to pick free ones)")
    assert not (tmp_path / "demo").exists()


def test_invalid_demo_port_in_use_names_the_cometbft_port(invoke, tmp_path, taken_port):
    result = invoke("demo", "--entities", "40", "--port", taken_port - 100, "--home", tmp_path / "demo", "--exit")
    assert_one_line(result, "port_in_use", f"{taken_port} (CometBFT RPC of validator 1)")


def test_invalid_network_up_port_in_use_before_writing(invoke, tmp_path, taken_port):
    result = invoke("network", "up", "--home", tmp_path / "net", "--validators", "2", "--api-port", taken_port - 1,
                    "--rpc-port", "46657")
    assert_one_line(result, "port_in_use", f"{taken_port} (API of validator 2)")
    assert not (tmp_path / "net").exists()


def test_invalid_network_database_url_before_writing(invoke, tmp_path):
    result = invoke("network", "init", "--home", tmp_path / "net", "--validators", "2", "--db", "sqlite:///a.db",
                    "--db", "postgres ql://x")
    assert_one_line(result, "invalid_db_url", "--db 'postgres ql://x' is not a database URL")
    assert not (tmp_path / "net").exists()


def test_network_status_as_json_and_table(invoke, tmp_path):
    home = tmp_path / "net"
    assert invoke("network", "init", "--home", home, "--validators", "2", "--api-port", free_port_url().rsplit(":", 1)[1],
                  "--rpc-port", "46657").exit_code == 0
    answer = json.loads(invoke("network", "status", "--home", home, "--json").output)
    assert [(v["validator"], v["status"], v["peers"]) for v in answer["validators"]] == [
        ("REGISTRY", None, None), ("EXCHANGE", None, None)]
    table = invoke("network", "status", "--home", home)
    assert table.exit_code == 0 and "REGISTRY" in table.output and "down" in table.output


def test_invalid_network_status_without_a_network(invoke, tmp_path):
    assert_one_line(invoke("network", "status", "--home", tmp_path / "none", "--json"), "no_network",
                    f"no network in {tmp_path / 'none'}")


def test_invalid_exchange_that_breaks_off_is_one_line(invoke, monkeypatch):
    def broken(request):
        raise httpx.RemoteProtocolError("", request=request)
    stub(monkeypatch, broken)
    assert_one_line(invoke("query", "status", "-n", "http://stub"), "connection",
                    "the exchange with the node failed: the connection closed")
