"""The files of the offline verifier: the trust file, the last verified checkpoint, a consistency proof.

The state file keeps, per chain, the last checkpoint this verifier accepted, keyed by the log
origin and the genesis hash of the trust file, so two devnets with one chain id never collide:
`{"<origin> <genesis hash hex>": {"size": N, "root": "<base64>", "checkpoint": "<signed note>"}}`.
Entries keyed by the origin alone are of the older format (or of a trust file without genesis
hash): they are used only with such a trust file, and otherwise ignored with a note and dropped
when the chain's next checkpoint is recorded. An entry only moves forward: a checkpoint is
recorded when it is larger than the one kept and proven consistent with it. A consistency proof
file is the JSON of `GET /v1/proof/consistency`.
"""
from __future__ import annotations

import base64
import json
import os
from pathlib import Path
from typing import Any

from ledger.bundle import check_consistency
from ledger.checkpoint import Trust, VerifiedCheckpoint, parse_trust
from ledger.cosignature import Witness
from ledger.errors import BadTrust, ConsistencyProofMissing, MalformedProof, RootMismatch

DEFAULT_STATE = Path("~/.tanledger/last-checkpoint.json")

TreeHead = tuple[int, bytes]


def read_json(path: Path, what: str) -> Any:
    """The JSON value in `path`; raise MalformedProof (OSError for a missing file) if it is not JSON."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise MalformedProof(f"{what} {path} is not JSON: {exc}") from None


def read_trust(path: Path) -> Trust:
    """The trust file written by `tanledger trust export`; raise BadTrust if malformed."""
    try:
        return parse_trust(read_json(path, "trust file"))
    except MalformedProof as exc:
        raise BadTrust(exc.message) from None


def read_witnesses(path: Path) -> tuple[tuple[Witness, ...], int]:
    """The witnesses and quorum of a witnesses file `{quorum, witnesses: [{name, pubkey hex, url}]}`; BadTrust if
    malformed (the urls, for validators to reach the witnesses, are no part of the trust)."""
    try:
        value = read_json(path, "witnesses file")
        listed = tuple(Witness(w["name"], bytes.fromhex(w["pubkey"])) for w in value["witnesses"])
        return listed, value["quorum"]
    except (MalformedProof, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise BadTrust(f"witnesses file {path} is malformed: {getattr(exc, 'message', None) or repr(exc)}; it reads "
                       '{"quorum": k, "witnesses": [{"name": …, "pubkey": "<64 hex digits>", "url": …}]}') from None


def read_state(path: Path) -> dict[str, Any]:
    """The state file's content, or {} if there is none yet."""
    path = path.expanduser()
    if not path.exists():
        return {}
    value = read_json(path, "state file")
    if not isinstance(value, dict):
        raise MalformedProof(f"state file {path} is not a JSON object")
    return value


def chain_key(trust: Trust) -> str:
    """The state file's key of the chain `trust` names: `<origin> <genesis hash hex>`, or the origin alone
    for a trust file without genesis hash (an origin has no space, so the key is unambiguous)."""
    return trust.origin if trust.genesis_hash is None else f"{trust.origin} {trust.genesis_hash.hex()}"


def state_notices(trust: Trust, state: dict[str, Any]) -> list[str]:
    """What a user of this trust file and state file should know: a missing genesis hash, an ignored old entry."""
    if trust.genesis_hash is None:
        return [(f"warning: the trust file has no genesis_hash (written by an older version): the last verified "
                 f"checkpoint is kept under the origin {trust.origin} alone, where another chain with the same "
                 "chain id would collide; export it again with `tanledger trust export --genesis genesis.json`")]
    if trust.origin not in state:
        return []
    size = state[trust.origin].get("size") if isinstance(state[trust.origin], dict) else None
    return [(f"note: the state file's checkpoint of {trust.origin} (size {size}) is of the older format, not keyed by "
             "genesis hash: it may be another chain's with the same chain id, so it is ignored and dropped when this "
             f"chain's next checkpoint is recorded (genesis {trust.genesis_hash.hex()[:16]}…)")]


def last_head(state: dict[str, Any], key: str) -> TreeHead | None:
    """The (size, root) of the last checkpoint verified for the chain `key` (see chain_key), or None."""
    entry = state.get(key)
    if entry is None:
        return None
    try:
        return int(entry["size"]), base64.b64decode(entry["root"], validate=True)
    except (KeyError, TypeError, ValueError) as exc:
        raise MalformedProof(f"state file entry of {key} is malformed: {exc!r}") from None


def record(path: Path, state: dict[str, Any], trust: Trust, verified: VerifiedCheckpoint, note: str) -> bool:
    """Keep `verified` as the last checkpoint of the chain `trust` names if it is larger than the one kept;
    True if kept (an old-format entry of its origin is dropped then).

    Requires `verified` to be consistent with the kept one (the caller checked). Written atomically.
    """
    checkpoint, key = verified.checkpoint, chain_key(trust)
    kept = last_head(state, key)
    if kept is not None and kept[0] >= checkpoint.size:
        return False
    state = {k: v for k, v in state.items() if k != checkpoint.origin}
    state[key] = {"size": checkpoint.size, "root": base64.b64encode(checkpoint.root).decode(), "checkpoint": note}
    path = path.expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(state, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return True


def read_consistency(path: Path) -> dict[str, Any]:
    """A consistency proof file: from_size, to_size, from_root, to_root, proof (hex), optional notes."""
    doc = read_json(path, "consistency proof")
    try:
        parsed = {"from_size": _size(doc["from_size"]), "to_size": _size(doc["to_size"]),
                  "from_root": bytes.fromhex(doc["from_root"]), "to_root": bytes.fromhex(doc["to_root"]),
                  "proof": [bytes.fromhex(h) for h in doc["proof"]],
                  "from_checkpoint": doc.get("from_checkpoint"), "to_checkpoint": doc.get("to_checkpoint")}
    except (KeyError, TypeError, ValueError) as exc:
        raise MalformedProof(f"consistency proof {path} is malformed: {exc!r}") from None
    return parsed


def _size(value: Any) -> int:
    if type(value) is not int or value < 0:
        raise ValueError(f"tree size {value!r} is not an integer >= 0")
    return value


def proof_between(doc: dict[str, Any] | None, size1: int, size2: int) -> list[bytes] | None:
    """The proof hashes of `doc` if it links the two sizes (smaller first); None if no proof was given."""
    if doc is None:
        return None
    low, high = sorted((size1, size2))
    # Verify the proof given links the sizes that need linking
    if (doc["from_size"], doc["to_size"]) != (low, high):
        raise ConsistencyProofMissing(f"the consistency proof given links sizes {doc['from_size']} and "
                                      f"{doc['to_size']}; sizes {low} and {high} need linking")
    return doc["proof"]


def older_head(doc: dict[str, Any], older: VerifiedCheckpoint | None, last: TreeHead | None) -> TreeHead:
    """The trusted (size, root) a consistency proof starts from: the kept checkpoint, else the proof's own.

    With a kept checkpoint the proof must start at its size (an older checkpoint of that size
    with another root is a split view); without one, the proof's older checkpoint must verify.
    """
    if last is not None:
        # Verify the proof starts where this verifier stands
        if last[0] != doc["from_size"]:
            raise ConsistencyProofMissing(f"the proof starts at size {doc['from_size']}, the last verified "
                                          f"checkpoint is of size {last[0]}: ask for one from {last[0]}")
        if older is not None:
            check_consistency(last, older.checkpoint.head, [])
        return last
    # Verify the older tree head is itself co-signed
    if older is None:
        raise ConsistencyProofMissing(f"no trusted checkpoint of size {doc['from_size']}: the proof carries none "
                                      "and no checkpoint was verified before")
    return older.checkpoint.head


def check_claims(doc: dict[str, Any], from_head: TreeHead, to_head: TreeHead) -> None:
    """Raise unless the sizes and roots a consistency proof file states are the trusted ones."""
    for size, root, (trusted_size, trusted_root) in ((doc["from_size"], doc["from_root"], from_head),
                                                     (doc["to_size"], doc["to_root"], to_head)):
        # Verify the file names the trusted size and root
        if size != trusted_size:
            raise ConsistencyProofMissing(f"the proof file states size {size}, the trusted checkpoint has {trusted_size}")
        if root != trusted_root:
            raise RootMismatch(trusted_root, root)
