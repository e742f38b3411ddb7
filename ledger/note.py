"""Signed notes (c2sp.org/signed-note): a text, a blank line, then one signature line per signer.

A signature line is `— <key name> <base64(key ID || signature)>` with the em dash U+2014; an
Ed25519 key's ID is SHA-256(key name || 0x0A || 0x01 || public key)[:4]. Anyone may append a
line to a note (a witness its cosignature, a third party its own), so a line this verifier
cannot parse is kept aside in `Note.unparsed`, not an error: it is ignored unless it is under
a key the verifier knows, and then the note fails (`ledger.checkpoint`, `ledger.cosignature`).
Needs only the standard library and PyNaCl (through ledger.crypto).
"""
from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass

from .crypto import public_key, sha256, sign
from .errors import BadCheckpointSignature, BadNote

EM_DASH = "\u2014"
ED25519_TYPE = b"\x01"  # signed-note signature type: Ed25519
KEY_ID_BYTES = 4
# Signature lines accepted in one note: the spec asks for at least 16; a validator set of
# up to 200 members plus witnesses' and third parties' lines fits well inside.
MAX_NOTE_SIGNATURES = 256
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f]")  # every control character but newline


@dataclass(frozen=True, slots=True)
class NoteSignature:
    name: str
    key_id: bytes  # 4 bytes
    signature: bytes


@dataclass(frozen=True, slots=True)
class Note:
    """A parsed signed note: its text (with final newline), its well-formed signature lines in order, and the
    lines that are not (`— <name> <base64>` with a valid name and a key ID), kept verbatim."""

    text: str
    signatures: tuple[NoteSignature, ...]
    unparsed: tuple[str, ...] = ()


def key_id(name: str, pubkey: bytes, kind: bytes = ED25519_TYPE) -> bytes:
    """The signed-note key ID of a public key: SHA-256(name || 0x0A || kind || pubkey)[:4] (kind 0x01: Ed25519)."""
    return sha256(name.encode() + b"\n" + kind + pubkey)[:KEY_ID_BYTES]


def check_key_name(name: str) -> None:
    """Raise BadNote unless `name` is non-empty with no Unicode space, plus sign or control character."""
    if not isinstance(name, str) or not name or any(c.isspace() or c == "+" or ord(c) < 0x20 for c in name):
        raise BadNote(f"key name or origin {name!r} is empty or has a space, '+' or control character")


def decode_base64(text: str, what: str) -> bytes:
    """Strict standard base64 that re-encodes to the same text (no stray bits or characters)."""
    try:
        raw = binascii.a2b_base64(text.encode("ascii"), strict_mode=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise BadNote(f"{what} is not standard base64: {text!r}") from None
    if base64.b64encode(raw).decode("ascii") != text:
        raise BadNote(f"{what} is not canonical base64: {text!r}")
    return raw


def signature_line(name: str, payload: bytes) -> str:
    """A note signature line (without newline): em dash, key name, base64 of key ID and signature."""
    check_key_name(name)
    return f"{EM_DASH} {name} {base64.b64encode(payload).decode('ascii')}"


def sign_note(text: str, key_name: str, seed: bytes) -> str:
    """The signature line (without newline) of `key_name` with the Ed25519 key of `seed` over the note text."""
    return signature_line(key_name, key_id(key_name, public_key(seed)) + sign(seed, text.encode("utf-8")))


def make_note(text: str, signature_lines: list[str] | tuple[str, ...]) -> str:
    """The signed note: the text, a blank line, then each signature line and a newline."""
    return text + "\n" + "".join(line + "\n" for line in signature_lines)


def parse_note(note: str | bytes) -> Note:
    """Parse a signed note; raise BadNote if its text and signature block are malformed. Signatures are not
    checked here, and a signature line that is not well formed goes to `Note.unparsed`."""
    text = _decode_note(note)
    # Verify the text is separated from the signatures by its last blank line
    split = text.rfind("\n\n")
    if split < 0 or not text.endswith("\n"):
        raise BadNote("signed note needs text, a blank line and signature lines, each ending in a newline")
    lines = text[split + 2:-1].split("\n") if text[split + 2:] else []
    # Verify there is at least one signature line and not too many
    if not 1 <= len(lines) <= MAX_NOTE_SIGNATURES:
        raise BadNote(f"signed note has {len(lines)} signature lines, must have 1 to {MAX_NOTE_SIGNATURES}")
    parsed, unparsed = [], []
    for line in lines:
        try:
            parsed.append(_parse_signature_line(line))
        except BadNote:
            unparsed.append(line)
    return Note(text[:split + 1], tuple(parsed), tuple(unparsed))


def check_unparsed(note: Note, known: dict[tuple[str, bytes], object]) -> None:
    """Raise BadCheckpointSignature if a line of `note.unparsed` is under a key of `known` ((name, key ID) pairs):
    its name is the key's and what it carries starts with the key's ID. Any other unparsed line, even one with a
    known name, names no key (C2SP: a key is its name and ID) and is ignored."""
    names = {name for name, _ in known}
    for line in note.unparsed:
        parts = line.split(" ")
        if len(parts) < 3 or parts[0] != EM_DASH or parts[1] not in names:
            continue
        try:
            raw = base64.b64decode(parts[2] + "=" * (-len(parts[2]) % 4))
        except (binascii.Error, ValueError):
            raw = b""
        # Verify no line under a known key escapes verification by being malformed
        if (parts[1], raw[:KEY_ID_BYTES]) in known:
            raise BadCheckpointSignature(f"malformed signature line under the trusted key {parts[1]}: {line!r}")


def _decode_note(note: str | bytes) -> str:
    try:
        note = note.decode("utf-8") if isinstance(note, bytes) else note.encode("utf-8").decode("utf-8")
    except UnicodeError:
        raise BadNote("signed note is not valid UTF-8") from None
    # Verify no control character but newline
    if _CONTROL.search(note):
        raise BadNote("signed note contains a control character other than newline")
    return note


def _parse_signature_line(line: str) -> NoteSignature:
    # Verify the line is em dash, space, key name, space, base64
    parts = line.split(" ")
    if len(parts) != 3 or parts[0] != EM_DASH:
        raise BadNote(f"malformed signature line {line!r}: expected '{EM_DASH} <name> <base64>'")
    _, name, encoded = parts
    check_key_name(name)
    raw = decode_base64(encoded, f"signature of {name}")
    # Verify there are a key ID and a signature
    if len(raw) <= KEY_ID_BYTES:
        raise BadNote(f"signature of {name} is {len(raw)} bytes, too short for key ID and signature")
    return NoteSignature(name, raw[:KEY_ID_BYTES], raw[KEY_ID_BYTES:])
