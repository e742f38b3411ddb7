"""The node: the chain's state and tip in memory, the store on disk, the mempool and the clock.

One lock guards the shared State: admission dry-runs, block execution and storage, and
reads that need a consistent State (compliance status) take it. After every stored block
the in-memory state equals the database's; a restart (even after kill -9) rebuilds both
from the last committed block.
"""
from __future__ import annotations

import json
import threading
from typing import Any

from contracts.genesis import compute_validators_hash, genesis_state
from ledger import keys
from ledger.block import Block
from ledger.chain import BlockContext, ChainTip, commit_hash
from ledger.crypto import public_key
from ledger.encoding import canonical
from ledger.errors import LedgerError
from ledger.state import State
from ledger.tx import Transaction

from . import checkpoints, mempool, producer
from .clock import Clock, SimClock, WallClock, block_time, parse_time, to_ms
from .errors import CheckpointRefused, NodeStartError
from .mempool import Mempool
from .settings import NodeSettings
from .state_proofs import StateTrees
from .storage import Loaded, Store, StoredTx
from .trust import compute_identity, trust_from_genesis
from .validator import load_seed


class Node:
    """One validator node. Build it with `Node.open(settings)`."""

    def __init__(self, settings: NodeSettings, store: Store, seed: bytes, genesis: dict[str, Any]) -> None:
        self.settings = settings
        self.store = store
        self.seed = seed
        self.proposer = public_key(seed)
        self.genesis = genesis
        self.identity = compute_identity(genesis)
        self.trust = trust_from_genesis(genesis)  # the checkpoint signers a verifier trusts
        self.key_name = self.identity.key_name_of(self.proposer)  # None if not a validator (refused at open)
        self.state_trees = StateTrees()
        self.lock = threading.RLock()
        self.committed = threading.Condition()
        self.mempool = Mempool(settings.max_mempool_txs)
        self.state: State
        self.tip: ChainTip
        self.state_root: bytes  # of the last committed block
        self.reload()
        self.clock = self._make_clock()

    @classmethod
    def open(cls, settings: NodeSettings) -> "Node":
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

    def check_validator(self) -> None:
        """Raise NodeStartError unless this node's key is in the validator set."""
        validators = self.state.get(keys.validators()) or ()
        if self.proposer.hex() not in {v["pubkey"] for v in validators} or self.key_name is None:
            raise NodeStartError(f"validator key {self.proposer.hex()} is not in the chain's validator set")

    def _make_clock(self) -> Clock:
        if self.settings.clock == "wall":
            return WallClock()
        start = self.settings.sim_start
        clock = SimClock(to_ms(start) if start else parse_time(self.genesis["genesis_time"]))
        clock.advance_to(max(clock.now(), self.tip.time))
        return clock

    def close(self) -> None:
        """Release the database."""
        self.store.close()

    @property
    def chain_id(self) -> str:
        return self.tip.chain_id

    def next_context(self) -> BlockContext:
        """The context the next block would run in now (for dry runs)."""
        return BlockContext(self.tip.chain_id, self.tip.height + 1, block_time(self.clock, self.tip.time))

    def submit(self, raw: bytes) -> Transaction:
        """Admit a transaction from its canonical bytes; raise a LedgerError if it would fail."""
        return mempool.submit(self, raw)

    def submit_many(self, raws: list[bytes]) -> list[dict[str, Any]]:
        """Admit several transactions; one result each."""
        return mempool.submit_many(self, raws)

    def produce_now(self, force: bool = False) -> Block | None:
        """Make the next block from the mempool now; with `force` even an empty one."""
        return producer.produce_block(self, force)

    def wait_for_tx(self, tx_id: bytes, timeout: float = 10.0) -> StoredTx | None:
        """The committed transaction, waiting up to `timeout` seconds for its block."""
        return producer.wait_for_tx(self, tx_id, timeout)


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
    store.init_genesis(from_file, tip.chain_id, state.take_changes())
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
    validators_hash = compute_validators_hash(state.get(keys.validators()))
    return state, ChainTip(tip.chain_id, header.height, loaded.last.hash, header.time, loaded.last.log,
                           validators_hash, commit_hash(loaded.last.commit))
