"""Gossip of signed notes (spec §4): the monitor's `POST /gossip` and `GET /checkpoint`, and its posts to peers.

`POST /gossip` with a signed checkpoint note: 400 malformed, 404 another origin, 403 without the
validators' quorum; 409 with the monitor's own latest note as evidence when the note conflicts
with the log it replayed (the monitor raises its alarm too); else 200 with its latest verified note
(empty if none). Every few seconds the monitor posts its latest note to each peer and checks
the answer the same way. Served with the standard library's threading HTTP server: two routes,
plain text both ways.
"""
from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import httpx

from ledger.errors import BadNote, CheckpointError, UnknownOrigin

from .alarm import Alarm
from .notes import NoteBook

log = logging.getLogger("tanledger.monitor")

MAX_NOTE_BYTES = 64 * 1024  # a note of 256 signature lines is about 25 KiB
TEXT = "text/plain; charset=utf-8"


def status_of(error: CheckpointError) -> int:
    """The HTTP status of a note that does not verify: 400 malformed, 404 unknown origin, 403 otherwise."""
    if isinstance(error, BadNote):
        return 400
    return 404 if isinstance(error, UnknownOrigin) else 403


def receive(book: NoteBook, note: str, source: str) -> tuple[int, str, Alarm | None]:
    """The answer (status, body) to a gossiped note, and the alarm it proves if any."""
    try:
        book.check_foreign(note, source)
    except CheckpointError as exc:
        return status_of(exc), f"{exc.code}: {exc.message}\n", None
    except Alarm as alarm:
        return 409, book.latest or "", alarm
    return 200, book.latest or "", None


class GossipServer(ThreadingHTTPServer):
    """The monitor's HTTP endpoint, serving its NoteBook in a daemon thread."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], book: NoteBook, on_alarm: Callable[[Alarm], None]) -> None:
        super().__init__(address, GossipHandler)
        self.book, self.on_alarm = book, on_alarm

    def start(self) -> None:
        """Serve in a background thread until `shutdown()`."""
        threading.Thread(target=self.serve_forever, name="gossip", daemon=True).start()


class GossipHandler(BaseHTTPRequestHandler):
    server: GossipServer

    def do_POST(self) -> None:
        if urlsplit(self.path).path != "/gossip":
            return self.answer(404, "not_found: POST /gossip takes a signed checkpoint note\n")
        length = int(self.headers.get("content-length") or 0)
        if not 0 < length <= MAX_NOTE_BYTES:
            return self.answer(400, f"bad_note: the body must be one signed note of at most {MAX_NOTE_BYTES} bytes\n")
        body = self.rfile.read(length)
        try:
            note = body.decode("utf-8")
        except UnicodeDecodeError:
            return self.answer(400, "bad_note: the body is not UTF-8 text\n")
        status, text, alarm = receive(self.server.book, note, f"peer {self.client_address[0]}")
        self.answer(status, text)
        if alarm is not None:  # after the answer: the monitor stops on it
            self.server.on_alarm(alarm)

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path != "/checkpoint":
            return self.answer(404, "not_found: GET /checkpoint?origin=<origin>\n")
        origin = parse_qs(url.query).get("origin", [self.server.book.trust.origin])[0]
        latest = self.server.book.latest
        if origin != self.server.book.trust.origin or latest is None:
            return self.answer(404, f"not_found: no verified checkpoint of origin {origin!r} here\n")
        self.answer(200, latest)

    def answer(self, status: int, text: str) -> None:
        data = text.encode("utf-8")
        self.send_response(status)
        self.send_header("content-type", TEXT)
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        log.debug("gossip %s", format % args)


def tell_peers(book: NoteBook, http: httpx.Client, peers: tuple[str, ...]) -> None:
    """Post the latest verified note to every peer once more (before stopping on an alarm), answers unchecked."""
    for peer in peers:
        with contextlib.suppress(httpx.HTTPError):
            http.post(f"{peer.rstrip('/')}/gossip", content=(book.latest or "").encode("utf-8"),
                      headers={"content-type": TEXT})


def exchange(book: NoteBook, http: httpx.Client, peer: str) -> None:
    """Post the latest verified note to `peer` and check its answer; raise Alarm on a proven or reported conflict."""
    if book.latest is None:
        return
    try:
        response = http.post(f"{peer.rstrip('/')}/gossip", content=book.latest.encode("utf-8"),
                             headers={"content-type": TEXT})
    except httpx.HTTPError as exc:
        log.debug("gossip with %s failed: %s", peer, exc)  # a peer down is no alarm; the next round tries again
        return
    if response.status_code not in (200, 409):
        return
    checkpoint = None
    try:
        checkpoint = book.check_foreign(response.text, f"peer {peer}") if response.text else None
    except CheckpointError as exc:
        log.warning("peer %s answered a note that does not verify: %s", peer, exc.message)
    if response.status_code == 409:
        theirs = f"its own of size {checkpoint.size}" if checkpoint else "its replayed log"
        raise Alarm("split_view", f"peer {peer} refused our checkpoint of size {book.latest_size} as inconsistent "
                                  f"with {theirs}", {"peer": peer, "our_note": book.latest, "peer_note": response.text})
