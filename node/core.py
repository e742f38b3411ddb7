"""The node: the chain's state and tip in memory, the store on disk, and the engine that drives it.

The node is the ABCI application (`node.app.LedgerApp`); an engine drives it: CometBFT over
the ABCI socket (`node.cometbft`), or the in-process development engine (`node.solo`).
One lock guards the shared State: admission, block execution and storage, and reads that
need a consistent State (compliance status) take it. After every stored block the
in-memory state equals the database's; a restart (even after kill -9) rebuilds both from
the last committed block, and CometBFT's handshake replays what the app did not store.
"""
from __future__ import annotations

import json
import threading
import time
from typing import Any

from contracts.genesis import compute_state_validators_hash, genesis_state
from ledger import keys
from ledger.block import Block
from ledger.chain import ChainTip, commit_hash
from ledger.crypto import public_key
from ledger.encoding import canonical
from ledger.errors import LedgerError
from ledger.state import State
from ledger.cosign import BlockHead
from ledger.overlay import Overlay
from ledger.tx import Transaction

from . import checkpoints
from .app import Admissions, Finalized, LedgerApp, validator_maps
from .clock import Clock, SimClock, WallClock, parse_time, to_ms
from .errors import CheckpointRefused, NodeStartError
from .settings import NodeSettings
from .state_proofs import StateTrees
from .storage import Loaded, Store, StoredTx
from .trust import compute_identity, trust_from_genesis, trust_from_history
from .validator import load_seed
from .witnesses_file import WitnessPolicy, load_witnesses
from .witnessing import Witnessing


class Node(LedgerApp):
    """One validator node. Build it with `Node.open(settings)`; `node.engine` drives it."""

    def __init__(self, settings: NodeSettings, store: Store, seed: bytes, genesis: dict[str, Any]) -> None:
        self.settings = settings
        self.store = store
        self.seed = seed
        self.proposer = public_key(seed)
        self.genesis = genesis
        self.identity = compute_identity(genesis)
        self.trust = trust_from_genesis(genesis)  # the checkpoint signers a verifier trusts (refreshed below)
        self.key_name: str | None = None  # this node's note key name while it is a validator
        self.validator_name = ""
        self.state_trees = StateTrees()
        self.lock = threading.RLock()
        self.committed = threading.Condition()
        self.state: State
        self.tip: ChainTip
        self.state_root: bytes  # of the last committed block
        self.check: Overlay  # admission's state: the committed state plus the pending transactions
        self.pending: dict[bytes, Transaction] = {}  # admitted since the last commit, in order
        self.rechecking: dict[bytes, Transaction] = {}  # pending before the last commit, awaiting their recheck
        self.finalized: Finalized | None = None  # executed by finalize_block, not yet stored
        self.recent: dict[int, BlockHead] = {}  # the last committed heads, for co-signatures
        self.admissions = Admissions()
        self.witness_policy = _load_witness_policy(settings)
        self.witnessing: Witnessing | None = None  # collects witness cosignatures once started (node.run)
        self.reload()
        self.refresh_validators()
        self.clock = self._make_clock()
        self.engine: Any = None  # set by the engine that drives this node (node.solo or node.cometbft)

    @classmethod
    def open(cls, settings: NodeSettings) -> Node:
        """Open (or create from the genesis file) the node's database and load the last committed block."""
        settings.home.mkdir(parents=True, exist_ok=True)
        seed = load_seed(settings.validator_key)
        store = Store(settings.db_url)
        try:
            genesis = _init_genesis(store, settings)
            node = cls(settings, store, seed, genesis)
            node.check_validator()
            with node.lock:
                checkpoints.catch_up(node)
        except CheckpointRefused as exc:
            store.close()
            raise NodeStartError(f"the stored log contradicts the checkpoints this validator signed: {exc.message}") from None
        except BaseException:
            store.close()
            raise
        return node

    def reload(self) -> None:
        """Replace the in-memory state and tip by the store's (after a failed block, or at start)."""
        with self.lock:
            loaded = self.store.load()
            self.state, self.tip = _restore(self.genesis, loaded)
            self.state_root = self.state.root()
            self.check = Overlay(self.state)
            self.pending = {}
            self.rechecking = {}
            self.finalized = None
            self.recent = {b.header.height: BlockHead(b.header.height, b.hash, b.header.log_size, b.header.log_root)
                           for b in self.store.recent_blocks(8)}

    def check_validator(self) -> None:
        """Raise NodeStartError unless this node's key is in the validator set (the solo engine must be
        the validator; on CometBFT a node outside the set follows the chain until governance adds it)."""
        if self.key_name is None and self.settings.engine == "solo":
            raise NodeStartError(f"validator key {self.proposer.hex()} is not in the chain's validator set")

    def refresh_validators(self) -> None:
        """Derive from the state who validates now (and this node's key name), every validator's keys
        ever (to check co-signatures of older blocks), and the trust root with every set change."""
        current = self.state.get(keys.validators()) or []
        history = self.state.get(keys.validator_history()) or []
        everyone = [v for change in [{"validators": current}, *reversed(history)] for v in change["validators"]]
        self.validators_by_name, self.validators_by_address = validator_maps(list(reversed(everyone)),
                                                                              self.identity.origin)
        mine = next((v["name"] for v in current if v["pubkey"] == self.proposer.hex()), None)
        self.key_name = f"{self.identity.origin}/{mine}" if mine else None
        self.validator_name = mine or ""
        if history:
            self.trust = trust_from_history(self.genesis, history, self._size_after)
        if self.witness_policy is not None:
            self.trust = self.witness_policy.apply_to(self.trust)
        self._validators_hash_seen = compute_state_validators_hash(self.state)

    def _size_after(self, height: int) -> int:
        if height == self.tip.height:
            return self.tip.log.size
        stored = self.store.get_block(height)
        return stored.header.log_size if stored else self.tip.log.size

    def _make_clock(self) -> Clock:
        if self.settings.clock == "wall":
            return WallClock()
        start = self.settings.sim_start
        clock = SimClock(to_ms(start) if start else parse_time(self.genesis["genesis_time"]))
        clock.advance_to(max(clock.now(), self.tip.time))
        return clock

    def start_witnessing(self) -> None:
        """Start collecting witness cosignatures in the background, if the node has a witnesses file."""
        if self.witness_policy is not None and self.witnessing is None:
            self.witnessing = Witnessing(self, self.witness_policy, self.settings.witness_refresh_s)
            self.witnessing.start()

    def close(self) -> None:
        """Stop collecting witness cosignatures; release the database."""
        if self.witnessing is not None:
            self.witnessing.stop()
        self.store.close()

    @property
    def chain_id(self) -> str:
        return self.tip.chain_id

    def engine_time(self) -> int:
        """The engine's idea of now (ms), before the ledger's clock offset: the solo clock, else the tip's time."""
        return self.clock.now()

    def head_at(self, height: int) -> BlockHead | None:
        """The committed head at `height`, from memory or the store; None if not committed."""
        head = self.recent.get(height)
        if head is None and 1 <= height <= self.tip.height:
            stored = self.store.get_block(height)
            head = BlockHead(height, stored.hash, stored.header.log_size, stored.header.log_root)
        return head

    def submit(self, raw: bytes) -> Transaction:
        """Hand one transaction to the engine; raise its LedgerError if admission refuses it."""
        return self.engine.submit(raw)

    def submit_many(self, raws: list[bytes]) -> list[dict[str, Any]]:
        """Hand several transactions to the engine; one result each."""
        return self.engine.submit_many(raws)

    def produce_now(self, force: bool = False) -> Block | None:
        """Solo engine: make the next block from the pending transactions now; with `force` even an empty one."""
        return self.engine.produce(force)

    def wait_for_tx(self, tx_id: bytes, timeout: float = 10.0) -> StoredTx | None:
        """The committed transaction, waiting up to `timeout` seconds for its block."""
        deadline = time.monotonic() + timeout
        with self.committed:
            while True:
                stored = self.store.get_tx(tx_id)
                remaining = deadline - time.monotonic()
                if stored is not None or remaining <= 0:
                    return stored
                self.committed.wait(min(remaining, 0.5))

    def resolve_duplicate(self, tx_id: bytes, error: LedgerError) -> dict[str, Any]:
        """The answer to a submission refused as `error`: `{id, status: committed}` when the same bytes are
        already in a block, `pending` when they wait (re-sending after a crash is safe), else the error."""
        if error.code == "duplicate" and self.store.has_tx(tx_id):
            return {"id": tx_id.hex(), "status": "committed"}
        if error.code == "duplicate" and self.is_pending(tx_id):
            return {"id": tx_id.hex(), "status": "pending"}
        return {"id": tx_id.hex(), **error.to_dict()}

    def is_pending(self, tx_id: bytes) -> bool:
        """True if the transaction was admitted here and is not committed yet."""
        return (tx_id in self.pending or tx_id in self.rechecking
                or (self.engine is not None and self.engine.is_pending(tx_id)))


def _load_witness_policy(settings: NodeSettings) -> WitnessPolicy | None:
    try:
        return load_witnesses(settings.witnesses)
    except LedgerError as exc:
        raise NodeStartError(exc.message) from None


def _read_genesis_file(settings: NodeSettings) -> dict[str, Any] | None:
    path = settings.genesis
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise NodeStartError(f"cannot read the genesis document {path}: {exc}") from None


def _init_genesis(store: Store, settings: NodeSettings) -> dict[str, Any]:
    """The chain's genesis: the stored one, else the file's (written to the store with its state)."""
    stored = store.get_meta("genesis")
    from_file = _read_genesis_file(settings)
    if stored is not None:
        # Verify the genesis file, if any, is the chain this database holds
        if from_file is not None and canonical(from_file) != canonical(stored):
            raise NodeStartError(f"{settings.genesis} is not the genesis of the chain in {store.url}")
        return json.loads(canonical(stored))
    if from_file is None:
        raise NodeStartError(f"no genesis document at {settings.genesis} and none in the database")
    try:
        state, tip = genesis_state(from_file)
    except (LedgerError, KeyError, TypeError, ValueError) as exc:
        raise NodeStartError(f"genesis {settings.genesis} is invalid: {exc}") from None
    events = state.commit()  # the genesis's own events: its opening balances (contracts/opening.py)
    store.init_genesis(from_file, tip.chain_id, state.take_changes(), events, tip.hash.hex())
    return from_file


def _restore(genesis: dict[str, Any], loaded: Loaded) -> tuple[State, ChainTip]:
    """The state and tip of the last stored block; raise NodeStartError if they disagree."""
    state = State(loaded.entries)
    state.take_changes()
    tip = genesis_state(genesis)[1]
    if loaded.last is None:
        return state, tip
    header = loaded.last.header
    # Verify the stored state is the one the last block committed to
    if state.root() != header.state_root:
        raise NodeStartError(f"stored state root {state.root().hex()} is not block {header.height}'s {header.state_root.hex()}")
    validators_hash = compute_state_validators_hash(state)
    return state, ChainTip(tip.chain_id, header.height, loaded.last.hash, header.time, loaded.last.log,
                           validators_hash, commit_hash(loaded.last.commit))
