"""Validators collect witness cosignatures: C2SP tlog-witness add-checkpoint, in background threads.

A commit never waits for a witness: `checkpoints.publish` only nudges. One thread per witness
takes the newest checkpoint that carries the validators' quorum and sends it with the RFC 9162
consistency proof from the size that witness last cosigned. The witness's size is learnt from
its 409 `text/x.tlog.size` answer (0 before the first exchange, and again after a restart of
this node). Each returned line is verified against the witness's key (`ledger.cosignature`)
before it joins the stored note, under the node's lock, replacing an older line of the same
witness. The newest checkpoint goes again every `witness_refresh_s` while the log does not grow,
so a served checkpoint's witness time stays fresh for verifiers with `--max-age`. Errors back off
exponentially (0.5 s doubling, at most 10 s); a split view (409 text/plain) is logged as an error.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import httpx

from ledger.checkpoint import make_note, parse_note
from ledger.cosignature import witness_times
from ledger.errors import LedgerError

from . import checkpoints
from .proofs import b64, is_witnessed, latest_validator_signed
from .storage import StoredCheckpoint
from .witnesses_file import WitnessEndpoint, WitnessPolicy

if TYPE_CHECKING:
    from .core import Node

log = logging.getLogger("tanledger.witnessing")

SIZE_TYPE = "text/x.tlog.size"  # C2SP tlog-witness: the 409 answer that carries the witness's size
TIMEOUT_S = 3.0  # per add-checkpoint request: a witness on the same continent answers in milliseconds
MAX_BACKOFF_S = 10.0  # a witness back after an outage cosigns again within seconds
SIZE_DANCE = 3  # add-checkpoint attempts per checkpoint: the first may only teach the witness's size


class WitnessError(Exception):
    """A witness did not cosign: unreachable, refused, or its answer did not verify."""


class WitnessConflict(WitnessError):
    """The witness answered 409 text/plain: it cosigned another root for this size (a split view)."""


class WitnessAhead(WitnessError):
    """The witness cosigned a larger size already (another validator's newer checkpoint): not a failure."""


def add_checkpoint_body(old: int, proof: list[bytes], note: str) -> str:
    """The add-checkpoint request body: `old N`, one base64 line per proof hash, a blank line, the note."""
    return f"old {old}\n" + "".join(b64(h) + "\n" for h in proof) + "\n" + note


class WitnessClient:
    """One witness as this validator knows it: its key and URL, the size it last cosigned, the backoff."""

    def __init__(self, endpoint: WitnessEndpoint, http: httpx.Client) -> None:
        self.endpoint = endpoint
        self.http = http
        self.size = 0  # the size the witness last cosigned, as far as this node knows
        self.cosigned: tuple[int, float] | None = None  # (size, monotonic time) of its last cosignature here
        self.failures = 0
        self.retry_at = 0.0

    @property
    def name(self) -> str:
        return self.endpoint.witness.name

    def is_due(self, size: int, now: float, refresh_s: float) -> bool:
        """True unless the witness cosigned log `size` less than `refresh_s` ago, or it is backing off."""
        fresh = self.cosigned is not None and self.cosigned[0] == size and now - self.cosigned[1] < refresh_s
        return now >= self.retry_at and not fresh

    def request(self, checkpoint: StoredCheckpoint, proof_for: Callable[[int, int], list[bytes]]) -> str:
        """The witness's verified cosignature line for `checkpoint`; raise WitnessError if there is none."""
        for _ in range(SIZE_DANCE):
            # Verify the witness is not ahead of this checkpoint (then only a newer one can be cosigned)
            if self.size > checkpoint.size:
                raise WitnessAhead(f"{self.name} cosigned size {self.size} already, above {checkpoint.size}")
            proof = proof_for(self.size, checkpoint.size) if 0 < self.size < checkpoint.size else []
            response = self.http.post(f"{self.endpoint.url}/add-checkpoint",
                                      content=add_checkpoint_body(self.size, proof, checkpoint.note).encode())
            if response.status_code == 409 and response.headers.get("content-type", "").startswith(SIZE_TYPE):
                self.size = parse_size(self.name, response.text)
                continue
            if response.status_code == 409:
                raise WitnessConflict(f"{self.name} refused size {checkpoint.size} as a split view: "
                                      f"{response.text.strip()[:300]}")
            if response.status_code != 200:
                raise WitnessError(f"{self.name} answered {response.status_code}: {response.text.strip()[:300]}")
            line = self.check_answer(checkpoint.note, response.text)
            self.size = checkpoint.size
            return line
        raise WitnessError(f"{self.name} kept answering with other sizes (last {self.size})")

    def check_answer(self, note: str, answer: str) -> str:
        """The line of `answer` that is this witness's valid cosignature of `note`; raise WitnessError if none."""
        text = parse_note(note).text
        for line in answer.splitlines():
            if line.split(" ")[1:2] != [self.name]:
                continue
            try:
                if witness_times(parse_note(make_note(text, [line])), (self.endpoint.witness,)):
                    return line
            except LedgerError as exc:
                raise WitnessError(f"{self.name}'s cosignature does not verify: {exc.message}") from None
        raise WitnessError(f"{self.name} answered no cosignature of its key: {answer.strip()[:300]!r}")


def parse_size(name: str, body: str) -> int:
    """The size in a 409 text/x.tlog.size answer; raise WitnessError if it is not a decimal."""
    text = body.strip()
    if not text.isdigit():
        raise WitnessError(f"{name} answered 409 with a size that is not a number: {text[:50]!r}")
    return int(text)


class Witnessing:
    """The background collection of witness cosignatures of one node: `start`, `nudge` after a block, `stop`."""

    def __init__(self, node: Node, policy: WitnessPolicy, refresh_s: float, http: httpx.Client | None = None) -> None:
        self.node = node
        self.policy = policy
        self.refresh_s = refresh_s
        self.http = http or httpx.Client(timeout=TIMEOUT_S)
        self.clients = [WitnessClient(e, self.http) for e in policy.endpoints]
        self.wakes = [threading.Event() for _ in self.clients]
        self.stopping = threading.Event()
        self.threads: list[threading.Thread] = []
        self.witnessed_size: int | None = None  # the largest log size whose stored note meets the witness quorum

    def start(self) -> None:
        """Start one thread per witness."""
        for client, wake in zip(self.clients, self.wakes, strict=True):
            thread = threading.Thread(target=self._run, args=(client, wake), daemon=True,
                                      name=f"witnessing-{client.name}")
            thread.start()
            self.threads.append(thread)

    def nudge(self) -> None:
        """A new block or co-signature: every witness thread looks at the newest checkpoint now."""
        for wake in self.wakes:
            wake.set()

    def stop(self) -> None:
        """Stop the threads (each ends its request in flight first) and close the HTTP client."""
        self.stopping.set()
        self.nudge()
        for thread in self.threads:
            thread.join(TIMEOUT_S + 1)
        self.http.close()

    def _run(self, client: WitnessClient, wake: threading.Event) -> None:
        while not self.stopping.is_set():
            try:
                self.process_witness(client)
            except Exception:  # a bug here must not end the thread: log it and back off
                log.exception("witnessing by %s failed", client.name)
                self._back_off(client)
            wake.wait(self._pause(client))
            wake.clear()

    def process_witness(self, client: WitnessClient) -> None:
        """Send the newest validator-signed checkpoint to `client`'s witness if due; store its cosignature."""
        target = latest_validator_signed(self.node)
        now = time.monotonic()
        if target is None or target.size == 0 or not client.is_due(target.size, now, self.refresh_s):
            return
        try:
            line = client.request(target, self.node.store.consistency_proof)
        except WitnessAhead as exc:
            log.debug("%s; this node's newer checkpoint goes once it has the validators' quorum", exc)
            return
        except (WitnessError, httpx.HTTPError, LedgerError) as exc:
            (log.error if isinstance(exc, WitnessConflict) else log.warning)("witness %s did not cosign size %d: %s", client.name, target.size, exc)
            self._back_off(client)
            return
        client.failures, client.retry_at = 0, 0.0
        client.cosigned = (target.size, now)
        self.on_cosignature(client, target.size, line)

    def on_cosignature(self, client: WitnessClient, size: int, line: str) -> None:
        """Join a verified cosignature line to the stored checkpoint of `size` (under the node's lock)."""
        with self.node.lock:
            stored = checkpoints.add_witness_line(self.node.store, client.endpoint.witness, size, line)
        if is_witnessed(self.node, stored) and (self.witnessed_size or 0) <= size:
            self.witnessed_size = size

    def _pause(self, client: WitnessClient) -> float:
        """Seconds to sleep unless nudged (every block nudges): until the backoff ends, else until the last
        cosignature is due for a refresh, at most one refresh period."""
        now = time.monotonic()
        if client.retry_at > now:
            return min(self.refresh_s, client.retry_at - now)
        due = client.cosigned[1] + self.refresh_s - now if client.cosigned is not None else self.refresh_s
        return min(self.refresh_s, max(0.05, due))

    def _back_off(self, client: WitnessClient) -> None:
        client.failures += 1
        client.retry_at = time.monotonic() + min(MAX_BACKOFF_S, 0.5 * 2 ** (client.failures - 1))
