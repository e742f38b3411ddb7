"""A real node served over HTTP on 127.0.0.1 (uvicorn in a thread, SQLite in a temp home) with a small market.

The market, committed through the HTTP API one block per stage: entities 1, 2, 3 registered and
given 700 t of CEA-2024 each (serials 1–700, 701–1400, 1401–2100); 1 sends 100 t to 2; 3 cancels
50 t (serials 1401–1450) for a named beneficiary; verified emissions of 1 (500 t) and 2 (900 t);
1 surrenders 500 t. The compliance list of 2024 then reads A (1), B (2), C (3).
"""
from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Iterator

import httpx
import uvicorn

from helpers import uscc
from node_helpers import CEA, YEAR, Signer, make_settings, market_setup, open_node, transfer, write_home
from node.run import HTTP_LIMITS

STARTUP_WAIT_S = 15.0
BENEFICIARY = "北京冬奥组委 Beijing 2022 Organising Committee"


@dataclass
class ServedNode:
    """The node, its URL and the ids of the transactions the market committed."""

    url: str
    node: object
    server: uvicorn.Server
    thread: threading.Thread
    txs: dict[str, str] = field(default_factory=dict)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=STARTUP_WAIT_S)
        self.node.close()


def serve(home: Path) -> ServedNode:
    """Open a node on `home` (test genesis, validator v1, solo engine, simulated clock, blocks on demand) and serve it."""
    from node.api import create_app

    settings = make_settings(write_home(home))
    node = open_node(settings)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(settings, node), log_level="warning", lifespan="on", **HTTP_LIMITS))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_WAIT_S
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the node's HTTP server did not start")
        time.sleep(0.02)
    return ServedNode(f"http://127.0.0.1:{sock.getsockname()[1]}", node, server, thread)


def commit(served: ServedNode, http: httpx.Client, txs: list) -> None:
    """POST each transaction, make one block, check each one committed."""
    for tx in txs:
        response = http.post("/v1/tx", content=tx.raw, headers={"content-type": "application/json"})
        assert response.status_code == 202, response.text
    served.node.produce_now()
    for tx in txs:
        assert http.get(f"/v1/tx/{tx.id_hex}").json()["status"] == "committed"


def build_market(served: ServedNode) -> None:
    """Commit the module docstring's market; record its transaction ids in `served.txs`."""
    signer = Signer()
    with httpx.Client(base_url=served.url) as http:
        for stage in market_setup(signer, [1, 2, 3]):
            commit(served, http, stage)
        moved = transfer(signer, 1, 2, amount=100)
        cancelled = signer.sign("cancel", {"account": uscc(3), "instrument": CEA, "amount": 50, "purpose": "large_event_neutrality",
                                           "beneficiary": BENEFICIARY,
                                           "reason": "carbon-neutral event"}, uscc(3))
        commit(served, http, [moved, cancelled])
        emissions = [signer.sign("record_emissions", {"account": uscc(n), "year": YEAR, "verified_t": t}, "PROV-11")
                     for n, t in ((1, 500), (2, 900))]
        commit(served, http, emissions)
        surrendered = signer.sign("surrender", {"account": uscc(1), "year": YEAR, "instrument": CEA, "amount": 500}, uscc(1))
        commit(served, http, [surrendered])
    served.txs.update(transfer=moved.id_hex, cancel=cancelled.id_hex, surrender=surrendered.id_hex,
                      emissions=emissions[0].id_hex)


@contextmanager
def market_served(home: Path) -> Iterator[ServedNode]:
    """A node of its own (own address, so own browser storage) with build_market's market, stopped on exit."""
    node = serve(home)
    try:
        build_market(node)
        yield node
    finally:
        node.stop()
