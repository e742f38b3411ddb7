"""The client's bulk reads against a live node: receipts and nonces in chunks equal the one-by-one reads."""
from __future__ import annotations

import pytest
from cli_helpers import A, B

from cli import client as client_module
from cli.client import NodeClient
from cli.console import ApiError


def committed_ids(client: NodeClient) -> list[str]:
    return [tx_id for h in range(1, client.status()["height"] + 1) for tx_id in client.block(h)["tx_ids"]]


@pytest.mark.parametrize("chunk", [2, 10_000])
def test_get_txs_equals_the_single_reads_in_order(live_node, market, monkeypatch, chunk: int) -> None:
    monkeypatch.setattr(client_module, "MAX_RECEIPTS", chunk)
    with NodeClient(live_node.url) as client:
        ids = committed_ids(client)[::-1] + ["00" * 32]
        answers = client.get_txs(ids)
        assert len(ids) > 2 * chunk or chunk == 10_000
        assert answers[:-1] == [client.get_tx(tx_id) for tx_id in ids[:-1]]
        assert answers[-1] == {"tx_id": "00" * 32, "status": "unknown"}


def test_nonces_in_chunks_equal_the_account_reads(live_node, market, monkeypatch) -> None:
    monkeypatch.setattr(client_module, "MAX_NONCES", 1)
    with NodeClient(live_node.url) as client:
        accounts = ["REGISTRY", "MEE", "PROV-11", A, B]
        assert client.nonces(accounts) == {a: client.account(a)["nonce"] for a in accounts}
        assert client.next_nonce("MEE") == client.account("MEE")["nonce"] + 1
        with pytest.raises(ApiError) as refused:
            client.nonces(["NOBODY-1"])
        assert refused.value.code == "not_found" and "NOBODY-1" in refused.value.message
