"""Witness cosignatures (c2sp.org/tlog-cosignature, `cosignature/v1`, Ed25519, signature type 0x04).

A witness that checked a checkpoint consistent with everything it saw before signs

    cosignature/v1
    time <POSIX seconds>
    <the checkpoint body>

and appends `— <witness name> base64(key ID || u64 big-endian time || Ed25519 signature)` to the
note, key ID = SHA-256(name || 0x0A || 0x04 || public key)[:4]. The time makes a checkpoint's
freshness checkable: "as of this time, this is the largest tree I have seen". A witness is
published as a C2SP vkey, `<name>+<key ID hex>+<base64(0x04 || public key)>`. Pure.
"""
from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from .crypto import is_valid_signature, public_key, sign
from .errors import BadCheckpointSignature, BadTrust, BadNote
from .note import KEY_ID_BYTES, Note, check_key_name, check_unparsed, key_id, signature_line

COSIGNATURE_TYPE = b"\x04"
COSIGNATURE_HEADER = "cosignature/v1\n"
MAX_TIMESTAMP = 2**63 - 1
_TIMESTAMP_BYTES = 8
_SIGNATURE_BYTES = 64


@dataclass(frozen=True, slots=True)
class Witness:
    """A witness a verifier trusts: its key name and 32-byte Ed25519 public key."""

    name: str
    pubkey: bytes

    def __post_init__(self) -> None:
        try:
            check_key_name(self.name)
        except BadNote:
            raise BadTrust(f"witness name {self.name!r} is empty, not text, or has a space or '+'") from None
        if type(self.pubkey) is not bytes or len(self.pubkey) != 32:
            raise BadTrust(f"the public key of witness {self.name} is not 32 bytes")

    @property
    def key_id(self) -> bytes:
        return cosigner_key_id(self.name, self.pubkey)


def cosigner_key_id(name: str, pubkey: bytes) -> bytes:
    """The key ID of an Ed25519 cosigner: SHA-256(name || 0x0A || 0x04 || pubkey)[:4]."""
    return key_id(name, pubkey, COSIGNATURE_TYPE)


def cosigned_message(body: str, timestamp: int) -> bytes:
    """What a witness signs: the `cosignature/v1` header line, the time line, then the checkpoint body."""
    if type(timestamp) is not int or not 0 <= timestamp <= MAX_TIMESTAMP:
        raise BadNote(f"cosignature time {timestamp!r} is not an integer in 0 … 2^63 − 1")
    return f"{COSIGNATURE_HEADER}time {timestamp}\n{body}".encode()


def cosign(body: str, name: str, seed: bytes, timestamp: int) -> str:
    """The cosignature line (without newline) of witness `name` with the key of `seed` on `body` at `timestamp`."""
    signature = sign(seed, cosigned_message(body, timestamp))
    return signature_line(name, cosigner_key_id(name, public_key(seed)) + timestamp.to_bytes(8, "big") + signature)


def witness_vkey(witness: Witness) -> str:
    """The witness's C2SP verifier key: `<name>+<key ID hex>+<base64(0x04 || public key)>`."""
    encoded = base64.b64encode(COSIGNATURE_TYPE + witness.pubkey).decode("ascii")
    return f"{witness.name}+{witness.key_id.hex()}+{encoded}"


def parse_vkey(text: str) -> Witness:
    """The witness a C2SP cosignature vkey names; raise BadTrust unless it is one, with a matching key ID."""
    parts = text.strip().split("+", 2) if isinstance(text, str) else []
    try:
        name, id_hex, encoded = parts
        raw = base64.b64decode(encoded, validate=True)
        claimed = bytes.fromhex(id_hex)
    except (ValueError, binascii.Error):
        raise BadTrust(f"{text!r} is not a witness vkey <name>+<key ID hex>+<base64 key>") from None
    # Verify it is an Ed25519 cosignature key whose ID matches
    if raw[:1] != COSIGNATURE_TYPE or len(raw) != 33:
        raise BadTrust(f"vkey of {name} is not an Ed25519 cosignature key (type 0x04, 32 bytes)")
    witness = Witness(name, raw[1:])
    if witness.key_id != claimed:
        raise BadTrust(f"vkey of {name} names key ID {id_hex}, its key's ID is {witness.key_id.hex()}")
    return witness


def witness_times(note: Note, witnesses: tuple[Witness, ...]) -> tuple[tuple[str, int], ...]:
    """(name, time) of each witness of `witnesses` whose cosignature on `note` verifies, the newest time if it
    cosigned more than once, in the order of `witnesses`. Lines of other keys are ignored; a line under a known
    witness key that does not verify raises BadCheckpointSignature."""
    known = {(w.name, w.key_id): w for w in witnesses}
    check_unparsed(note, known)  # type: ignore[arg-type]
    times: dict[str, int] = {}
    for s in note.signatures:
        witness = known.get((s.name, s.key_id))
        if witness is None:
            continue
        timestamp = _verified_time(note.text, witness, s.signature)
        times[witness.name] = max(timestamp, times.get(witness.name, timestamp))
    return tuple((w.name, times[w.name]) for w in witnesses if w.name in times)


def _verified_time(body: str, witness: Witness, payload: bytes) -> int:
    # Verify the line is a time and an Ed25519 signature of the cosigned message
    if len(payload) != _TIMESTAMP_BYTES + _SIGNATURE_BYTES:
        raise BadCheckpointSignature(f"cosignature of witness {witness.name} is {len(payload) + KEY_ID_BYTES} bytes, "
                                     f"not {KEY_ID_BYTES + _TIMESTAMP_BYTES + _SIGNATURE_BYTES}")
    timestamp = int.from_bytes(payload[:_TIMESTAMP_BYTES], "big")
    if timestamp > MAX_TIMESTAMP or not is_valid_signature(witness.pubkey, cosigned_message(body, timestamp),
                                                           payload[_TIMESTAMP_BYTES:]):
        raise BadCheckpointSignature(f"cosignature of witness {witness.name} does not verify")
    return timestamp
