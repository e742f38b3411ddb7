"""A node with one of every kind of record, for the OpenAPI test: every GET route has something real to answer.

Entities 1–3 with CEA-2024 (pre-allocated 700 t each); 1 sends 100 t to 2, 3 cancels 50 t; the CCER project
WIND-9's whole life (ccer_lifecycle.py: registered, 1,000 t issued, 100 t cancelled); verified 2024 emissions and
surrenders; after the 2024 deadline the December price, an enforced shortfall and its correction.
"""
from __future__ import annotations

from typing import Any

from ccer_lifecycle import run_lifecycle
from contracts.fields import get_time
from helpers import uscc
from node_helpers import CEA, Signer, cancel, commit_via_api, market_setup, transfer

AFTER_DEADLINE = "2026-01-02T09:00:00+08:00"


def build_rich_market(client: Any, node: Any) -> dict[str, str]:
    """Commit the module docstring's records through the API on `node`; return some of their transaction ids."""
    signer = Signer()

    def commit(txs: list) -> None:
        commit_via_api(client, node, txs)

    for stage in market_setup(signer, [1, 2, 3]):
        commit(stage)
    moved, cancelled = transfer(signer, 1, 2, amount=100), cancel(signer, 3, 50)
    commit([moved, cancelled])
    ccer = run_lifecycle(node, commit, signer)
    commit([signer.sign("record_emissions", {"account": uscc(n), "year": 2024, "verified_t": t}, "PROV-11")
            for n, t in ((1, 600), (2, 800))])
    commit([signer.sign("surrender", {"account": uscc(n), "year": 2024, "instrument": CEA, "amount": t}, uscc(n))
            for n, t in ((1, 600), (2, 700))])
    node.clock.advance(get_time({"t": AFTER_DEADLINE}, "t") - node.clock.now())
    commit([signer.sign("publish_price", {"instrument": CEA, "month": "2025-12", "avg_price_fen": 9749}, "EXCHANGE")])
    order = {"account": uscc(2), "year": 2024, "price_instrument": CEA, "price_month": "2025-12", "multiple": 5,
             "order_ref": "FX-1", "correction_deadline": "2026-03-31T23:59:59+08:00"}
    commit([signer.sign("enforce_shortfall", order, "PROV-11")])
    return {"transfer": moved.id_hex, "cancel": cancelled.id_hex, "ccer_cancel": ccer["cancel"]}
