"""The ABCI application: the one path that admits, executes and stores blocks, whatever drives it.

CometBFT drives these methods over the ABCI socket (`node/abci/`); the development engine
(`--engine solo`, `node/solo.py`) calls the very same ones in process. The shape follows
CometBFT's ABCI++ (v0.38):

- `check_tx` admits a transaction against the check state: the committed state with the
  effects of every transaction admitted since, so a sender's second pending transaction is
  judged after its first. Cheap checks come first (size, shape, signer count, known
  signers), then signatures, then a dry run. `recheck` after each commit evicts what
  became invalid.
- `finalize_block` executes a block and computes its header, receipts and app hash, but
  persists nothing; `commit` stores the block, receipts, state changes, log and
  co-signatures in one database transaction. A crash between the two loses nothing:
  `info` reports the last stored height and CometBFT replays the block.
- `extend_vote` / `verify_vote_extension` / `prepare_proposal` / `process_proposal` carry
  each validator's co-signature of the last committed block (`ledger.cosign`).

The app hash binds TanLedger's roots and sizes (`ledger.block.compute_app_hash`: the state tree's root and
size, the log's size and root). An empty block changes none of them.
"""
from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from contracts import execute_block, execute_tx
from contracts.advance_clock import compute_block_time
from contracts.evidence import Misbehavior, apply_misbehavior
from contracts.genesis import advance_tip
from ledger.block import Block, compute_app_hash
from ledger.chain import BlockContext, make_block
from ledger.checkpoint import Validator
from ledger.cosign import (BlockHead, Cosignature, decode_extension, decode_record, encode_extension, encode_record,
                           is_record, is_valid_cosignature, make_cosignature)
from ledger.errors import LedgerError
from ledger.merkle import Frontier
from ledger.overlay import Overlay
from ledger.tx import Transaction

from . import checkpoints
from .admission import check_cheap, decode
from .errors import DuplicateTransaction, error_from_receipt
from .validator import make_commit

if TYPE_CHECKING:
    from .core import Node

log = logging.getLogger("tanledger.app")

RECENT_HEADS = 8  # committed block heads kept in memory to check co-signatures (they arrive two blocks later)


@dataclass(frozen=True, slots=True)
class Admission:
    """CheckTx's answer: code "ok" or the stable error code, with a message and the tx id if it decoded."""

    code: str
    message: str = ""
    tx: Transaction | None = None

    @property
    def ok(self) -> bool:
        return self.code == "ok"


@dataclass
class Finalized:
    """A block executed by `finalize_block` and waiting for `commit`: nothing of it is stored yet."""

    block: Block
    receipts: list[dict[str, Any]]
    frontier: Frontier
    commit: dict[str, Any]
    changes: dict[str, Any]
    cosignatures: list[Cosignature]
    results: list[dict[str, Any]]  # one per transaction CometBFT sent, records and rejects included
    app_hash: bytes
    validator_updates: list[dict[str, Any]] = field(default_factory=list)


class Admissions:
    """CheckTx answers that a local submission waits for: the API hands CometBFT transactions with
    broadcast_tx_async (in order, without waiting) and reads each answer here, from the app itself."""

    def __init__(self) -> None:
        self._cv = threading.Condition()
        self._waiting: dict[bytes, Admission | None] = {}

    def expect(self, tx_ids: list[bytes]) -> None:
        """Start waiting for these transactions' CheckTx answers."""
        with self._cv:
            for tx_id in tx_ids:
                self._waiting.setdefault(tx_id, None)

    def report(self, tx_id: bytes, admission: Admission) -> None:
        """CheckTx answered for `tx_id` (ignored unless someone waits for it)."""
        with self._cv:
            if tx_id in self._waiting:
                self._waiting[tx_id] = admission
                self._cv.notify_all()

    def collect(self, tx_ids: list[bytes], timeout: float) -> dict[bytes, Admission | None]:
        """The answers (None where none came within `timeout` seconds); stops waiting for them."""
        deadline = time.monotonic() + timeout
        with self._cv:
            while any(self._waiting.get(t) is None for t in tx_ids):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._cv.wait(remaining)
            return {t: self._waiting.pop(t, None) for t in tx_ids}

    def forget(self, tx_ids: list[bytes]) -> None:
        with self._cv:
            for tx_id in tx_ids:
                self._waiting.pop(tx_id, None)


class LedgerApp:
    """The ABCI methods of a Node (mixed into `node.core.Node`)."""

    # -- info and genesis --------------------------------------------------
    def info(self: Node) -> tuple[int, bytes]:
        """(last committed height, its app hash): where CometBFT's handshake replays from."""
        with self.lock:
            return self.tip.height, self.app_hash()

    @property
    def state_root(self: Node) -> bytes:
        """The state root of the last committed block (of the genesis state at height 0)."""
        return self._committed_state[0]

    @state_root.setter
    def state_root(self: Node, root: bytes) -> None:
        # Set when `self.state` is the committed state (at load, after a commit): its size is the committed one,
        # kept here because finalize_block changes `self.state` before the block is committed.
        self._committed_state = (root, len(self.state))

    def app_hash(self: Node) -> bytes:
        """The app hash of the last committed block (of the genesis state at height 0)."""
        root, size = self._committed_state
        return compute_app_hash(root, size, self.tip.log.size, self.tip.log.root())

    def init_chain(self: Node, chain_id: str, app_state: dict[str, Any] | None) -> bytes:
        """Check CometBFT's genesis against this node's; return the genesis app hash."""
        # Verify CometBFT runs the chain this node holds
        if chain_id != self.chain_id:
            raise LedgerError(f"CometBFT's chain id {chain_id!r} is not this node's {self.chain_id!r}")
        # Verify CometBFT's app_state, if any, is this node's TanLedger genesis
        if app_state and app_state != self.genesis:
            raise LedgerError("CometBFT's genesis app_state is not this node's TanLedger genesis")
        return self.app_hash()

    # -- admission ---------------------------------------------------------
    def check_tx(self: Node, raw: bytes, recheck: bool = False) -> Admission:
        """Admit `raw` to the check state, or say why not; never raises for a bad transaction."""
        try:
            tx = decode(raw)
        except LedgerError as exc:
            return Admission(exc.code, exc.message)
        with self.lock:
            if recheck:
                self.rechecking.pop(tx.id, None)
            try:
                self._admit(tx, recheck)
                admission = Admission("ok", "", tx)
            except LedgerError as exc:
                admission = Admission(exc.code, exc.message, tx)
        if not recheck:
            self.admissions.report(tx.id, admission)
        return admission

    def _admit(self: Node, tx: Transaction, recheck: bool) -> None:
        # Verify it is not pending already (CometBFT's cache catches most repeats first)
        if tx.id in self.pending:
            raise DuplicateTransaction(f"transaction {tx.id_hex} is already pending")
        try:
            # Verify the cheap things before any signature: signer count, known signers
            check_cheap(self.check, tx)
            # Verify signatures and rules by running it on the check state
            receipt = execute_tx(self.check, tx, self.next_context())
            if receipt["code"] != "ok":
                raise error_from_receipt(receipt)
        except LedgerError:
            # Verify a refused transaction is not simply committed already (its nonce is then used):
            # asked only on refusal, so the store stays off the admission's hot path
            if not recheck and self.store.has_tx(tx.id):
                raise DuplicateTransaction(f"transaction {tx.id_hex} is already in a block") from None
            raise
        self.pending[tx.id] = tx

    def next_context(self: Node) -> BlockContext:
        """The context the next block would run in, as far as admission can tell."""
        time = compute_block_time(self.state, self.engine_time(), self.tip.time)
        return BlockContext(self.tip.chain_id, self.tip.height + 1, time)

    # -- proposals and co-signatures ---------------------------------------
    def extend_vote(self: Node, height: int) -> bytes:
        """This validator's vote extension at `height`: its co-signature of block height−1 (empty at 1)."""
        with self.lock:
            head = self.head_at(height - 1)
            if head is None or self.key_name is None:
                return encode_extension(None)
            return encode_extension(make_cosignature(self.seed, self.validator_name, self.key_name,
                                                     self.identity.origin, head))

    def verify_vote_extension(self: Node, height: int, address: bytes, extension: bytes) -> bool:
        """True if `extension` is empty or the co-signature of block height−1 by the validator at `address`."""
        try:
            cosig = decode_extension(extension)
        except LedgerError:
            return False
        return cosig is None or self._is_valid(cosig, height - 1, address.hex())

    def _is_valid(self: Node, cosig: Cosignature, height: int, address: str | None) -> bool:
        with self.lock:
            head = self.head_at(height)
        entry = self.validators_by_name.get(cosig.validator)
        if head is None or entry is None or (address is not None and entry[1] != address):
            return False
        return is_valid_cosignature(cosig, entry[0], cosig.validator, self.identity.origin, head)

    def prepare_proposal(self: Node, height: int, txs: list[bytes], extensions: list[tuple[bytes, bytes]],
                         max_bytes: int) -> list[bytes]:
        """The block to propose: the co-signature record of block height−2, then the mempool's transactions."""
        cosigs = []
        for address, extension in extensions:
            try:
                cosig = decode_extension(extension)
            except LedgerError:
                continue
            if cosig is not None and self._is_valid(cosig, height - 2, address.hex()):
                cosigs.append(cosig)
        out = [encode_record(height - 2, sorted(cosigs, key=lambda c: c.validator))] if cosigs else []
        size = sum(len(r) for r in out)
        for raw in txs:
            if is_record(raw):
                continue
            size += len(raw) + 8  # CometBFT counts a little framing per transaction
            if size > max_bytes:
                break
            out.append(raw)
        return out

    def process_proposal(self: Node, height: int, txs: list[bytes]) -> bool:
        """Accept a proposal unless its co-signature record is misplaced or holds an invalid signature."""
        for index, raw in enumerate(txs):
            if not is_record(raw):
                continue
            if index != 0:
                return False
            try:
                signed, cosigs = decode_record(raw)
            except LedgerError:
                return False
            if signed != height - 2 or not all(self._is_valid(c, signed, None) for c in cosigs):
                return False
        return True

    # -- execution and storage ---------------------------------------------
    def finalize_block(self: Node, txs: list[bytes], height: int, time: int, proposer: bytes,
                       misbehavior: list[Misbehavior] = (), engine_hash: bytes = b"") -> Finalized:  # type: ignore[assignment]
        """Execute the block CometBFT decided; compute everything, persist nothing (see `commit`)."""
        with self.lock:
            # Verify this is the next height (CometBFT guarantees it; anything else is a bug)
            if height != self.tip.height + 1:
                raise LedgerError(f"finalize_block of height {height} after committed height {self.tip.height}")
            if self.finalized is not None:
                self.reload()  # a second FinalizeBlock for one height: start again from the store
            try:
                self.finalized = self._execute(txs, height, time, proposer, list(misbehavior), engine_hash)
            except BaseException:
                self.reload()
                raise
            return self.finalized

    def _execute(self: Node, raws: list[bytes], height: int, engine_time: int, proposer: bytes,
                 misbehavior: list[Misbehavior], engine_hash: bytes) -> Finalized:
        txs, results, cosigs = self._split(raws, height)
        block_time = compute_block_time(self.state, engine_time, self.tip.time)
        apply_misbehavior(self.state, misbehavior, BlockContext(self.chain_id, height, block_time))
        block, receipts, frontier = make_block(self.tip, self.state, txs, block_time, self.proposer_key(proposer),
                                               self.tip.validators_hash, execute_block)
        commit = (make_commit(self.seed, block.header) if not engine_hash else
                  {"height": height, "block_hash": block.header.hash().hex(), "cometbft_block_hash": engine_hash.hex()})
        receipt_iter = iter(receipts)
        results = [next(receipt_iter) if r is None else r for r in results]
        app_hash = block.header.app_hash()
        updates = list({u["consensus_pubkey"]: u for r in receipts if r["code"] == "ok" for e in r["events"]
                        if e.get("op") == "validator_set_changed" for u in e["updates"]}.values())  # last per key
        return Finalized(block, receipts, frontier, commit, self.state.take_changes(), cosigs, results, app_hash,
                         updates)

    def _split(self: Node, raws: list[bytes], height: int) -> tuple[list[Transaction], list[Any], list[Cosignature]]:
        """The block's ledger transactions, a result placeholder per raw (None: filled by its receipt),
        and the verified co-signatures of its record."""
        txs: list[Transaction] = []
        results: list[Any] = []
        cosigs: list[Cosignature] = []
        for raw in raws:
            if is_record(raw):
                try:
                    signed, items = decode_record(raw)
                    cosigs = [c for c in items if self._is_valid(c, signed, None)]
                except LedgerError:
                    pass
                results.append({"code": "ok", "message": "co-signature record", "events": []})
                continue
            try:
                txs.append(decode(raw))
                results.append(None)
            except LedgerError as exc:  # a proposer may include bytes that are no transaction: not in the block
                results.append({"code": exc.code, "message": exc.message, "events": []})
        return txs, results, cosigs

    def proposer_key(self: Node, proposer: bytes) -> bytes:
        """The TanLedger key of the validator whose consensus address is `proposer` (solo: its own key)."""
        if len(proposer) == 32:
            return proposer
        entry = self.validators_by_address.get(proposer.hex())
        return entry.pubkey if entry else bytes(32)

    def commit(self: Node) -> int:
        """Store the finalized block in one database transaction; then sign its checkpoint. Returns retain height 0."""
        with self.lock:
            done = self.finalized
            if done is None:
                return 0  # an empty Commit after a crash-replayed block CometBFT had already stored
            if self.settings.fault == f"crash-before-commit@{done.block.header.height}":
                log.critical("fault injection: exiting between FinalizeBlock and Commit of block %d",
                             done.block.header.height)
                os._exit(70)
            try:
                self.store.commit_block(done.block, done.receipts, done.commit, done.frontier, done.changes,
                                        [c.to_json() for c in done.cosignatures])
            except BaseException:
                self.reload()
                raise
            self._advance(done)
        with self.committed:
            self.committed.notify_all()
        return 0

    def _advance(self: Node, done: Finalized) -> None:
        """Move the in-memory tip to the stored block and reset admission to the new state."""
        header = done.block.header
        self.tip = advance_tip(self.tip, header, done.frontier, done.commit, self.state)
        self.state_root = header.state_root
        self.finalized = None
        self.recent[header.height] = BlockHead(header.height, self.tip.hash, header.log_size, header.log_root)
        self.recent.pop(header.height - RECENT_HEADS, None)
        if self.tip.validators_hash != self._validators_hash_seen:  # a governance change applied in this block
            self.refresh_validators()
        self.check = Overlay(self.state)
        committed = {tx.id for tx in done.block.txs}
        # what waited and is not in the block stays pending until its recheck says otherwise
        self.rechecking = {i: t for i, t in {**self.rechecking, **self.pending}.items() if i not in committed}
        self.pending = {}
        checkpoints.publish(self, done.block, done.cosignatures)


def validator_maps(state_validators: list[dict[str, Any]], origin: str) -> tuple[dict, dict]:
    """(name → (Validator with note key name, consensus address hex or None), address → Validator)."""
    by_name: dict[str, tuple[Validator, str | None]] = {}
    by_address: dict[str, Validator] = {}
    for v in state_validators:
        validator = Validator(f"{origin}/{v['name']}", bytes.fromhex(v["pubkey"]))
        by_name[v["name"]] = (validator, v.get("address"))
        if v.get("address"):
            by_address[v["address"]] = validator
    return by_name, by_address

