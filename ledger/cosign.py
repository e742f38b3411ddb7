"""Co-signatures of committed blocks, carried in CometBFT vote extensions and recorded on the chain.

While voting on height h, a validator signs what is already committed, block h−1: the C2SP
checkpoint of the log after it (a signed-note signature line under its note key name) and
the block's header hash (domain-separated). It never signs what is being voted on, so an
honest validator never signs two roots for one log size. The next proposer gathers the
verified extensions of the last commit into a co-signature record, the first "transaction"
of its block, which stays outside the tx root, the log and the state.
"""
from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

from .checkpoint import Validator, format_checkpoint
from .crypto import is_valid_signature, sign
from .encoding import canonical, parse_strict
from .errors import Malformed
from .note import EM_DASH, key_id, sign_note

HEADER_SIGN_PREFIX = b"tanledger/header/v1\n"  # domain of a validator's signature over a block header hash
RECORD_PREFIX = b"tanledger/cosignatures/v1\n"  # marks the co-signature record among a block's transactions
MAX_RECORD_SIGNERS = 150  # CometBFT's validator sets stay well below this


@dataclass(frozen=True, slots=True)
class Cosignature:
    """One validator's signatures of block `height`: its checkpoint line and its header signature."""

    validator: str  # the validator's name in the genesis
    height: int
    note_line: str
    header_signature: bytes

    def to_json(self) -> dict[str, Any]:
        """As JSON, the header signature in hex."""
        return {"validator": self.validator, "height": self.height, "note_line": self.note_line,
                "header_signature": self.header_signature.hex()}


@dataclass(frozen=True, slots=True)
class BlockHead:
    """What a co-signature covers: a committed block's height, header hash and log head."""

    height: int
    header_hash: bytes
    log_size: int
    log_root: bytes


def make_cosignature(seed: bytes, name: str, note_key: str, origin: str, head: BlockHead) -> Cosignature:
    """This validator's co-signature of the committed block `head`."""
    body = format_checkpoint(origin, head.log_size, head.log_root)
    return Cosignature(name, head.height, sign_note(body, note_key, seed),
                       sign(seed, HEADER_SIGN_PREFIX + head.header_hash))


def encode_extension(cosig: Cosignature | None) -> bytes:
    """The vote extension bytes: JCS of the co-signature, or empty when nothing is committed yet."""
    return b"" if cosig is None else canonical(cosig.to_json())


def decode_cosignature(value: Any) -> Cosignature:
    """A Cosignature from its JSON value; raise Malformed on any other shape."""
    if not isinstance(value, dict) or set(value) != {"validator", "height", "note_line", "header_signature"}:
        raise Malformed("a co-signature is {validator, height, note_line, header_signature}")
    try:
        signature = bytes.fromhex(value["header_signature"])
    except (TypeError, ValueError):
        raise Malformed("header_signature is not hex") from None
    if not isinstance(value["validator"], str) or type(value["height"]) is not int or not isinstance(value["note_line"], str):
        raise Malformed("co-signature fields have the wrong types")
    return Cosignature(value["validator"], value["height"], value["note_line"], signature)


def decode_extension(data: bytes) -> Cosignature | None:
    """The co-signature a vote extension carries (None if empty); raise Malformed if it is not one."""
    return None if not data else decode_cosignature(parse_strict(data))


def is_valid_cosignature(cosig: Cosignature, validator: Validator, name: str, origin: str, head: BlockHead) -> bool:
    """True if `cosig` is validator `name`'s (note key `validator.name`) signature of exactly `head`."""
    if cosig.validator != name or cosig.height != head.height:
        return False
    if not is_valid_signature(validator.pubkey, HEADER_SIGN_PREFIX + head.header_hash, cosig.header_signature):
        return False
    prefix = f"{EM_DASH} {validator.name} "
    if not cosig.note_line.startswith(prefix):
        return False
    try:
        raw = base64.b64decode(cosig.note_line[len(prefix):], validate=True)
    except ValueError:
        return False
    body = format_checkpoint(origin, head.log_size, head.log_root)
    return (len(raw) == 68 and raw[:4] == key_id(validator.name, validator.pubkey)
            and is_valid_signature(validator.pubkey, body.encode("utf-8"), raw[4:]))


def encode_record(height: int, cosigs: list[Cosignature]) -> bytes:
    """The co-signature record of block `height` as a block 'transaction'."""
    return RECORD_PREFIX + canonical({"height": height, "cosignatures": [c.to_json() for c in cosigs]})


def is_record(raw: bytes) -> bool:
    """True if a block transaction is a co-signature record."""
    return raw.startswith(RECORD_PREFIX)


def decode_record(raw: bytes) -> tuple[int, list[Cosignature]]:
    """(height signed, co-signatures) of a record; raise Malformed if it is not one."""
    value = parse_strict(raw[len(RECORD_PREFIX):])
    if not isinstance(value, dict) or set(value) != {"height", "cosignatures"} or type(value["height"]) is not int:
        raise Malformed("a co-signature record is {height, cosignatures}")
    items = value["cosignatures"]
    if not isinstance(items, list) or len(items) > MAX_RECORD_SIGNERS:
        raise Malformed("cosignatures must be a list of at most 150")
    cosigs = [decode_cosignature(item) for item in items]
    if len({c.validator for c in cosigs}) != len(cosigs) or any(c.height != value["height"] for c in cosigs):
        raise Malformed("a record holds one co-signature per validator, all of its height")
    return value["height"], cosigs

