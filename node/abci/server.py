"""The ABCI socket server: CometBFT connects (four connections), we answer every request in order.

Each connection gets a thread that reads length-prefixed `Request`s, calls the handler's
method named after the request's `oneof` field (`check_tx`, `finalize_block`, …) and queues
the `Response`; a `Flush` request writes everything queued. A handler that raises answers
with `ResponseException`, on which CometBFT stops: the app never hides an internal error
(CheckTx and FinalizeBlock turn refused transactions into codes, never into exceptions).
Listens on `unix:///path` or `tcp://127.0.0.1:port`, as CometBFT's `proxy_app` names it.
"""
from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from .pb.tendermint.abci import types_pb2 as pb
from .wire import Decoder, FramingError, encode

log = logging.getLogger("tanledger.abci")

METHODS = ("info", "init_chain", "query", "check_tx", "commit", "list_snapshots", "offer_snapshot",
           "load_snapshot_chunk", "apply_snapshot_chunk", "prepare_proposal", "process_proposal",
           "extend_vote", "verify_vote_extension", "finalize_block")


def answer(handler: Any, request: pb.Request) -> pb.Response:
    """The response to one request: echo and flush here, everything else by the handler's method."""
    kind = request.WhichOneof("value")
    if kind == "echo":
        return pb.Response(echo=pb.ResponseEcho(message=request.echo.message))
    if kind == "flush":
        return pb.Response(flush=pb.ResponseFlush())
    if kind not in METHODS:
        return pb.Response(exception=pb.ResponseException(error=f"unknown ABCI request {kind!r}"))
    try:
        result = getattr(handler, kind)(getattr(request, kind))
    except Exception as exc:  # an app bug: CometBFT must stop rather than go on with a wrong state
        log.exception("ABCI %s failed", kind)
        return pb.Response(exception=pb.ResponseException(error=f"{kind}: {type(exc).__name__}: {exc}"))
    return pb.Response(**{kind: result})


def serve_connection(handler: Any, conn: socket.socket) -> None:
    """Answer one connection's requests until CometBFT closes it."""
    decoder, pending = Decoder(), bytearray()
    with conn:
        while True:
            data = conn.recv(1 << 20)
            if not data:
                return
            try:
                bodies = decoder.feed(data)
            except FramingError as exc:
                log.error("ABCI connection closed: %s", exc)
                return
            for body in bodies:
                request = pb.Request.FromString(body)
                pending += encode(answer(handler, request).SerializeToString())
                if request.WhichOneof("value") == "flush":
                    conn.sendall(pending)
                    pending.clear()


def listen(address: str) -> socket.socket:
    """A listening socket for `unix:///path` or `tcp://host:port`."""
    url = urlsplit(address)
    if url.scheme == "unix":
        path = url.path
        if os.path.exists(path):
            os.unlink(path)
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.bind(path)
    elif url.scheme == "tcp":
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((url.hostname or "127.0.0.1", url.port or 26658))
    else:
        raise ValueError(f"ABCI address must be unix:///path or tcp://host:port, got {address!r}")
    sock.listen(8)
    return sock


class AbciServer:
    """Serves `handler` on `address` in background threads until `stop()`."""

    def __init__(self, handler: Any, address: str, on_disconnect: Callable[[], None] | None = None) -> None:
        self.handler = handler
        self.address = address
        self.sock = listen(address)
        self._on_disconnect = on_disconnect
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._accept, name="abci-accept", daemon=True)

    def start(self) -> None:
        """Accept connections in the background."""
        self._thread.start()

    def _accept(self) -> None:
        while not self._stopped.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            if conn.family != socket.AF_UNIX:
                conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            threading.Thread(target=self._serve, args=(conn,), name="abci-conn", daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            serve_connection(self.handler, conn)
        except OSError as exc:
            log.info("ABCI connection ended: %s", exc)
        if self._on_disconnect and not self._stopped.is_set():
            self._on_disconnect()

    def stop(self) -> None:
        """Stop accepting; open connections end when CometBFT closes them."""
        self._stopped.set()
        self.sock.close()
