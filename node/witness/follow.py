"""Follow mode: the witness fetches each node's latest checkpoint itself and cosigns it when consistent.

Every `interval` seconds a Follower reads `GET /v1/checkpoint?format=note` of its node; when the note
is newer than (or of the size of, with another root) the checkpoint last cosigned, it fetches the
consistency proof from that size (`GET /v1/proof/consistency`) and submits both to the service,
exactly as a validator's add-checkpoint would. Refusals and unreachable nodes are logged, never fatal.
"""
from __future__ import annotations

import logging
import threading

import httpx

from ledger.errors import LedgerError

from .errors import WitnessError
from .request import AddCheckpoint
from .service import WitnessService, parse_submitted

log = logging.getLogger("tanledger.witness.follow")
POLL_S = 1.0
TIMEOUT_S = 5.0


class Follower(threading.Thread):
    """A daemon thread that polls one node's latest checkpoint until `stop()`."""

    def __init__(self, service: WitnessService, node_url: str, interval: float = POLL_S) -> None:
        super().__init__(name=f"follow {node_url}", daemon=True)
        self.service = service
        self.node_url = node_url.rstrip("/")
        self.interval = interval
        self._stopped = threading.Event()
        self._last_problem = ""

    def run(self) -> None:
        """Poll until stopped."""
        with httpx.Client(base_url=self.node_url, timeout=TIMEOUT_S) as http:
            while not self._stopped.is_set():
                self.poll_once(http)
                self._stopped.wait(self.interval)

    def stop(self) -> None:
        """Ask the thread to end after its current poll."""
        self._stopped.set()

    def poll_once(self, http: httpx.Client) -> bool:
        """Fetch the node's latest note and submit it if it is news; True when it was cosigned."""
        try:
            request = self.next_request(http)
            if request is None:
                return False
            self.service.process_add_checkpoint(request)
            self._last_problem = ""
            return True
        except WitnessError as exc:
            self.report(f"refused its checkpoint: {exc.code}: {exc.message}")
        except (LedgerError, httpx.HTTPError, ValueError, KeyError) as exc:
            self.report(f"cannot follow: {exc!r}")
        return False

    def report(self, problem: str) -> None:
        """Log a problem once, not every second while it lasts."""
        if problem != self._last_problem:
            log.warning("%s: %s", self.node_url, problem)
        self._last_problem = problem

    def next_request(self, http: httpx.Client) -> AddCheckpoint | None:
        """The add-checkpoint request for the node's latest note, or None when it brings nothing new."""
        response = http.get("/v1/checkpoint", params={"format": "note"})
        response.raise_for_status()
        note = response.text
        checkpoint = parse_submitted(note).checkpoint
        head = self.service.latest(checkpoint.origin)
        old = head.size if head is not None else 0
        if head is not None and (checkpoint.size < head.size or checkpoint.head == (head.size, head.root)):
            return None
        proof: tuple[bytes, ...] = ()
        if 0 < old < checkpoint.size:
            answer = http.get("/v1/proof/consistency", params={"from": old, "to": checkpoint.size})
            answer.raise_for_status()
            proof = tuple(bytes.fromhex(h) for h in answer.json()["proof"])
        return AddCheckpoint(old, proof, note)
