"""A node served over HTTP (served_node.serve) with the 14 entities of tests/node/compliance_market.py."""
from __future__ import annotations

from pathlib import Path

import httpx

from compliance_market import ENFORCE_DELAY_MS, enforce, stages
from node_helpers import Signer
from served_node import ServedNode, commit, serve


def serve_compliance_market(home: Path, enforced: bool) -> ServedNode:
    """Serve a node on `home` with the market committed; `enforced`: also past the deadline, shortfalls enforced."""
    served = serve(home)
    try:
        signer = Signer()
        with httpx.Client(base_url=served.url) as http:
            for stage in stages(signer):
                commit(served, http, stage)
            if enforced:
                served.node.clock.advance(ENFORCE_DELAY_MS)
                for stage in enforce(signer):
                    commit(served, http, stage)
    except BaseException:
        served.stop()
        raise
    return served
