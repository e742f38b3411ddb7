"""The HTTP API: `create_app(settings)` builds the FastAPI app; the node opens when the app starts.

OpenAPI document at /openapi.json, its pages at /docs and /redoc (node/api/docs.py, offline).
Every error answer is `{code, message}` (see `node.api.errors`).
"""
from __future__ import annotations

from contextlib import asynccontextmanager
from collections.abc import AsyncIterator

from fastapi import FastAPI

from ..core import Node
from ..solo import SoloEngine
from ..explorer.routes import router as explorer_router
from ..settings import NodeSettings
from . import routes_ccer, routes_chain, routes_proof, routes_registry, routes_tx
from . import routes_compliance
from . import routes_lists
from . import routes_instruments, routes_search
from .docs import install_docs
from .errors import codes_table, install_error_handlers

DESCRIPTION = """One TanLedger validator node: submit signed transactions, follow them into blocks,
read accounts, holdings, instruments, the provenance of every tonne and the public compliance list;
the CCER registry's projects, methodologies, VVBs and cancellation certificates;
fetch the co-signed checkpoints and the proofs that anyone can check offline.
Errors are `{code, message}`: 404 not found, 403 unauthorized, 413 too large, 415 unsupported media type,
422 any other refusal, 503 try again later. Interactive documentation: /docs (Swagger UI) and /redoc, both offline."""
ERRORS = "\n\n## Error codes by status\n\nEvery error answer is `{code, message}`; `code` is one of:\n\n" + codes_table()


def create_app(settings: NodeSettings, node: Node | None = None) -> FastAPI:
    """The API of the node `settings` describe; pass an open `node` to serve it instead (tests, tools).

    The node is opened at startup (unless given). With the solo engine, unless the node already
    has an engine, one is attached and produces blocks in a background thread until shutdown
    (unless `settings.auto_produce` is False); with CometBFT the engine is `node.cometbft`'s.
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        served = node if node is not None else Node.open(settings)
        app.state.node = served
        engine = served.engine if served.engine is not None else SoloEngine(served)
        producing = settings.auto_produce and isinstance(engine, SoloEngine) and not engine.running
        if producing:
            engine.start()
        try:
            yield
        finally:
            if producing:
                engine.stop()
            if node is None:
                served.close()

    app = FastAPI(title="TanLedger node", version="0.1.0", description=DESCRIPTION + ERRORS, lifespan=lifespan,
                  docs_url=None, redoc_url=None)
    install_error_handlers(app)
    install_docs(app)
    app.include_router(routes_tx.router)
    app.include_router(routes_chain.router)
    app.include_router(routes_registry.router)
    app.include_router(routes_proof.router)
    app.include_router(routes_ccer.router)
    app.include_router(routes_search.router)
    app.include_router(routes_instruments.router)
    app.include_router(explorer_router)
    app.include_router(routes_compliance.router)
    app.include_router(routes_lists.router)
    return app
