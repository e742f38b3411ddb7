"""Following the node's chain: its genesis against the trust file, then every block re-executed and checked.

Per block: everything `audit replay` checks (height, links, time, transaction root, log size and
root, state root, validator set, block hash: cli/replay.py), then the commit (a quorum of the
trusted validators signed the header hash, when the node serves the signatures with the block:
the solo engine does; on CometBFT they reach the chain later, in co-signature records) and the
app hash the node reports (SHA-256 of the header's state root and log head).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ledger.block import BlockHeader
from ledger.checkpoint import Trust
from ledger.errors import NoQuorum, ProofError
from ledger.state_proof import check_commit

from contracts.genesis import genesis_state

from ..replay import Divergence, ReplayReport, execute_view
from .alarm import Alarm
from .log import ReplayedLog


@dataclass
class ChainWatcher:
    """The replayed chain: state, tip and log after the last block checked, and what was counted."""

    trust: Trust
    genesis: dict[str, Any]
    log: ReplayedLog = field(default_factory=ReplayedLog)
    report: ReplayReport = field(default_factory=ReplayReport)
    signed_blocks: int = 0  # blocks whose served commit carried a quorum of header signatures

    def __post_init__(self) -> None:
        self.state, self.tip = genesis_state(self.genesis)
        check_genesis(self.genesis, self.tip.hash, self.trust)

    @property
    def height(self) -> int:
        """The height of the last block checked (0 before block 1)."""
        return self.tip.height

    def check_block(self, view: dict[str, Any]) -> None:
        """Re-execute and check the next served block; raise Alarm at the first difference."""
        replayed = execute_view(self.tip, self.state, view, self.report)
        if replayed is None:
            d = self.report.divergence or Divergence(self.tip.height + 1, "block", "not re-executed")
            raise Alarm("divergence", f"block {d.height}, field {d.field}: {d.message}",
                        {"height": d.height, "field": d.field, "block": view})
        header = replayed.block.header
        self.signed_blocks += check_block_commit(view, header, self.trust)
        check_app_hash(view, header)
        self.log.add_block(replayed.block, replayed.receipts, replayed.tip)
        self.tip = replayed.tip

    def check_tip(self, status: dict[str, Any]) -> None:
        """Raise Alarm if the node's chain is now shorter than what was checked, or ends elsewhere at that height."""
        if status["height"] < self.tip.height:
            raise Alarm("rollback", f"the node is at height {status['height']}, below block {self.tip.height} "
                                    f"already checked (hash {self.tip.hash.hex()})", {"status": status})
        if status["height"] == self.tip.height and status["block_hash"] != self.tip.hash.hex():
            raise Alarm("divergence", f"block {self.tip.height}, field hash: the node's tip is {status['block_hash']}, "
                                      f"recomputed {self.tip.hash.hex()}", {"status": status})


def check_genesis(genesis: dict[str, Any], genesis_hash: bytes, trust: Trust) -> None:
    """Raise Alarm unless the node's genesis hashes to the trust file's genesis_hash and gives its origin."""
    from node.trust import compute_identity  # the one derivation of the origin from a genesis (pure)

    # Verify the node's genesis is the one the trust file names
    if trust.genesis_hash is not None and genesis_hash != trust.genesis_hash:
        raise Alarm("genesis_mismatch", f"the node's genesis hashes to {genesis_hash.hex()}, the trust file names "
                                        f"{trust.genesis_hash.hex()}", {"genesis": genesis})
    origin = compute_identity(genesis).origin
    # Verify its checkpoints will carry the trusted origin
    if origin != trust.origin:
        raise Alarm("unknown_origin", f"the node's genesis gives origin {origin!r}, the trust file {trust.origin!r}")


def check_block_commit(view: dict[str, Any], header: BlockHeader, trust: Trust) -> int:
    """1 if the served commit carries a quorum of trusted header signatures, 0 if not yet (on CometBFT they arrive
    with the co-signature records of the next two blocks); Alarm if one of them is bad or of another block."""
    commit = view.get("header_commit") or view.get("commit") or {}
    if "signatures" not in commit:
        return 0
    validators = trust.set_for(header.log_size)
    try:
        if validators is None:
            raise ProofError(f"no trusted validator set covers log size {header.log_size}")
        check_commit(commit, header, validators)
    except NoQuorum:
        return 0  # every signature given verified; the rest are still to come
    except ProofError as exc:
        raise Alarm("bad_commit", f"block {header.height}: {exc.code}: {exc.message}",
                    {"height": header.height, "commit": commit}) from None
    return 1


def check_app_hash(view: dict[str, Any], header: BlockHeader) -> None:
    """Raise Alarm if the app hash the node reports for the block is not the one of its header's roots."""
    served = view.get("app_hash")
    computed = header.app_hash().hex()  # ledger.block: the one definition of what CometBFT agrees on
    if served is not None and served != computed:
        raise Alarm("app_hash", f"block {header.height}: app_hash is {served}, recomputed {computed}",
                    {"height": header.height, "app_hash": served, "recomputed": computed})
