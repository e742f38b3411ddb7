"""Parsing an add-checkpoint request body (C2SP tlog-witness) strictly; no checks against state here.

The body is `old <N>\\n`, up to 63 lines of one base64 hash each, an empty line, then the signed
checkpoint note. Anything else is a MalformedRequest (400).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ledger.checkpoint import decode_base64
from ledger.errors import BadNote

from .errors import MalformedRequest

MAX_PROOF_LINES = 63  # C2SP tlog-witness: a client sends no more
MAX_BODY_BYTES = 64 * 1024  # a proof of 63 hashes and a note of 256 signature lines fit well inside
HASH_BYTES = 32
_OLD = re.compile(r"old (0|[1-9][0-9]{0,19})")


@dataclass(frozen=True, slots=True)
class AddCheckpoint:
    """An add-checkpoint request: the client's old size, the consistency proof and the signed note."""

    old: int
    proof: tuple[bytes, ...]
    note: str


def parse_add_checkpoint(body: bytes) -> AddCheckpoint:
    """Parse an add-checkpoint body; raise MalformedRequest naming what is wrong."""
    text = decode_body(body)
    head, sep, note = text.partition("\n\n")
    # Verify there is an old size line and a blank line before the note
    if not sep:
        raise MalformedRequest("the body needs an `old <size>` line, proof lines, an empty line, then the signed note")
    old_line, *proof_lines = head.split("\n")
    match = _OLD.fullmatch(old_line)
    # Verify the old size is `old` and a decimal without leading zeroes
    if match is None:
        raise MalformedRequest(f"the first line must read `old <size>` (decimal, no leading zero), got {old_line[:40]!r}")
    # Verify the proof has at most 63 hashes, each base64 of 32 bytes
    if len(proof_lines) > MAX_PROOF_LINES:
        raise MalformedRequest(f"{len(proof_lines)} consistency proof lines; at most {MAX_PROOF_LINES} are allowed")
    return AddCheckpoint(int(match.group(1)), tuple(decode_hash(line, i) for i, line in enumerate(proof_lines)), note)


def decode_body(body: bytes) -> str:
    """The body as text; raise MalformedRequest if it is too large or not UTF-8."""
    if len(body) > MAX_BODY_BYTES:
        raise MalformedRequest(f"the body is {len(body)} bytes; at most {MAX_BODY_BYTES} are accepted")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise MalformedRequest("the body is not UTF-8 text") from None


def decode_hash(line: str, index: int) -> bytes:
    """One consistency proof line: a 32-byte hash in standard base64."""
    try:
        raw = decode_base64(line, f"consistency proof line {index + 1}")
    except BadNote as exc:
        raise MalformedRequest(exc.message) from None
    if len(raw) != HASH_BYTES:
        raise MalformedRequest(f"consistency proof line {index + 1} is {len(raw)} bytes, a SHA-256 hash is {HASH_BYTES}")
    return raw
