"""Checkpoints: C2SP tlog-checkpoint bodies in C2SP signed notes, co-signed by the validators.

A checkpoint body is three lines and optional extension lines, each ending in a newline:

    tanledger.<network>/<chain_id>
    <tree size, ASCII decimal, no leading zero>
    <root hash, standard base64>

A signed note is the body, a blank line, then one line per signature (ledger/note.py). A
checkpoint is valid when validators of the trusted set for its size, more than two thirds of
them by count, have signed it, and, if the trust names witnesses, when at least `witness_quorum`
of them cosigned it (`cosignature/v1`, ledger/cosignature.py), whose times give the checkpoint
its age. Lines of unknown keys, even malformed ones, are ignored; a line under a known key must
verify or the note is rejected; one key counts once. Needs only the standard library and PyNaCl.
"""
from __future__ import annotations

import base64
import dataclasses
import re
from dataclasses import dataclass
from typing import Any

from .cosignature import Witness, witness_times
from .crypto import is_valid_signature
from .errors import (BadCheckpointSignature, BadNote, BadTrust, NoQuorum, NoValidatorSet, NoWitnessQuorum,
                     StaleCheckpoint, UnknownOrigin)
from .note import (ED25519_TYPE, EM_DASH, KEY_ID_BYTES, MAX_NOTE_SIGNATURES, Note, NoteSignature,  # noqa: F401 (re-exported)
                   check_key_name, check_unparsed, decode_base64, key_id, make_note, parse_note, sign_note)

ORIGIN_PREFIX = "tanledger."
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
class VerifiedCheckpoint:
    """A checkpoint that a quorum of trusted validators signed, the names of those who did, the trusted witnesses
    whose cosignatures verify with their times (POSIX seconds), and the checkpoint's time: the newest time that
    as many witnesses as the policy asks (at least one) vouch for, None without witness cosignatures."""

    checkpoint: Checkpoint
    signers: tuple[str, ...]
    witnesses: tuple[tuple[str, int], ...] = ()
    time: int | None = None


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
    witnesses: tuple[Witness, ...] = ()
    witness_quorum: int = 0

    def __post_init__(self) -> None:
        _check_trust_name(self.origin)
        # Verify the witnesses are distinct and the policy reachable
        m = len(self.witnesses)
        if len({w.name for w in self.witnesses}) != m or len({w.pubkey for w in self.witnesses}) != m:
            raise BadTrust("a witness name or key appears twice in the trust file")
        if type(self.witness_quorum) is not int or not 0 <= self.witness_quorum <= m:
            raise BadTrust(f"witness_quorum {self.witness_quorum!r} is not a number of witnesses from 0 to {m}")
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

    def without_witnesses(self) -> Trust:
        """The same validator sets with no witness policy: what a witness itself verifies against."""
        return dataclasses.replace(self, witnesses=(), witness_quorum=0)

    def to_json(self) -> dict[str, Any]:
        """The trust file: `{origin, [genesis_hash hex], validator_sets: [{from_size, quorum, validators: [{name,
        pubkey hex}]}], [witnesses: [{name, pubkey hex}], witness_quorum]}`."""
        genesis = {} if self.genesis_hash is None else {"genesis_hash": self.genesis_hash.hex()}
        witnesses = {} if not self.witnesses else {
            "witnesses": [{"name": w.name, "pubkey": w.pubkey.hex()} for w in self.witnesses],
            "witness_quorum": self.witness_quorum}
        return {"origin": self.origin, **genesis, "validator_sets": [
            {"from_size": s.from_size, "quorum": s.quorum,
             "validators": [{"name": v.name, "pubkey": v.pubkey.hex()} for v in s.validators]}
            for s in self.sets], **witnesses}


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
        witnesses = tuple(Witness(w["name"], bytes.fromhex(w["pubkey"])) for w in value.get("witnesses", ()))
        # Verify a witness list comes with its policy
        if witnesses and "witness_quorum" not in value:
            raise BadTrust("the trust file lists witnesses but no witness_quorum (how many must cosign)")
        return Trust(value["origin"], sets, None if genesis is None else bytes.fromhex(genesis), witnesses,
                     value.get("witness_quorum", 0))
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


def verify_checkpoint(note: str | bytes, trust: Trust, *, now: int | None = None,
                      max_age: int | None = None) -> VerifiedCheckpoint:
    """Parse and verify a co-signed checkpoint against `trust`: validators' quorum, witness policy, and, with
    `max_age`, that its time is at most `max_age` seconds before `now`; raise a CheckpointError if not valid."""
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
    witnesses = witness_times(parsed, trust.witnesses)
    # Verify enough of the trusted witnesses cosigned
    if len(witnesses) < trust.witness_quorum:
        raise NoWitnessQuorum(len(witnesses), trust.witness_quorum, len(trust.witnesses))
    time = checkpoint_time(witnesses, trust.witness_quorum)
    if max_age is not None:
        check_fresh(time, now, max_age)
    return VerifiedCheckpoint(checkpoint, signers, witnesses, time)


def checkpoint_time(witnesses: tuple[tuple[str, int], ...], quorum: int) -> int | None:
    """The newest time that `quorum` (at least one) of the witnesses vouch for: the k-th newest of their times."""
    times = sorted((t for _, t in witnesses), reverse=True)
    k = max(quorum, 1)
    return times[k - 1] if len(times) >= k else None


def check_fresh(time: int | None, now: int | None, max_age: int) -> None:
    """Raise StaleCheckpoint unless a checkpoint of witnessed `time` is at most `max_age` seconds old at `now`."""
    if now is None:
        raise ValueError("a maximum age needs the current time")
    if time is None:
        raise StaleCheckpoint("the checkpoint has no witness cosignature, so nothing tells its age; a maximum age "
                              "needs a trust file with witnesses and a checkpoint they cosigned")
    # Verify the witnesses vouched for it recently enough
    if now - time > max_age:
        raise StaleCheckpoint(f"the checkpoint was last vouched for by its witnesses {now - time} s ago, more than "
                              f"the maximum age of {max_age} s: the node may be serving an old view; ask another "
                              "node or wait for fresh cosignatures")


def count_signers(note: Note, validators: ValidatorSet) -> tuple[str, ...]:
    """The names of the validators whose signatures on `note` verify, each once, in validator order.

    Ignores lines whose (name, key ID) matches no validator; raises BadCheckpointSignature on a
    line that matches one and does not verify.
    """
    known = {(v.name, key_id(v.name, v.pubkey)): v for v in validators.validators}
    check_unparsed(note, known)  # type: ignore[arg-type]
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
