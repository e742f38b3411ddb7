"""The witness's HTTP interface (C2SP tlog-witness), text/plain bodies; thin routes over WitnessService.

- `POST /add-checkpoint`: the cosignature lines, or a refusal with its C2SP status (see service.py);
- `GET /checkpoint?origin=`: the latest cosigned note with this witness's line;
- `GET /info`: `{name, vkey, pubkey, origins: [{origin, size, root}]}`;
- `GET /conflicts`: the refused split views, as evidence;
- `POST /gossip`: a signed note in, the witness's own latest note of that origin out (spec10 §4).
A refusal's body is one line `<code>: <message>`; the 409 of a wrong old size is `<size>` as `text/x.tlog.size`.
"""
from __future__ import annotations

import base64
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from ledger.cosignature import witness_vkey

from .errors import MalformedRequest, NoCheckpoint, OldSizeMismatch, WitnessError
from .request import MAX_BODY_BYTES
from .service import WitnessService

TEXT = "text/plain; charset=utf-8"
SIZE = "text/x.tlog.size"


def create_app(service: WitnessService) -> FastAPI:
    """The witness's HTTP app over `service`."""
    app = FastAPI(title="TanLedger witness", docs_url=None, redoc_url=None, openapi_url=None)
    app.add_exception_handler(WitnessError, refusal)  # type: ignore[arg-type]  # Starlette types it for Exception
    app.add_exception_handler(HTTPException, no_route)  # type: ignore[arg-type]

    @app.post("/add-checkpoint")
    async def add_checkpoint(request: Request) -> Response:
        """C2SP tlog-witness add-checkpoint: cosign a checkpoint that extends the last one cosigned."""
        lines = await run_in_threadpool(service.add_checkpoint, await read_body(request))
        return PlainTextResponse(lines, media_type=TEXT)

    @app.post("/gossip")
    async def gossip(request: Request) -> Response:
        """Take a signed note, answer with this witness's latest note of its origin (409 on a split view)."""
        answer = await run_in_threadpool(service.gossip, await read_body(request))
        return PlainTextResponse(answer.note, status_code=answer.status, media_type=TEXT)

    @app.get("/checkpoint")
    def checkpoint(origin: str | None = None) -> Response:
        """The latest cosigned checkpoint note of `origin`."""
        if not origin:
            raise MalformedRequest(f"name the log: /checkpoint?origin=<origin>, one of {list(service.origins)}")
        head = service.latest(origin)
        if head is None:
            raise NoCheckpoint(f"this witness has cosigned no checkpoint of {origin!r}")
        return PlainTextResponse(head.note, media_type=TEXT)

    @app.get("/info")
    def info() -> dict[str, Any]:
        """This witness's name and keys, and the latest size and root it cosigned of each log."""
        me = service.identity
        return {"name": me.name, "vkey": witness_vkey(me), "pubkey": me.pubkey.hex(),
                "origins": [{"origin": h.origin, "size": h.size, "root": b64(h.root)} for h in service.heads()]}

    @app.get("/conflicts")
    def conflicts() -> list[dict[str, Any]]:
        """The refused split views: the root cosigned, the one refused, the note and when (POSIX s)."""
        return [{"origin": c.origin, "size": c.size, "root_seen": b64(c.root_seen), "root_refused": b64(c.root_refused),
                 "note": c.note, "time": c.time} for c in service.conflicts()]

    return app


async def read_body(request: Request) -> bytes:
    """The request body; raise MalformedRequest when it announces more than the witness reads."""
    length = request.headers.get("content-length", "0")
    if not length.isdigit() or int(length) > MAX_BODY_BYTES:
        raise MalformedRequest(f"the body must be at most {MAX_BODY_BYTES} bytes")
    return await request.body()


async def refusal(request: Request, exc: WitnessError) -> Response:
    """A WitnessError as C2SP wants it: `<size>\\n` as text/x.tlog.size for a wrong old size, else one text line."""
    if isinstance(exc, OldSizeMismatch):
        return Response(f"{exc.size}\n".encode(), status_code=exc.status, headers={"content-type": SIZE})
    return PlainTextResponse(f"{exc.code}: {exc.message}\n", status_code=exc.status, media_type=TEXT)


async def no_route(request: Request, exc: HTTPException) -> Response:
    """An unknown path or method, as one text line like every other refusal."""
    code = "not_found" if exc.status_code == 404 else "method_not_allowed" if exc.status_code == 405 else "http_error"
    return PlainTextResponse(f"{code}: {request.method} {request.url.path}: {exc.detail}; the witness serves POST "
                             "/add-checkpoint, POST /gossip, GET /checkpoint?origin=, GET /info, GET /conflicts\n",
                             status_code=exc.status_code, media_type=TEXT, headers=exc.headers)


def b64(raw: bytes) -> str:
    """Standard base64, as in checkpoint notes."""
    return base64.b64encode(raw).decode("ascii")
