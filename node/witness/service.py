"""The witness's checks (C2SP tlog-witness add-checkpoint, and gossip of signed notes), clock injected.

add-checkpoint, one `# Verify` per refusal: the note parses (400), its origin is a trusted log
(404), a quorum of the validators in force signed it (403), old ≤ its size (400); then, atomically
with the update: old is the size last cosigned (409 text/x.tlog.size), the proof shows the note
extends that checkpoint (422), and a note of that very size has its root (409, kept as evidence).
Only then is the cosignature made, recorded with the note, and returned.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ledger.checkpoint import (EM_DASH, MAX_NOTE_SIGNATURES, Checkpoint, Trust, make_note, parse_checkpoint, parse_note,
                               verify_checkpoint)
from ledger.cosignature import Witness, cosign
from ledger.crypto import public_key
from ledger.errors import BadNote, CheckpointError, ProofError, UnknownOrigin
from ledger.verify import verify_consistency

from .errors import Inconsistent, MalformedRequest, NotSigned, OldSizeMismatch, SplitViewRefused, UnknownLog, WitnessError
from .request import AddCheckpoint, decode_body, parse_add_checkpoint
from .store import Conflict, Head, WitnessStore

Clock = Callable[[], int]  # POSIX seconds


@dataclass(frozen=True, slots=True)
class Submitted:
    """A verified note: its checkpoint and the note's text as received."""

    checkpoint: Checkpoint
    body: str  # the checkpoint body: the text a cosignature signs
    note: str


@dataclass(frozen=True, slots=True)
class GossipAnswer:
    """The answer to a gossiped note: 200 with the witness's latest note (or ''), or 409 with the conflicting one."""

    status: int
    note: str


class WitnessService:
    """A witness named `name` with the Ed25519 key of `seed`, trusting the logs of `trusts`, keeping `store`."""

    def __init__(self, name: str, seed: bytes, trusts: Iterable[Trust], store: WitnessStore, clock: Clock) -> None:
        self.identity = Witness(name, public_key(seed))
        self._seed = seed
        self._trusts = {t.origin: t.without_witnesses() for t in trusts}
        self._store = store
        self._clock = clock
        self._lock = threading.Lock()

    @property
    def origins(self) -> tuple[str, ...]:
        """The origins of the logs this witness trusts."""
        return tuple(self._trusts)

    def add_checkpoint(self, body: bytes) -> str:
        """Process an add-checkpoint body; the cosignature lines (each ending in a newline), or raise WitnessError."""
        return self.process_add_checkpoint(parse_add_checkpoint(body))

    def process_add_checkpoint(self, request: AddCheckpoint) -> str:
        """Check a parsed add-checkpoint request against the trust and the stored state, record it and cosign."""
        submitted = self.check_note(request.note)
        checkpoint = submitted.checkpoint
        # Verify the old size is not beyond the checkpoint
        if request.old > checkpoint.size:
            raise MalformedRequest(f"old size {request.old} is larger than the checkpoint's size {checkpoint.size}")
        with self._lock, self._store.transaction():
            head = self._store.get_head(checkpoint.origin)
            refusal = check_extends(head, checkpoint, request)
            if refusal is None:
                line = cosign(submitted.body, self.identity.name, self._seed, self._clock())
                self._store.put_head(Head(checkpoint.origin, checkpoint.size, checkpoint.root,
                                          self.with_line(submitted, line)))
            elif isinstance(refusal, SplitViewRefused) and head is not None:
                self._record_conflict(head, submitted)
        if refusal is not None:
            raise refusal
        return line + "\n"

    def check_note(self, note: str) -> Submitted:
        """Parse `note` and verify it against the trusted validators of its origin; raise WitnessError if not."""
        try:
            submitted = parse_submitted(note)
            checkpoint = submitted.checkpoint
            trust = self._trusts.get(checkpoint.origin)
            # Verify the witness trusts the log
            if trust is None:
                raise UnknownLog(f"this witness trusts no log {checkpoint.origin!r}; it knows {sorted(self._trusts)}")
            # Verify a quorum of the validators in force signed it
            verify_checkpoint(note, trust)
        except BadNote as exc:
            raise MalformedRequest(f"the checkpoint is not a valid signed note: {exc.message}") from None
        except UnknownOrigin as exc:
            raise UnknownLog(exc.message) from None
        except CheckpointError as exc:
            raise NotSigned(f"{exc.code}: {exc.message}") from None
        return submitted

    def gossip(self, body: bytes) -> GossipAnswer:
        """Exchange notes (spec10 §4): 409 with the witness's note if it cosigned another root at that size."""
        submitted = self.check_note(decode_body(body))
        checkpoint = submitted.checkpoint
        with self._lock, self._store.transaction():
            head = self._store.get_head(checkpoint.origin)
            if head is None:
                return GossipAnswer(200, "")
            split = head.size == checkpoint.size and head.root != checkpoint.root
            if split:
                self._record_conflict(head, submitted)
        return GossipAnswer(409 if split else 200, head.note)

    def latest(self, origin: str) -> Head | None:
        """The latest checkpoint cosigned for `origin`, or None."""
        return self._store.get_head(origin)

    def heads(self) -> list[Head]:
        """The latest cosigned checkpoint of every log the witness has cosigned."""
        return self._store.list_heads()

    def conflicts(self) -> list[Conflict]:
        """The refused split views, oldest first."""
        return self._store.list_conflicts()

    def close(self) -> None:
        """Close the store."""
        self._store.close()

    def with_line(self, submitted: Submitted, line: str) -> str:
        """The submitted note with this witness's earlier lines dropped and `line` added last (the last others
        dropped if the note would exceed MAX_NOTE_SIGNATURES, so that it still parses)."""
        mine = f"{EM_DASH} {self.identity.name} "
        lines = [s for s in submitted.note[len(submitted.body) + 1:].split("\n")[:-1] if not s.startswith(mine)]
        return make_note(submitted.body, [*lines[:MAX_NOTE_SIGNATURES - 1], line])

    def _record_conflict(self, head: Head, submitted: Submitted) -> None:
        checkpoint = submitted.checkpoint
        self._store.add_conflict(Conflict(checkpoint.origin, checkpoint.size, head.root, checkpoint.root,
                                          submitted.note, self._clock()))


def check_extends(head: Head | None, checkpoint: Checkpoint, request: AddCheckpoint) -> WitnessError | None:
    """Why `checkpoint` does not extend `head` (the last cosigned checkpoint) by the request's proof, or None."""
    stored = head.size if head is not None else 0
    # Verify the client starts from the size last cosigned
    if request.old != stored:
        return OldSizeMismatch(request.old, stored)
    # Verify there is no proof from the empty tree, nor between two trees of one size
    if request.proof and (request.old == 0 or request.old == checkpoint.size):
        return Inconsistent(f"the consistency proof from size {request.old} to {checkpoint.size} must be empty")
    if head is None:
        return None
    # Verify a checkpoint of the size cosigned has the root cosigned
    if head.size == checkpoint.size and head.root != checkpoint.root:
        return SplitViewRefused(f"a checkpoint of size {head.size} with root {head.root.hex()} was cosigned; "
                                f"this one has root {checkpoint.root.hex()}: refused and kept as evidence")
    if head.size in (0, checkpoint.size):
        return None
    # Verify the proof shows the checkpoint extends the one cosigned
    try:
        verify_consistency(head.size, checkpoint.size, request.proof, head.root, checkpoint.root)
    except ProofError as exc:
        return Inconsistent(f"the consistency proof from size {head.size} to {checkpoint.size} does not verify: "
                            f"{exc.message}")
    return None


def parse_submitted(note: str) -> Submitted:
    """The checkpoint a signed note carries, with its body; raise BadNote if malformed."""
    body = parse_note(note).text
    return Submitted(parse_checkpoint(body), body, note)


