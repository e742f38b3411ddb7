"""`tanledger query …` and `audit …`: a table for people, `--json` for the node's answer as it is; ids as people type
them (lower-case accounts, a transaction by the prefix the tables print)."""
from __future__ import annotations

import json

import httpx
import pytest
import typer.main
from cli_helpers import A, assert_one_line

from cli.client import NodeClient
from cli.commands import query
from cli.ids import resolve_tx_id
from cli.main import app

TX = "ab12cd" + "0" * 58
OTHER = "ab12cd" + "f" * 58


def commands_of(group: str) -> dict[str, object]:
    """The subcommands of `tanledger <group>`."""
    root = typer.main.get_command(app)
    return root.commands[group].commands  # type: ignore[attr-defined]


@pytest.mark.parametrize("group", ["query", "audit"])
def test_every_query_and_audit_command_has_json(group):
    missing = [name for name, command in commands_of(group).items()
               if "--json" not in [opt for p in command.params for opt in p.opts]]
    assert missing == []


def search_stub(monkeypatch, results, seen):
    """query's NodeClient answering /v1/search with `results` and /v1/tx/{id} with a pending transaction."""
    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if request.url.path == "/v1/search":
            return httpx.Response(200, json={"q": request.url.params["q"], "results": results, "count": len(results)})
        return httpx.Response(200, json={"id": request.url.path.rsplit("/", 1)[1], "status": "pending"})
    monkeypatch.setattr(query, "NodeClient", lambda url: NodeClient(url, transport=httpx.MockTransport(handle)))


def hit(kind, id_):
    return {"kind": kind, "id": id_, "label": id_, "route": f"#/{kind}/{id_}"}


def test_tx_by_unique_prefix(invoke, monkeypatch):
    seen = []
    search_stub(monkeypatch, [hit("transaction", TX), hit("block", "12")], seen)
    result = invoke("query", "tx", "AB12CD00", "--json", "-n", "http://stub")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"id": TX, "status": "pending"}
    assert seen == ["http://stub/v1/search?q=ab12cd00&limit=20", f"http://stub/v1/tx/{TX}"]


def test_invalid_tx_prefix_ambiguous_lists_the_candidates(invoke, monkeypatch):
    search_stub(monkeypatch, [hit("transaction", OTHER), hit("transaction", TX)], [])
    assert_one_line(invoke("query", "tx", "ab12cd", "-n", "http://stub"), "ambiguous_id",
                    f"2 transaction ids start with ab12cd: {TX}, {OTHER}; type more characters")


def test_invalid_tx_prefix_matches_nothing(invoke, monkeypatch):
    search_stub(monkeypatch, [hit("account", "AB12CDEF")], [])
    assert_one_line(invoke("query", "tx", "ab12cdef", "-n", "http://stub"), "not_found",
                    "no transaction id starts with ab12cdef on this node")


@pytest.mark.parametrize("text", ["ab12c", "xyz123", TX + "0", "ab12 cd"])
def test_invalid_tx_id_shape(invoke, text):
    assert_one_line(invoke("query", "tx", text, "-n", "http://127.0.0.1:9"), "invalid_id", "a prefix of at least 6")


def test_full_tx_id_needs_no_search():
    def handle(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"no request expected: {request.url}")
    with NodeClient("http://stub", transport=httpx.MockTransport(handle)) as client:
        assert resolve_tx_id(client, TX.upper()) == TX


def test_invalid_tx_prefix_on_a_node_without_search(invoke, monkeypatch):
    monkeypatch.setattr(query, "NodeClient", lambda url: NodeClient(url, transport=httpx.MockTransport(
        lambda r: httpx.Response(404, json={"detail": "Not Found"}))))
    assert_one_line(invoke("query", "tx", "ab12cd", "-n", "http://stub"), "not_found", "give the transaction's whole id")


def test_queries_on_a_live_node_as_tables_and_json(invoke, market, live_node):
    url = live_node.url
    tx_id = httpx.get(f"{url}/v1/blocks/1").json()["tx_ids"][0]
    table = invoke("query", "tx", tx_id[:12], "-n", url)
    assert table.exit_code == 0, table.output
    assert f"transaction {tx_id}" in table.output and "register_participant" in table.output
    assert "receipt" in table.output and "ok" in table.output
    answer = invoke("query", "tx", tx_id[:12].upper(), "--json", "-n", url)
    assert json.loads(answer.output) == httpx.get(f"{url}/v1/tx/{tx_id}").json()

    account = invoke("query", "account", A.lower(), "-n", url)
    assert account.exit_code == 0, account.output
    assert f"account {A}" in account.output and f"企业 {A[-4:]}" in account.output
    assert json.loads(invoke("query", "account", A.lower(), "--json", "-n", url).output)["id"] == A

    for args, needle in [(("status",), "chain tanledger-test"), (("block", "1"), tx_id[:12]),
                         (("instrument", "CEA-2024"), "7,000 t"), (("notice", "2024", A.lower()), "CEA-2024"),
                         (("holdings", A.lower()), "7,000"), (("prices", "CEA-2024"), "published monthly")]:
        result = invoke("query", *args, "-n", url)
        assert result.exit_code == 0 and needle in result.output, result.output
        as_json = invoke("query", *args, "--json", "-n", url)
        assert isinstance(json.loads(as_json.output), dict), as_json.output


def test_audit_replay_and_trace_as_json(invoke, market, live_node):
    url = live_node.url
    replay = invoke("audit", "replay", "--json", "-n", url)
    assert replay.exit_code == 0, replay.output
    report = json.loads(replay.output)
    assert report["ok"] is True and report["divergence"] is None
    assert report["blocks"] == report["height"] >= 1 and report["txs"] >= 8 and report["failed"] == 0
    trace = json.loads(invoke("audit", "trace", "CEA-2024", "1", "--json", "-n", url).output)
    assert trace["holder"] == A and trace["events"][0]["op"] == "issue"


def test_block_table_lists_the_first_ids_and_counts_the_rest():
    from rich.console import Console

    from cli.views_query import BLOCK_TXS_SHOWN, block_table

    ids = [f"{n:02x}" * 32 for n in range(BLOCK_TXS_SHOWN + 5)]
    console = Console(width=200, record=True, color_system=None)
    console.print(block_table({"height": 9, "hash": "ab" * 32, "header": {}, "tx_ids": ids}))
    text = console.export_text()
    assert ids[BLOCK_TXS_SHOWN - 1][:12] in text and ids[BLOCK_TXS_SHOWN][:12] not in text
    assert "5 more transactions: --json lists every id" in text and "25" in text


def test_tx_table_names_the_signers_by_account(invoke, monkeypatch):
    committed = {"id": TX, "status": "committed", "type": "transfer", "height": 6, "index": 0, "log_index": 5,
                 "time": "2025-01-02T09:00:00.005+08:00", "signer_accounts": ["EXCHANGE"],
                 "payload": {"nonce": 2, "signers": ["c0ffee" * 10 + "abcd"], "body": {"amount": 1000}},
                 "receipt": {"code": "ok", "message": "", "events": []}}

    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=committed)
    monkeypatch.setattr(query, "NodeClient", lambda url: NodeClient(url, transport=httpx.MockTransport(handle)))
    result = invoke("query", "tx", TX, "-n", "http://stub")
    assert result.exit_code == 0, result.output
    signers = [line for line in result.output.splitlines() if "signers" in line]
    assert len(signers) == 1 and "EXCHANGE" in signers[0] and "c0ffee" not in signers[0]
