"""The one place where errors become HTTP answers: always `{code, message}`, never a 500 on bad input.

NotFound → 404, Unauthorized → 403, TooLarge → 413, UnsupportedMediaType → 415, MempoolFull and EngineUnavailable →
503, every other LedgerError → 422; request validation → 422 `invalid_request`.
"""
from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from ledger.errors import LedgerError, NotFound, ProofError, Unauthorized

from ..errors import EngineUnavailable, InvalidRequest, MempoolFull, TooLarge, UnsupportedMediaType, error_classes
from .models import ErrorBody

log = logging.getLogger("tanledger.api")

STATUS_OF = ((NotFound, 404), (Unauthorized, 403), (TooLarge, 413), (UnsupportedMediaType, 415), (MempoolFull, 503),
             (EngineUnavailable, 503))
HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 413: "too_large", 415: "unsupported_media_type"}
READ_ERRORS = (NotFound, InvalidRequest, TooLarge)
WHAT = {403: "Unauthorized: the signers may not do this", 404: "Not found", 413: "Too large",
        415: "Unsupported media type", 422: "Refused: the request or the transaction cannot be used",
        503: "Unavailable for now: try again after the next block"}


def status_of(exc: LedgerError) -> int:
    """The HTTP status of a ledger error."""
    return status_of_class(type(exc))


def status_of_class(error: type[LedgerError]) -> int:
    """The HTTP status of a ledger error class."""
    for cls, status in STATUS_OF:
        if issubclass(error, cls):
            return status
    return 422


def codes_of(status: int, transactions: bool = False) -> list[str]:
    """The stable codes the API answers with `status`, generated from the error classes: those of a route that
    submits transactions (every refusal) or else those of a read (`not_found`, `invalid_request`)."""
    classes = [cls for cls in error_classes() if cls is not LedgerError and
               (issubclass(cls, READ_ERRORS) if not transactions else not issubclass(cls, ProofError))]
    return sorted({cls.code for cls in classes if status_of_class(cls) == status and
                   (transactions or cls in READ_ERRORS)})


def error_responses(*statuses: int, transactions: bool = False,
                    also: tuple[type[LedgerError], ...] = ()) -> dict[int | str, Any]:
    """The `responses=` of a route that answers `statuses`: the `{code, message}` body and its codes for each;
    `transactions` for a route that submits them, `also` the other errors a read may raise."""
    def listed(status: int) -> str:
        codes = codes_of(status, transactions) + [cls.code for cls in also if status_of_class(cls) == status]
        return f"{WHAT[status]}. Codes: " + ", ".join(f"`{code}`" for code in codes)
    return {status: {"model": ErrorBody, "description": listed(status)} for status in statuses}


def codes_table() -> str:
    """A Markdown table of every stable error code by HTTP status, for the API's description."""
    codes = {status: sorted({cls.code for cls in error_classes() if status_of_class(cls) == status} - {LedgerError.code})
             for status in sorted(WHAT)}
    rows = [f"| {status} | {', '.join(f'`{code}`' for code in found)} |" for status, found in codes.items()]
    return "\n".join(["| status | codes |", "| --- | --- |", *rows])


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse(status_code=status, content={"code": code, "message": message})


async def on_ledger_error(_request: Request, exc: LedgerError) -> JSONResponse:
    return _error(status_of(exc), exc.code, exc.message)


async def on_validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
    parts = [f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}" for e in exc.errors()]
    return _error(422, "invalid_request", "; ".join(parts) or "invalid request")


async def on_http_error(_request: Request, exc: HTTPException) -> JSONResponse:
    if exc.status_code == 400:  # a JSON body that does not parse: a refusal like any other invalid request
        return _error(422, InvalidRequest.code, f"the request body is not valid JSON ({exc.detail}); send a JSON object")
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
