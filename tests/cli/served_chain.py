"""A chain built in memory (tests/helpers.Chain) and served as the node's API through httpx.MockTransport.

`tamper` changes one served block so that the replay must find the divergence.
"""
from __future__ import annotations

import base64
import copy
from typing import Any
from collections.abc import Callable

import httpx

from helpers import Chain, bilateral_genesis_doc, pub, uscc


def build_chain() -> Chain:
    """Five blocks: two registrations, a vintage, an issuance-free transfer attempt (refused), one more registration."""
    chain = Chain.new_bilateral()
    for n in (1, 2):
        body = {"id": uscc(n), "name": f"企业 {n}", "roles": ["entity"], "pubkeys": [pub(uscc(n))], "province": "11", "sector": "power"}
        chain.run("register_participant", body, "REGISTRY")
    chain.run("create_instrument", {"id": "CEA-2024", "vintage": 2024}, "MEE")
    chain.run("transfer", {"from": uscc(1), "to": uscc(2), "instrument": "CEA-2024", "amount": 5}, uscc(1))
    chain.run("register_participant", {"id": uscc(3), "name": "企业 3", "roles": ["holder"], "pubkeys": [pub(uscc(3))]}, "REGISTRY")
    return chain


def block_views(chain: Chain) -> list[dict[str, Any]]:
    """The blocks as GET /v1/blocks serves them (the Chain helper commits `{"height": h}`)."""
    return [{"height": b.header.height, "hash": b.header.hash().hex(), "header": b.header.to_json(),
             "commit": {"height": b.header.height}, "txs": [base64.b64encode(tx.raw).decode() for tx in b.txs]}
            for b in chain.blocks]


def transport(chain: Chain, views: list[dict[str, Any]], page: int = 2) -> httpx.MockTransport:
    """The node's /v1/status, /v1/genesis and paged /v1/blocks for `views`."""
    def handle(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/v1/status":
            return httpx.Response(200, json={"chain_id": chain.tip.chain_id, "height": len(views), "mempool_size": 0,
                                             "block_hash": chain.tip.hash.hex(), "log_size": chain.tip.log.size})
        if path == "/v1/genesis":
            return httpx.Response(200, json=bilateral_genesis_doc())
        if path == "/v1/blocks":
            first, last = int(request.url.params["from"]), int(request.url.params.get("to", len(views)))
            end = min(last, first + page - 1)
            return httpx.Response(200, json={"blocks": views[first - 1:end], "next": end + 1 if end < last else None})
        return httpx.Response(404, json={"code": "not_found", "message": f"no route {path}"})
    return httpx.MockTransport(handle)


def tamper(views: list[dict[str, Any]], height: int, change: Callable[[dict[str, Any]], None]) -> list[dict[str, Any]]:
    """A copy of `views` with block `height` changed by `change`."""
    changed = copy.deepcopy(views)
    change(changed[height - 1])
    return changed
