"""Run a node: open its database, attach its engine, serve the API with uvicorn until interrupted.

With the cometbft engine (the default) the node listens on its ABCI socket, then starts and
supervises its CometBFT process: it exits when CometBFT exits, and stops CometBFT when it
stops. `run_node(settings)` is what `tanledger node start` calls; `python -m node` runs it
with the settings of the environment (TANLEDGER_HOME, TANLEDGER_PORT, …).
"""
from __future__ import annotations

import logging
import os
import signal
import sys

import uvicorn

from .abci.adapter import AbciAdapter
from .abci.server import AbciServer
from .api import create_app
from .cometbft import CometEngine, CometProcess, find_binary, rpc_url
from .core import Node
from .errors import NodeStartError
from .settings import NodeSettings
from .solo import SoloEngine

log = logging.getLogger("tanledger.run")


def run_node(settings: NodeSettings) -> None:
    """Serve the node until SIGINT/SIGTERM (or until its CometBFT exits). Raise NodeStartError if unusable."""
    logging.basicConfig(level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    node = Node.open(settings)
    try:
        node.start_witnessing()
        if settings.engine == "solo":
            SoloEngine(node)
            _serve(settings, node)
        else:
            _run_with_cometbft(settings, node)
    finally:
        node.close()


# h11 (uvicorn's HTTP parser) drops a request whose head is still incomplete past 16 KiB by default, as a long
# request line arriving in pieces is; `GET /v1/nonces` names up to 1,000 accounts of up to 64 characters.
HTTP_LIMITS = {"h11_max_incomplete_event_size": 128 * 1024}


def _serve(settings: NodeSettings, node: Node) -> None:
    uvicorn.run(create_app(settings, node), host=settings.host, port=settings.port, log_level=settings.log_level,
                **HTTP_LIMITS)


def _run_with_cometbft(settings: NodeSettings, node: Node) -> None:
    assert settings.cometbft_home is not None
    binary = find_binary(settings.cometbft)
    engine = CometEngine(node, rpc_url(settings.cometbft_home))
    server = AbciServer(AbciAdapter(node), settings.abci)
    server.start()
    process = CometProcess(binary, settings.cometbft_home, settings.home / "cometbft.log")
    exited: list[int] = []

    def on_exit(code: int) -> None:
        exited.append(code)
        log.error("cometbft exited with code %s; the node stops too (see %s)", code, process.log_path)
        os.kill(os.getpid(), signal.SIGTERM)

    process.start()
    process.watch(on_exit)
    try:
        _serve(settings, node)
    finally:
        process.stop()
        server.stop()
        engine.close()
    if exited and exited[0] != 0:
        raise NodeStartError(f"cometbft exited with code {exited[0]}; its log: {process.log_path}")


def main() -> None:
    """Entry point of `python -m node`: one red line and exit code 1 when the node cannot start."""
    try:
        run_node(NodeSettings())
    except NodeStartError as exc:
        print(f"tanledger node: {exc}", file=sys.stderr)
        sys.exit(1)
