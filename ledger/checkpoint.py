"""Checkpoints: C2SP tlog-checkpoint bodies in C2SP signed notes, co-signed by the validators.

A checkpoint body is three lines and optional extension lines, each ending in a newline:

    tanledger.<network>/<chain_id>
    <tree size, ASCII decimal, no leading zero>
    <root hash, standard base64>

A signed note is the body, a blank line, then one line per signature:
`— <key name> <base64(key ID || Ed25519 signature of the body)>`, where the dash is the em
dash U+2014 and key ID = SHA-256(key name || 0x0A || 0x01 || public key)[:4] (c2sp.org/
signed-note, type 0x01). A checkpoint is valid when validators of the trusted set for its
size, more than two thirds of them by count, have signed it; lines from unknown keys are
ignored, a bad signature from a known key rejects the note, and one key counts once.
Needs only the standard library and PyNaCl (through ledger.crypto).
"""
from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from typing import Any

from .crypto import is_valid_signature, public_key, sha256, sign
from .errors import BadCheckpointSignature, BadNote, BadTrust, NoQuorum, NoValidatorSet, UnknownOrigin

EM_DASH = "\u2014"
ED25519_TYPE = b"\x01"  # signed-note signature type: Ed25519
KEY_ID_BYTES = 4
ORIGIN_PREFIX = "tanledger."
# Signature lines accepted in one note: the spec asks for at least 16; a validator set of
# up to 200 members plus stray witness lines fits well inside.
MAX_NOTE_SIGNATURES = 256
_DECIMAL = re.compile(r"0|[1-9][0-9]*")
_MAX_TREE_SIZE = 2**64 - 1


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """The tree head a checkpoint commits to: origin, size and root (32 bytes)."""

    origin: str
    size: int
    root: bytes
    extensions: tuple[str, ...] = ()

    @property
    def head(self) -> tuple[int, bytes]:
        """(size, root): what a verifier keeps of the last checkpoint it verified."""
        return self.size, self.root


@dataclass(frozen=True, slots=True)
class NoteSignature:
    name: str
    key_id: bytes  # 4 bytes
    signature: bytes


@dataclass(frozen=True, slots=True)
class Note:
    """A parsed signed note: its text (with final newline) and its signature lines in order."""

    text: str
    signatures: tuple[NoteSignature, ...]


@dataclass(frozen=True, slots=True)
class VerifiedCheckpoint:
    """A checkpoint that a quorum of trusted validators signed, and the names of those who did."""

    checkpoint: Checkpoint
    signers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Validator:
    name: str  # its signed-note key name
    pubkey: bytes  # 32-byte Ed25519 public key


@dataclass(frozen=True, slots=True)
class ValidatorSet:
    """The validators that sign checkpoints from tree size `from_size` on, and how many must.

    Raises BadTrust unless names and keys are well formed and distinct and 2/3 of them < quorum <= all.
    """

    from_size: int
    validators: tuple[Validator, ...]
    quorum: int

    def __post_init__(self) -> None:
        n = len(self.validators)
        for v in self.validators:
            _check_trust_name(v.name)
        # Verify sizes and keys are well formed and no validator appears twice
        if type(self.from_size) is not int or self.from_size < 0:
            raise BadTrust(f"from_size {self.from_size!r} is not an integer >= 0")
        if any(type(v.pubkey) is not bytes or len(v.pubkey) != 32 for v in self.validators):
            raise BadTrust("a validator public key is not 32 bytes")
        if len({v.name for v in self.validators}) != n or len({v.pubkey for v in self.validators}) != n:
            raise BadTrust("a validator name or key appears twice in one set")
        # Verify the quorum is more than two thirds of the set, and reachable
        if type(self.quorum) is not int or not 2 * n < 3 * self.quorum <= 3 * n:
            raise BadTrust(f"quorum {self.quorum!r} is not more than two thirds of {n} validators")


@dataclass(frozen=True, slots=True)
class Trust:
    """What a verifier trusts: the log's origin, its validator sets by strictly increasing `from_size`, and
    the hash of the chain's genesis document (None in trust files written before it was added)."""

    origin: str
    sets: tuple[ValidatorSet, ...]
    genesis_hash: bytes | None = None

    def __post_init__(self) -> None:
        _check_trust_name(self.origin)
        # Verify the genesis hash, if any, is a SHA-256 hash
        if self.genesis_hash is not None and (type(self.genesis_hash) is not bytes or len(self.genesis_hash) != 32):
            raise BadTrust("genesis_hash is not 32 bytes (64 hex digits)")
        starts = [s.from_size for s in self.sets]
        # Verify there is a set, and the sets start at increasing sizes
        if not starts or starts != sorted(set(starts)):
            raise BadTrust(f"validator sets must be one or more, by strictly increasing from_size, got {starts}")

    def set_for(self, size: int) -> ValidatorSet | None:
        """The set valid at tree `size`: the one with the largest `from_size` <= size."""
        valid = [s for s in self.sets if s.from_size <= size]
        return valid[-1] if valid else None

    def to_json(self) -> dict[str, Any]:
        """The trust file: `{origin, [genesis_hash hex], validator_sets: [{from_size, quorum, validators: [{name,
        pubkey hex}]}]}`."""
        genesis = {} if self.genesis_hash is None else {"genesis_hash": self.genesis_hash.hex()}
        return {"origin": self.origin, **genesis, "validator_sets": [
            {"from_size": s.from_size, "quorum": s.quorum,
             "validators": [{"name": v.name, "pubkey": v.pubkey.hex()} for v in s.validators]}
            for s in self.sets]}


def quorum_for(count: int) -> int:
    """The least number of validators that is more than two thirds of `count`."""
    return count * 2 // 3 + 1


def parse_trust(value: Any) -> Trust:
    """Parse a trust file's JSON value (see Trust.to_json); raise BadTrust if malformed or its quorum is weak."""
    try:
        sets = tuple(ValidatorSet(s["from_size"], tuple(Validator(v["name"], bytes.fromhex(v["pubkey"]))
                                                        for v in s["validators"]), s["quorum"])
                     for s in value["validator_sets"])
        genesis = value.get("genesis_hash")
        return Trust(value["origin"], sets, None if genesis is None else bytes.fromhex(genesis))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise BadTrust(f"malformed trust file: {exc!r}") from None


def _check_trust_name(name: Any) -> None:
    try:
        check_key_name(name)
    except BadNote:
        raise BadTrust(f"origin or validator name {name!r} is empty, not text, or has a space or '+'") from None


def origin_for(network: str, chain_id: str) -> str:
    """The checkpoint origin of a chain: `tanledger.<network>/<chain_id>`."""
    origin = f"{ORIGIN_PREFIX}{network}/{chain_id}"
    check_key_name(origin)
    return origin


def key_id(name: str, pubkey: bytes) -> bytes:
    """The signed-note key ID of an Ed25519 key: SHA-256(name || 0x0A || 0x01 || pubkey)[:4]."""
    return sha256(name.encode() + b"\n" + ED25519_TYPE + pubkey)[:KEY_ID_BYTES]


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


def format_checkpoint(origin: str, size: int, root: bytes, extensions: tuple[str, ...] = ()) -> str:
    """The checkpoint body text. Requires a valid origin, 0 <= size, a 32-byte root, non-empty extensions."""
    check_key_name(origin)
    if not 0 <= size <= _MAX_TREE_SIZE or len(root) != 32:
        raise BadNote(f"checkpoint needs 0 <= size and a 32-byte root, got size {size}, root of {len(root)} bytes")
    if any(not e or "\n" in e for e in extensions):
        raise BadNote("checkpoint extension lines must be non-empty single lines")
    lines = [origin, str(size), base64.b64encode(root).decode("ascii"), *extensions]
    return "".join(line + "\n" for line in lines)


def parse_checkpoint(body: str) -> Checkpoint:
    """Parse a checkpoint body strictly; raise BadNote on any deviation from tlog-checkpoint."""
    # Verify the body is newline-terminated lines, at least three, none empty
    lines = body.split("\n")
    if lines[-1] != "" or len(lines) < 4 or "" in lines[:-1]:
        raise BadNote("checkpoint body must be three or more non-empty lines, each ending in a newline")
    origin, size_text, root_text, *extensions = lines[:-1]
    # Verify the size is a decimal with no leading zero
    if not _DECIMAL.fullmatch(size_text) or int(size_text) > _MAX_TREE_SIZE:
        raise BadNote(f"checkpoint tree size {size_text!r} is not a decimal without leading zeroes")
    # Verify the root is a base64 SHA-256 hash
    root = decode_base64(root_text, "checkpoint root")
    if len(root) != 32:
        raise BadNote(f"checkpoint root is {len(root)} bytes, a SHA-256 hash is 32")
    return Checkpoint(origin, int(size_text), root, tuple(extensions))


def sign_note(text: str, key_name: str, seed: bytes) -> str:
    """The signature line (without newline) of `key_name` with the Ed25519 key of `seed` over the note text."""
    check_key_name(key_name)
    signature = key_id(key_name, public_key(seed)) + sign(seed, text.encode("utf-8"))
    return f"{EM_DASH} {key_name} {base64.b64encode(signature).decode('ascii')}"


def make_note(text: str, signature_lines: list[str] | tuple[str, ...]) -> str:
    """The signed note: the text, a blank line, then each signature line and a newline."""
    return text + "\n" + "".join(line + "\n" for line in signature_lines)


def parse_note(note: str | bytes) -> Note:
    """Parse a signed note strictly; raise BadNote if malformed. Signatures are not checked here."""
    text = _decode_note(note)
    # Verify the text is separated from the signatures by its last blank line
    split = text.rfind("\n\n")
    if split < 0 or not text.endswith("\n"):
        raise BadNote("signed note needs text, a blank line and signature lines, each ending in a newline")
    lines = text[split + 2:-1].split("\n") if text[split + 2:] else []
    # Verify there is at least one signature and not too many
    if not 1 <= len(lines) <= MAX_NOTE_SIGNATURES:
        raise BadNote(f"signed note has {len(lines)} signature lines, must have 1 to {MAX_NOTE_SIGNATURES}")
    return Note(text[:split + 1], tuple(_parse_signature_line(line) for line in lines))


def _decode_note(note: str | bytes) -> str:
    try:
        note = note.decode("utf-8") if isinstance(note, bytes) else note.encode("utf-8").decode("utf-8")
    except UnicodeError:
        raise BadNote("signed note is not valid UTF-8") from None
    # Verify no control character but newline
    if any(ord(c) < 0x20 and c != "\n" for c in note):
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


def verify_checkpoint(note: str | bytes, trust: Trust) -> VerifiedCheckpoint:
    """Parse and verify a co-signed checkpoint against `trust`; raise a CheckpointError if it is not valid."""
    parsed = parse_note(note)
    checkpoint = parse_checkpoint(parsed.text)
    # Verify the checkpoint is of the trusted log
    if checkpoint.origin != trust.origin:
        raise UnknownOrigin(f"checkpoint origin {checkpoint.origin!r} is not the trusted {trust.origin!r}")
    validators = trust.set_for(checkpoint.size)
    if validators is None:
        raise NoValidatorSet(f"no trusted validator set covers tree size {checkpoint.size}")
    signers = count_signers(parsed, validators)
    # Verify more than two thirds of the validators signed
    if len(signers) < validators.quorum:
        raise NoQuorum(len(signers), validators.quorum)
    return VerifiedCheckpoint(checkpoint, signers)


def count_signers(note: Note, validators: ValidatorSet) -> tuple[str, ...]:
    """The names of the validators whose signatures on `note` verify, each once, in validator order.

    Ignores lines whose (name, key ID) matches no validator; raises BadCheckpointSignature on a
    line that matches one and does not verify.
    """
    known = {(v.name, key_id(v.name, v.pubkey)): v for v in validators.validators}
    message = note.text.encode("utf-8")
    signed = set()
    for s in note.signatures:
        validator = known.get((s.name, s.key_id))
        if validator is None:
            continue
        # Verify a line from a known key is a valid signature
        if not is_valid_signature(validator.pubkey, message, s.signature):
            raise BadCheckpointSignature(f"signature of validator {s.name} does not verify")
        signed.add(s.name)
    return tuple(v.name for v in validators.validators if v.name in signed)
