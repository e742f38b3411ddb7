"""Checkpoints: the node's, checked against the trust file and the replayed log; and the notes peers gossip.

A served checkpoint is verified against the trust (every line under a known validator or witness
key must verify; a quorum of validators makes it "verified") and its root must be the replayed
log's at its size, quorum or not: one validator's signature over a root the log never had is
evidence already. A note from a peer that verifies is checked the same way against the log; one
of a size the log has not reached yet waits until it has.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace

from ledger.checkpoint import Checkpoint, Trust, VerifiedCheckpoint, parse_checkpoint, verify_checkpoint
from ledger.note import parse_note
from ledger.errors import CheckpointError, NoQuorum

from .alarm import Alarm
from .log import ReplayedLog

MAX_WAITING = 64  # peer notes beyond the replayed log kept for a later check (the largest ones)


def gossip_trust(trust: Trust) -> Trust:
    """The trust a note is checked with: the validators' quorum; witness lines verified when present, none
    required (a checkpoint is witnessed after it is signed, and older ones never are)."""
    return replace(trust, witness_quorum=0)


def verify_note(note: str, trust: Trust) -> VerifiedCheckpoint:
    """A note that a quorum of the trusted validators signed, with its valid witness cosignatures; raise
    CheckpointError if it does not verify."""
    return verify_checkpoint(note, gossip_trust(trust))


@dataclass
class NoteBook:
    """The latest verified note, the peers' notes waiting for the log to grow, and the counts of checks."""

    trust: Trust
    log: ReplayedLog
    latest: str | None = None
    latest_size: int = -1
    checked: int = 0  # served checkpoints whose root matched the log
    awaiting_quorum: int = 0  # served checkpoints without (yet) a quorum of validator signatures
    witnessed: int = 0  # served checkpoints carrying valid cosignatures of the trusted witnesses
    waiting: dict[int, tuple[str, str]] = field(default_factory=dict)  # size -> (note, where from)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def check_served(self, note: str, count: bool = True) -> bool:
        """Check one of the node's checkpoints; True if it was checked (its size is in the replayed log)."""
        try:
            checkpoint = parse_checkpoint(parse_note(note).text)
        except CheckpointError as exc:
            raise Alarm(exc.code, f"a checkpoint the node serves: {exc.message}", {"note": note}) from None
        if checkpoint.size > self.log.size:
            return False
        verified = None
        try:
            verified = verify_note(note, self.trust)
        except NoQuorum:
            self.awaiting_quorum += count
        except CheckpointError as exc:
            raise Alarm(exc.code, f"checkpoint of size {checkpoint.size}: {exc.message}", {"note": note}) from None
        self.check_root(note, checkpoint, "the node")
        self.checked += count
        if verified is not None:
            self.witnessed += bool(verified.witnesses) and count
            self.remember(note, checkpoint.size)
        return True

    def check_root(self, note: str, checkpoint: Checkpoint, source: str) -> None:
        """Raise Alarm if the log the monitor replayed has another root at the checkpoint's size."""
        ours = self.log.root_at(checkpoint.size)
        if ours is not None and ours != checkpoint.root:
            code = "checkpoint_mismatch" if source == "the node" else "split_view"
            raise Alarm(code, f"checkpoint of size {checkpoint.size} from {source} has root {checkpoint.root.hex()}, "
                              f"the replayed log {ours.hex()}",
                        {"size": checkpoint.size, "note": note, "root_replayed": ours.hex(), "source": source,
                         "our_note": self.latest})

    def remember(self, note: str, size: int) -> None:
        """Keep `note` as the latest verified note if it is the largest so far."""
        with self.lock:
            if size > self.latest_size:
                self.latest, self.latest_size = note, size

    def check_foreign(self, note: str, source: str) -> Checkpoint:
        """Verify a peer's note and check it against the log now, or later if it is beyond it; raise
        CheckpointError if it does not verify, Alarm if it conflicts with the replayed log."""
        checkpoint = verify_note(note, self.trust).checkpoint
        if checkpoint.size > self.log.size:
            with self.lock:
                self.waiting[checkpoint.size] = (note, source)
                for size in sorted(self.waiting)[:-MAX_WAITING]:
                    del self.waiting[size]
            return checkpoint
        self.check_root(note, checkpoint, source)
        return checkpoint

    def check_waiting(self) -> None:
        """Check the peers' notes the replayed log has now reached; raise Alarm on a conflict."""
        with self.lock:
            ready = [(size, self.waiting.pop(size)) for size in sorted(self.waiting) if size <= self.log.size]
        for _, (note, source) in ready:
            self.check_root(note, parse_checkpoint(parse_note(note).text), source)
