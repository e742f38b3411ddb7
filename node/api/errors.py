"""The one place where errors become HTTP answers: always `{code, message}`, never a 500 on bad input.

NotFound → 404, Unauthorized → 403, TooLarge → 413, UnsupportedMediaType → 415, MempoolFull and EngineUnavailable →
503, every other LedgerError → 422; request validation → 422 `invalid_request`.
"""
from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from ledger.errors import LedgerError, NotFound, Unauthorized

from ..errors import EngineUnavailable, MempoolFull, TooLarge, UnsupportedMediaType

log = logging.getLogger("tanledger.api")

STATUS_OF = ((NotFound, 404), (Unauthorized, 403), (TooLarge, 413), (UnsupportedMediaType, 415), (MempoolFull, 503),
             (EngineUnavailable, 503))
HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 413: "too_large", 415: "unsupported_media_type"}


def status_of(exc: LedgerError) -> int:
    """The HTTP status of a ledger error."""
    for cls, status in STATUS_OF:
        if isinstance(exc, cls):
            return status
    return 422


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse(status_code=status, content={"code": code, "message": message})


async def on_ledger_error(_request: Request, exc: LedgerError) -> JSONResponse:
    return _error(status_of(exc), exc.code, exc.message)


async def on_validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
    parts = [f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}" for e in exc.errors()]
    return _error(422, "invalid_request", "; ".join(parts) or "invalid request")


async def on_http_error(_request: Request, exc: HTTPException) -> JSONResponse:
    return _error(exc.status_code, HTTP_CODES.get(exc.status_code, "http_error"), str(exc.detail))


async def on_unexpected(_request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error", exc_info=exc)
    return _error(500, "internal", "internal error; see the node's log")


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers on `app`."""
    app.add_exception_handler(LedgerError, on_ledger_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(HTTPException, on_http_error)
    app.add_exception_handler(Exception, on_unexpected)
