"""Response models of the checkpoint and proof routes (the text/plain answers are declared on their routes)."""
from __future__ import annotations

from typing import Any

from pydantic import Field

from .models import HASH, TX, Record, record

ORIGIN = "tanledger.devnet/tanledger-test"
NOTE = f"{ORIGIN}\n36\ntJUFbNQJv53ShM32kWBtujSojR4i3+A5WPTDgS/d3MA=\n\n— {ORIGIN}/v1 lFIGVjU9JdWnK1Yk…\n"
CHECKPOINT = {"origin": ORIGIN, "size": 36, "root": "tJUFbNQJv53ShM32kWBtujSojR4i3+A5WPTDgS/d3MA=", "root_hex": HASH,
              "height": 19, "signers": [f"{ORIGIN}/v1"], "quorum": 1, "cosigned": True, "note": NOTE}


class Checkpoint(Record):
    """A co-signed checkpoint of the transaction log."""

    model_config = record(CHECKPOINT)
    origin: str = Field(description="the log's origin line")
    size: int = Field(description="log size it commits to")
    root: str = Field(description="log root, base64 (as in the note)")
    root_hex: str = Field(description="log root, hex")
    height: int | None = Field(description="the block whose log it is")
    signers: list[str] = Field(description="names of the validators whose signatures the note carries")
    quorum: int = Field(description="signatures needed by the validator set in force")
    cosigned: bool = Field(description="true once the note carries a quorum of signatures")
    note: str = Field(description="the C2SP signed note itself")
    witnesses: list[dict[str, Any]] = Field(default=[], description="`{name, time}` of each trusted witness whose "
                                                                    "cosignature the note carries (POSIX seconds)")
    witness_quorum: int = Field(default=0, description="witness cosignatures a served checkpoint needs (0: none)")
    witnessed: bool = Field(default=False, description="true once the note carries a quorum of witness cosignatures")


class CheckpointsPage(Record):
    """Checkpoints by increasing log size."""

    model_config = record({"checkpoints": [CHECKPOINT], "next": 37})
    checkpoints: list[Checkpoint] = Field(description="the page of checkpoints")
    next: int | None = Field(description="the `from` of the next page, null on the last")


class InclusionProof(Record):
    """A transaction's RFC 9162 inclusion proof in a checkpointed log."""

    model_config = record({"tx_id": TX, "height": 15, "index": 0, "log_index": 29, "tree_size": 36,
                           "leaf": "eyJoZWlnaHQiOjE1LCJpbmRleCI6MCwi…", "leaf_hash": HASH, "audit_path": [HASH],
                           "root": HASH, "checkpoint": NOTE, "bundle": f"/v1/proof/inclusion/{TX}?format=tlog-proof"})
    tx_id: str = Field(description="transaction id, hex")
    log_index: int = Field(description="the leaf's index in the log")
    tree_size: int = Field(description="size of the log the proof is for")
    leaf: str = Field(description="the leaf's bytes, base64")
    audit_path: list[str] = Field(description="the proof's hashes, hex, leaf to root")
    root: str = Field(description="log root at `tree_size`, hex")
    checkpoint: str = Field(description="the signed note of that root")


class ConsistencyProof(Record):
    """An RFC 9162 consistency proof between two log sizes."""

    model_config = record({"from_size": 1, "to_size": 36, "from_root": HASH, "to_root": HASH, "proof": [HASH],
                           "from_checkpoint": NOTE, "to_checkpoint": NOTE})
    from_size: int = Field(description="the older log size")
    to_size: int = Field(description="the newer log size")
    from_root: str = Field(description="log root at `from_size`, hex")
    to_root: str = Field(description="log root at `to_size`, hex")
    proof: list[str] = Field(description="the proof's hashes, hex")
    from_checkpoint: str | None = Field(description="the signed note of size `from_size`, if one was signed")
    to_checkpoint: str | None = Field(description="the signed note of size `to_size`")


class StateProof(Record):
    """A state entry's value after a block, proven against that block's state root."""

    model_config = record({"key": "holding/91110000000000002L/CEA-2024", "value": {"available": [[1301, 1400]]},
                           "height": 19, "index": 36, "tree_size": 90, "leaf": "WyJob2xkaW5nLzkx…",
                           "audit_path": [HASH], "state_root": HASH, "header": {"height": 19, "state_root": HASH},
                           "block_hash": HASH})
    key: str = Field(description="the state key")
    value: Any = Field(description="its value (JSON)")
    height: int = Field(description="the block after which the value holds")
    audit_path: list[str] = Field(description="the proof's hashes, hex")
    state_root: str = Field(description="the state root of that block, hex")


class LogEntry(Record):
    """Which transaction an entry of the log is."""

    model_config = record({"log_index": 0, "tx_id": TX, "height": 1, "index": 0, "url": f"/v1/tx/{TX}",
                           "proof": f"/v1/proof/inclusion/{TX}"})
    log_index: int = Field(description="the entry's index in the log")
    tx_id: str = Field(description="transaction id, hex")
    height: int = Field(description="block height")
    index: int = Field(description="position in the block")
    url: str = Field(description="URL of the transaction (`url` as on certificates; `tx` is an id everywhere)")
    proof: str = Field(description="URL of its inclusion proof")
