"""`tanledger tx …` and `tanledger query …` against a live node: sign with key files, nonces from the node."""
from __future__ import annotations

import json

from cli_helpers import A, B


def holdings(invoke, url, account):
    result = invoke("query", "holdings", account, "--json", "-n", url)
    assert result.exit_code == 0, result.output
    return {h["instrument"]: h["total"] for h in json.loads(result.output)["holdings"]}


def test_tx_register_commits_and_prints_the_receipt(invoke, live_node, market):
    result = invoke("query", "account", A, "--json", "-n", live_node.url)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["roles"] == ["entity"]


def test_tx_takes_the_next_nonce_from_the_node(invoke, live_node, market):
    def nonce(account):
        return json.loads(invoke("query", "account", account, "--json", "-n", live_node.url).output)["nonce"]

    # Only the primary (first) signer's nonce counts: REGISTRY registered twice and co-signed the allocation;
    # the MEE set up two vintages and cycles, PROV-11 recorded the 2023 basis and allocated
    assert (nonce("REGISTRY"), nonce("MEE"), nonce("PROV-11")) == (2, 4, 2)


def test_tx_allocate_with_two_signatures(invoke, live_node, market):
    assert holdings(invoke, live_node.url, A) == {"CEA-2024": 7000}


def test_invalid_tx_transfer_signed_by_the_holder_while_bilateral_transfers_are_off(invoke, live_node, market):
    result = invoke("tx", "transfer", "-n", live_node.url, "-k", market / f"{A}.json", "--from", A, "--to", B,
                    "--instrument", "CEA-2024", "--amount", "1500")
    assert result.exit_code == 1
    assert result.output.startswith("error[exchange_settlement_required]: ")
    assert "settle the trade through the exchange" in result.output


def test_tx_transfer_signed_by_the_holder(invoke, live_node, market):
    result = invoke("tx", "set-market-rules", "-n", live_node.url, "-k", live_node.key("MEE"), "--rule", "bilateral_transfers=true")
    assert result.exit_code == 0, result.output
    result = invoke("tx", "transfer", "-n", live_node.url, "-k", market / f"{A}.json", "--from", A, "--to", B,
                    "--instrument", "CEA-2024", "--amount", "1500")
    assert result.exit_code == 0, result.output
    assert "committed at height" in result.output and "move 1,500 t CEA-2024" in result.output
    assert holdings(invoke, live_node.url, B) == {"CEA-2024": 1500}


def test_tx_transfer_settled_by_the_exchange_with_ranges(invoke, live_node, market):
    result = invoke("tx", "transfer", "-n", live_node.url, "-k", live_node.key("EXCHANGE"), "--from", A, "--to", B,
                    "--instrument", "CEA-2024", "--ranges", "1-10,21-30", "--trade-ref", "CEEX-202503-000001")
    assert result.exit_code == 0, result.output
    serial = json.loads(invoke("query", "serial", "CEA-2024", "25", "--json", "-n", live_node.url).output)
    assert serial["holder"] == B and [e["reason"] for e in serial["events"]] == ["pre_allocation", "transfer"]


def test_tx_surrender_after_verification(invoke, live_node, market):
    n = live_node
    result = invoke("tx", "record-emissions", "-n", n.url, "-k", n.key("PROV-11"), "--account", A, "--year", "2024",
                    "--verified", "6000", "--report-ref", "MRV-1")
    assert result.exit_code == 0, result.output
    result = invoke("tx", "surrender", "-n", n.url, "-k", market / f"{A}.json", "--account", A, "--year", "2024",
                    "--instrument", "CEA-2024", "--amount", "6000")
    assert result.exit_code == 0, result.output
    status = json.loads(invoke("query", "compliance", "2024", "--account", A, "-n", n.url).output)
    assert status["status"] == "A" and status["surrendered"] == 6000
    table = invoke("query", "compliance", "2024", "-n", n.url)
    assert table.exit_code == 0 and "completion 100.00 %" in table.output


def test_query_notice_states_obligation_cap_and_allocation(invoke, live_node, market):
    n = live_node
    result = invoke("tx", "record-emissions", "-n", n.url, "-k", n.key("PROV-11"), "--account", A, "--year", "2024",
                    "--verified", "6000")
    assert result.exit_code == 0, result.output
    result = invoke("query", "notice", "2024", A, "--json", "-n", n.url)
    assert result.exit_code == 0, result.output
    notice = json.loads(result.output)
    assert (notice["obligation_t"], notice["offset_cap_t"], notice["allocation"]["allocated"]) == (6000, 300, 7000)


def test_tx_no_wait_answers_with_the_id(invoke, live_node, market):
    result = invoke("tx", "cancel", "-n", live_node.url, "-k", market / f"{A}.json", "--account", A, "--instrument", "CEA-2024",
                    "--amount", "5", "--purpose", "company_offset", "--beneficiary", "某某公司", "--reason", "自愿注销",
                    "--no-wait")
    assert result.exit_code == 0, result.output
    tx_id = result.output.split()[2]
    assert len(tx_id) == 64


def test_invalid_tx_insufficient_holding_is_one_red_line(invoke, live_node, market):
    result = invoke("tx", "transfer", "-n", live_node.url, "-k", live_node.key("EXCHANGE"), "--from", A, "--to", B,
                    "--instrument", "CEA-2024", "--amount", "7001", "--trade-ref", "CEEX-202503-000002")
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == ["error[insufficient_holding]: holding 7000 t < requested 7001 t"]


def test_invalid_tx_unauthorized_signer(invoke, live_node, market):
    result = invoke("tx", "transfer", "-n", live_node.url, "-k", market / f"{B}.json", "--from", A, "--to", B,
                    "--instrument", "CEA-2024", "--amount", "1")
    assert result.exit_code == 1
    assert result.output.startswith("error[unauthorized]: ")


def test_invalid_tx_amount_and_ranges(invoke, live_node, market):
    result = invoke("tx", "transfer", "-n", live_node.url, "-k", market / f"{A}.json", "--from", A, "--to", B,
                    "--instrument", "CEA-2024", "--amount", "1", "--ranges", "1-1")
    assert result.exit_code == 1
    assert result.output.strip() == "error[invalid_option]: give exactly one of --amount or --ranges"


def test_query_status_block_tx_instrument(invoke, live_node, market):
    status = json.loads(invoke("query", "status", "--json", "-n", live_node.url).output)
    assert status["chain_id"] == "tanledger-test" and status["height"] >= 5
    block = json.loads(invoke("query", "block", "1", "--json", "-n", live_node.url).output)
    assert block["height"] == 1
    supply = json.loads(invoke("query", "instrument", "CEA-2024", "--json", "-n", live_node.url).output)["supply"]
    assert supply["issued"] == 7000


def test_invalid_query_unknown_account(invoke, live_node):
    result = invoke("query", "account", "NOBODY", "-n", live_node.url)
    assert result.exit_code == 1
    assert result.output.strip() == "error[not_found]: account NOBODY does not exist"
