"""The `.tlog-proof` bundle (c2sp.org/tlog-proof@v1): one log entry's proof, checkable offline.

    c2sp.org/tlog-proof@v1
    extra <base64 of the entry's log leaf bytes>     optional
    index <leaf index, decimal, no leading zero>
    <base64 audit path hash>                          zero or more, leaf's sibling first
    <blank line>
    <the co-signed checkpoint note, verbatim>

TanLedger puts the entry's leaf bytes (`ledger.block.log_leaf`: JCS of {height, index, tx,
receipt}) in `extra`, so the file alone shows what was logged; like the spec says, `extra`
is not trusted as such: it counts only once its hash is proven included. `verify_bundle`
checks the checkpoint's quorum, then the leaf's inclusion against that checkpoint's size
and root only, and, given the last checkpoint the verifier trusted, that the two are
consistent (same size, same root; different sizes, a consistency proof).
"""
from __future__ import annotations

import base64
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .checkpoint import Trust, VerifiedCheckpoint, parse_checkpoint, verify_checkpoint
from .errors import BadBundle, BadNote, ConsistencyProofMissing, RootMismatch, SplitView
from .merkle import EMPTY_ROOT, leaf_hash
from .note import decode_base64, parse_note
from .verify import verify_consistency, verify_inclusion

PROOF_HEADER = "c2sp.org/tlog-proof@v1"
MAX_PROOF_HASHES = 64  # an audit path has at most one hash per level of a 2^64-leaf tree
_INDEX = re.compile(r"index (0|[1-9][0-9]*)")

TreeHead = tuple[int, bytes]  # (size, root) of a verified checkpoint


@dataclass(frozen=True, slots=True)
class Bundle:
    """An inclusion proof of leaf `index` with the co-signed checkpoint note it is against."""

    index: int
    proof: tuple[bytes, ...]
    checkpoint: str  # the signed note text, ending in a newline
    extra: bytes | None = None


@dataclass(frozen=True, slots=True)
class VerifiedBundle:
    """What a verified bundle proves: leaf `index` of the co-signed checkpoint is `leaf_hash`."""

    checkpoint: VerifiedCheckpoint
    index: int
    leaf_hash: bytes


def format_bundle(bundle: Bundle) -> str:
    """The bundle's text. Requires 32-byte proof hashes and a well-formed checkpoint note."""
    lines = [PROOF_HEADER]
    if bundle.extra:
        lines.append("extra " + base64.b64encode(bundle.extra).decode("ascii"))
    lines.append(f"index {bundle.index}")
    lines += [base64.b64encode(h).decode("ascii") for h in bundle.proof]
    return "".join(line + "\n" for line in lines) + "\n" + bundle.checkpoint


def parse_bundle(text: str | bytes) -> Bundle:
    """Parse a bundle strictly; raise BadBundle (or BadNote for its checkpoint) on any deviation."""
    try:
        text = text.decode("utf-8") if isinstance(text, bytes) else text
    except UnicodeDecodeError:
        raise BadBundle("proof bundle is not valid UTF-8") from None
    # Verify the proof lines end at a blank line, before the checkpoint
    head, blank, note = text.partition("\n\n")
    lines = head.split("\n")
    if not blank or lines[0] != PROOF_HEADER:
        raise BadBundle(f"proof bundle must start with {PROOF_HEADER!r} and have a blank line before the checkpoint")
    extra = _parse_extra(lines[1]) if len(lines) > 1 and lines[1].startswith("extra ") else None
    rest = lines[2:] if extra is not None else lines[1:]
    # Verify the index line
    match = _INDEX.fullmatch(rest[0]) if rest else None
    if match is None:
        raise BadBundle("proof bundle needs a line 'index <decimal, no leading zero>'")
    proof = tuple(_parse_hash(i, line) for i, line in enumerate(rest[1:]))
    if len(proof) > MAX_PROOF_HASHES:
        raise BadBundle(f"audit path has {len(proof)} hashes, at most {MAX_PROOF_HASHES}")
    # Verify the checkpoint is a well-formed signed checkpoint note
    parse_checkpoint(parse_note(note).text)
    return Bundle(int(match.group(1)), proof, note, extra)


def _parse_extra(line: str) -> bytes:
    raw = _decode(line.removeprefix("extra "), "extra data")
    if not raw:
        raise BadBundle("the extra line is present but empty")
    return raw


def _parse_hash(i: int, line: str) -> bytes:
    raw = _decode(line, f"audit path hash {i}")
    if len(raw) != 32:
        raise BadBundle(f"audit path hash {i} is {len(raw)} bytes, a SHA-256 hash is 32")
    return raw


def _decode(text: str, what: str) -> bytes:
    try:
        return decode_base64(text, what)
    except BadNote as exc:
        raise BadBundle(exc.message) from None


def verify_bundle(bundle_text: str | bytes, leaf_bytes: bytes | None, trust: Trust,
                  last_checkpoint: TreeHead | None = None,
                  consistency_proof: Sequence[bytes] | None = None) -> VerifiedBundle:
    """Verify a bundle offline against `trust`; raise a ProofError naming the first thing that fails.

    `leaf_bytes` are the logged entry (None: the bundle's `extra`). `last_checkpoint` is the
    (size, root) of the last checkpoint this verifier trusted; if given, `consistency_proof`
    must link the smaller of the two sizes to the larger whenever they differ.
    """
    bundle = parse_bundle(bundle_text)
    verified = verify_checkpoint(bundle.checkpoint, trust)
    checkpoint = verified.checkpoint
    if last_checkpoint is not None:
        check_consistency(last_checkpoint, checkpoint.head, consistency_proof)
    leaf = leaf_bytes if leaf_bytes is not None else bundle.extra
    # Verify there is an entry to prove
    if leaf is None:
        raise BadBundle("no leaf bytes given and the bundle has no extra line carrying them")
    hashed = leaf_hash(leaf)
    verify_inclusion(hashed, bundle.index, checkpoint.size, bundle.proof, checkpoint.root)
    return VerifiedBundle(verified, bundle.index, hashed)


def check_consistency(last: TreeHead, new: TreeHead, proof: Sequence[bytes] | None) -> None:
    """Raise unless two verified tree heads can be one history: SplitView, ConsistencyProofMissing or a ProofError.

    `proof` is the consistency proof from the smaller size to the larger.
    """
    (size1, root1), (size2, root2) = sorted((last, new), key=lambda head: head[0])
    # Verify two heads of one size have one root
    if size1 == size2:
        if last[1] != new[1]:
            raise SplitView(size1, last[1], new[1])
        return
    # Verify an empty tree has the empty root: every tree extends it
    if size1 == 0:
        if root1 != EMPTY_ROOT:
            raise RootMismatch(EMPTY_ROOT, root1)
        return
    # Verify a proof links heads of different sizes
    if proof is None:
        raise ConsistencyProofMissing(f"checkpoint of size {new[0]} differs from the last verified size {last[0]}: "
                                      f"a consistency proof from {size1} to {size2} is required")
    verify_consistency(size1, size2, proof, root1, root2)
