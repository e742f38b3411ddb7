"""Run a node: open its database, then serve the API with uvicorn until interrupted.

`run_node(settings)` is what `tanledger node start` calls; `python -m node` runs it with the
settings of the environment (TANLEDGER_HOME, TANLEDGER_PORT, …).
"""
from __future__ import annotations

import logging
import sys

import uvicorn

from .api import create_app
from .core import Node
from .errors import NodeStartError
from .settings import NodeSettings


def run_node(settings: NodeSettings) -> None:
    """Serve the node until SIGINT/SIGTERM. Raise NodeStartError if its genesis, key or database is unusable."""
    logging.basicConfig(level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    node = Node.open(settings)
    try:
        app = create_app(settings, node)
        uvicorn.run(app, host=settings.host, port=settings.port, log_level=settings.log_level)
    finally:
        node.close()


def main() -> None:
    """Entry point of `python -m node`: one red line and exit code 1 when the node cannot start."""
    try:
        run_node(NodeSettings())
    except NodeStartError as exc:
        print(f"tanledger node: {exc}", file=sys.stderr)
        sys.exit(1)
