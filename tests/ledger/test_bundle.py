"""The `.tlog-proof` bundle: exact text, strict parsing, and offline verification with the attacks
the public verifier must name: tampered proofs, missing signatures, wrong roots, split views."""
from __future__ import annotations

import base64
import hashlib

import pytest

from ledger.bundle import (MAX_PROOF_HASHES, PROOF_HEADER, Bundle, check_consistency, format_bundle, parse_bundle,
                           verify_bundle)
from ledger.checkpoint import Trust, Validator, ValidatorSet, format_checkpoint, make_note, quorum_for, sign_note
from ledger.crypto import public_key
from ledger.encoding import canonical
from ledger.errors import (BadBundle, BadCheckpointSignature, BadNote, ConsistencyProofMissing, InclusionProofError,
                           NoQuorum, ProofError, ProofLengthError, RootMismatch, SplitView, UnknownOrigin)
from ledger.merkle import EMPTY_ROOT, leaf_hash
from ledger.proof import MemoryTree

ORIGIN = "tanledger.devnet/tan-1"
NAMES = [f"{ORIGIN}/v{i}" for i in range(1, 5)]


def seed(name: str) -> bytes:
    return hashlib.sha256(b"bundle-test/" + name.encode()).digest()


TRUST = Trust(ORIGIN, (ValidatorSet(0, tuple(Validator(n, public_key(seed(n))) for n in NAMES), quorum_for(4)),))
ENTRIES = [canonical({"height": 1 + i // 3, "index": i % 3, "tx": base64.b64encode(b"tx %d" % i).decode(),
                      "receipt": {"code": "ok", "events": [], "message": ""}}) for i in range(13)]
TREE = MemoryTree()
for _e in ENTRIES:
    TREE.append(leaf_hash(_e))


def checkpoint_note(size: int, signers: list[str] = NAMES[:3], root: bytes | None = None) -> str:
    body = format_checkpoint(ORIGIN, size, TREE.root(size) if root is None else root)
    return make_note(body, [sign_note(body, n, seed(n)) for n in signers])


def bundle_text(index: int = 5, size: int = 13, extra: bool = True, **kw) -> str:
    bundle = Bundle(index, tuple(TREE.inclusion_proof(index, size)), checkpoint_note(size, **kw),
                    ENTRIES[index] if extra else None)
    return format_bundle(bundle)


def test_format_bundle_exact_text():
    text = bundle_text(5, 13)
    proof = TREE.inclusion_proof(5, 13)
    lines = text.split("\n")
    assert lines[0] == PROOF_HEADER
    assert lines[1] == "extra " + base64.b64encode(ENTRIES[5]).decode()
    assert lines[2] == "index 5"
    assert lines[3:3 + len(proof)] == [base64.b64encode(h).decode() for h in proof]
    assert lines[3 + len(proof)] == ""
    assert "\n".join(lines[4 + len(proof):]) == checkpoint_note(13)


def test_format_bundle_without_extra():
    assert bundle_text(extra=False).split("\n")[1] == "index 5"


def test_parse_bundle_round_trip():
    text = bundle_text(5, 13)
    bundle = parse_bundle(text)
    assert bundle == Bundle(5, tuple(TREE.inclusion_proof(5, 13)), checkpoint_note(13), ENTRIES[5])
    assert format_bundle(bundle) == text
    assert parse_bundle(text.encode()) == bundle


def test_parse_bundle_single_leaf_tree_has_no_path():
    bundle = parse_bundle(bundle_text(0, 1))
    assert bundle.proof == () and bundle.index == 0


def test_verify_bundle():
    result = verify_bundle(bundle_text(5, 13), ENTRIES[5], TRUST)
    assert (result.index, result.leaf_hash) == (5, leaf_hash(ENTRIES[5]))
    assert result.checkpoint.checkpoint.head == (13, TREE.root(13))
    assert result.checkpoint.signers == tuple(NAMES[:3])


def test_verify_bundle_every_leaf_and_size():
    for size in range(1, 14):
        for index in range(size):
            verify_bundle(bundle_text(index, size, extra=False), ENTRIES[index], TRUST)


def test_verify_bundle_leaf_from_extra():
    assert verify_bundle(bundle_text(7, 13), None, TRUST).leaf_hash == leaf_hash(ENTRIES[7])


def test_invalid_no_leaf_bytes():
    with pytest.raises(BadBundle):
        verify_bundle(bundle_text(extra=False), None, TRUST)


def test_invalid_wrong_leaf_bytes():
    with pytest.raises(RootMismatch):
        verify_bundle(bundle_text(5, 13), ENTRIES[6], TRUST)


def test_invalid_tampered_extra():
    text = bundle_text(5, 13).replace("extra " + base64.b64encode(ENTRIES[5]).decode(),
                                      "extra " + base64.b64encode(ENTRIES[5].replace(b"ok", b"no")).decode())
    with pytest.raises(RootMismatch):
        verify_bundle(text, None, TRUST)


def _with_path(path: list[bytes], index: int = 5) -> str:
    return format_bundle(Bundle(index, tuple(path), checkpoint_note(13)))


def test_invalid_flipped_hash():
    path = TREE.inclusion_proof(5, 13)
    path[1] = path[1][:-1] + bytes([path[1][-1] ^ 1])
    with pytest.raises(RootMismatch):
        verify_bundle(_with_path(path), ENTRIES[5], TRUST)


@pytest.mark.parametrize("mutate", [lambda p: p[:-1], lambda p: p[1:], lambda p: p + [bytes(32)],
                                    lambda p: [bytes(32)] + p])
def test_invalid_truncated_or_extended_path(mutate):
    with pytest.raises(ProofLengthError):
        verify_bundle(_with_path(mutate(TREE.inclusion_proof(5, 13))), ENTRIES[5], TRUST)


@pytest.mark.parametrize("index", [4, 6, 12])
def test_invalid_wrong_index(index):
    with pytest.raises(ProofError):
        verify_bundle(_with_path(TREE.inclusion_proof(5, 13), index), ENTRIES[5], TRUST)


def test_invalid_index_outside_checkpoint():
    with pytest.raises(InclusionProofError):
        verify_bundle(_with_path([], 13), ENTRIES[5], TRUST)


def test_invalid_removed_signature():
    with pytest.raises(NoQuorum) as err:
        verify_bundle(bundle_text(signers=NAMES[:2]), ENTRIES[5], TRUST)
    assert (err.value.have, err.value.need) == (2, 3)


def test_invalid_wrong_root_in_checkpoint():
    text = bundle_text(5, 13)
    good = base64.b64encode(TREE.root(13)).decode()
    with pytest.raises(BadCheckpointSignature):
        verify_bundle(text.replace(good, base64.b64encode(TREE.root(12)).decode()), ENTRIES[5], TRUST)


def test_invalid_proof_against_other_checkpoint():
    """An audit path for size 12 bundled with the (genuine) checkpoint of size 13."""
    text = format_bundle(Bundle(5, tuple(TREE.inclusion_proof(5, 12)), checkpoint_note(13)))
    with pytest.raises(ProofError):
        verify_bundle(text, ENTRIES[5], TRUST)


def test_invalid_unknown_origin():
    trust = Trust("tanledger.mainnet/tan-1", TRUST.sets)
    with pytest.raises(UnknownOrigin):
        verify_bundle(bundle_text(), ENTRIES[5], trust)


GOOD = bundle_text(5, 13)


@pytest.mark.parametrize("text", [
    GOOD.replace(PROOF_HEADER, "c2sp.org/tlog-proof@v2"),
    GOOD.replace("index 5", "index 05"),
    GOOD.replace("index 5", "index -5"),
    GOOD.replace("index 5", "index  5"),
    GOOD.replace("index 5\n", ""),
    GOOD.replace("extra ", "extra  "),
    GOOD.replace("extra " + base64.b64encode(ENTRIES[5]).decode(), "extra "),
    GOOD.replace("\n\n", "\n", 1),  # no blank line between path and checkpoint
    GOOD.replace("index 5\n", "index 5\n" + base64.b64encode(bytes(31)).decode() + "\n"),  # 31-byte hash
    GOOD.replace("index 5\n", "index 5\nnot base64!\n"),
    GOOD.replace("index 5\n", "index 5\n" + (base64.b64encode(bytes(32)).decode() + "\n") * (MAX_PROOF_HASHES + 1)),
    GOOD.replace("\n", "\r\n", 3),
    "",
])
def test_invalid_bundle_text(text):
    with pytest.raises(BadBundle):
        parse_bundle(text)


def test_invalid_bundle_checkpoint_malformed():
    with pytest.raises(BadNote):
        parse_bundle(GOOD.replace("\n13\n", "\n013\n"))


def test_invalid_bundle_not_utf8():
    with pytest.raises(BadBundle):
        parse_bundle(GOOD.encode() + b"\xff")


# --- the last verified checkpoint ------------------------------------------------------------


def test_same_checkpoint_as_last():
    verify_bundle(GOOD, ENTRIES[5], TRUST, last_checkpoint=(13, TREE.root(13)))


def test_invalid_split_view():
    """Two quorum-signed checkpoints of size 13 with different roots: the log forked."""
    forked = format_bundle(Bundle(5, tuple(TREE.inclusion_proof(5, 13)), checkpoint_note(13, root=hashlib.sha256(b"fork").digest())))
    verify_bundle(GOOD, ENTRIES[5], TRUST)
    with pytest.raises(SplitView) as err:
        verify_bundle(GOOD, ENTRIES[5], TRUST, last_checkpoint=(13, hashlib.sha256(b"fork").digest()))
    assert err.value.code == "split_view" and err.value.size == 13
    with pytest.raises(SplitView):
        verify_bundle(forked, ENTRIES[5], TRUST, last_checkpoint=(13, TREE.root(13)))


def test_newer_checkpoint_needs_consistency_proof():
    with pytest.raises(ConsistencyProofMissing):
        verify_bundle(GOOD, ENTRIES[5], TRUST, last_checkpoint=(9, TREE.root(9)))


def test_newer_checkpoint_with_consistency_proof():
    verify_bundle(GOOD, ENTRIES[5], TRUST, last_checkpoint=(9, TREE.root(9)),
                  consistency_proof=TREE.consistency_proof(9, 13))


def test_older_checkpoint_with_consistency_proof_to_last():
    older = bundle_text(5, 8)
    verify_bundle(older, ENTRIES[5], TRUST, last_checkpoint=(13, TREE.root(13)),
                  consistency_proof=TREE.consistency_proof(8, 13))
    with pytest.raises(ConsistencyProofMissing):
        verify_bundle(older, ENTRIES[5], TRUST, last_checkpoint=(13, TREE.root(13)))


def test_invalid_consistency_proof_to_last():
    proof = TREE.consistency_proof(9, 13)
    proof[0] = bytes(32)
    with pytest.raises(RootMismatch):
        verify_bundle(GOOD, ENTRIES[5], TRUST, last_checkpoint=(9, TREE.root(9)), consistency_proof=proof)


def test_invalid_last_checkpoint_not_a_prefix():
    """The last checkpoint the verifier saw is not a prefix of the new one: no proof can link them."""
    with pytest.raises(RootMismatch):
        verify_bundle(GOOD, ENTRIES[5], TRUST, last_checkpoint=(9, hashlib.sha256(b"other history").digest()),
                      consistency_proof=TREE.consistency_proof(9, 13))


def test_last_checkpoint_empty_tree():
    check_consistency((0, EMPTY_ROOT), (13, TREE.root(13)), None)
    with pytest.raises(RootMismatch):
        check_consistency((0, bytes(32)), (13, TREE.root(13)), None)
