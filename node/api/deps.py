"""Request dependencies, declared once: the node, raw transaction bodies, path parameters."""
from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Request

from ledger.constants import MAX_TX_BYTES

from ..core import Node
from ..errors import TooLarge, UnsupportedMediaType

TX_TYPES = ("application/json", "application/octet-stream", "")
BULK_TYPES = ("application/x-ndjson",)
MAX_BULK_TXS = 10_000


def get_node(request: Request) -> Node:
    """The node this app serves."""
    return request.app.state.node


def _check_media_type(request: Request, allowed: tuple[str, ...]) -> None:
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    # Verify the body is of a type this route reads
    if media not in allowed:
        raise UnsupportedMediaType(f"content type {media!r} is not accepted here; send {allowed[0]}")


async def read_limited(request: Request, limit: int) -> bytes:
    """The request body; raise TooLarge as soon as it passes `limit` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge(f"body of {declared} bytes exceeds the {limit} allowed")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge(f"body exceeds the {limit} bytes allowed")
        chunks.append(chunk)
    return b"".join(chunks)


async def read_tx_body(request: Request) -> bytes:
    """The raw canonical bytes of one transaction."""
    _check_media_type(request, TX_TYPES)
    return await read_limited(request, MAX_TX_BYTES)


async def read_bulk_body(request: Request) -> list[bytes]:
    """NDJSON: one transaction's canonical bytes per line; blank lines are skipped."""
    _check_media_type(request, BULK_TYPES)
    body = await read_limited(request, request.app.state.node.settings.max_body_bytes)
    lines = [line.removesuffix(b"\r") for line in body.split(b"\n") if line.strip()]
    if len(lines) > MAX_BULK_TXS:
        raise TooLarge(f"{len(lines)} transactions in one request, more than the {MAX_BULK_TXS} allowed")
    return lines


NodeDep = Annotated[Node, Depends(get_node)]
TxBody = Annotated[bytes, Depends(read_tx_body)]
BulkBody = Annotated[list[bytes], Depends(read_bulk_body)]
TxId = Annotated[str, Path(pattern=r"^[0-9a-fA-F]{64}$", description="transaction id, 64 hex characters")]
Height = Annotated[int, Path(ge=1, le=2**53 - 1, description="block height")]
AccountId = Annotated[str, Path(pattern=r"^[0-9A-Z][0-9A-Z-]{1,63}$", description="account id")]
InstrumentId = Annotated[str, Path(pattern=r"^[A-Z]{2,8}-[0-9A-Z-]{2,48}$", description="instrument id, e.g. CEA-2024")]
Serial = Annotated[int, Path(ge=1, le=2**53 - 1, description="serial number of one tonne")]
Year = Annotated[int, Path(ge=2013, le=2100, description="compliance year")]
