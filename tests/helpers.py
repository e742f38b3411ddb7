"""Shared test helpers: deterministic keys, a genesis, and a tiny chain driver."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from cli.workdays import load_calendar
from contracts import execute_block
from contracts.advance_clock import compute_block_time, get_clock_offset
from contracts.fields import uscc_with_check
from contracts.genesis import advance_tip, genesis_state
from ledger import keys
from ledger.chain import BlockContext, ChainTip, make_block
from ledger.crypto import public_key
from ledger.state import State
from ledger.tx import Transaction, sign_transaction

CHAIN_ID = "tanledger-test"
GENESIS_TIME = "2024-01-02T09:00:00+08:00"
DAY_MS = 86_400_000


def seed(name: str) -> bytes:
    """A deterministic 32-byte key seed for a test participant."""
    return hashlib.sha256(b"test-seed/" + name.encode()).digest()


def pub(name: str) -> str:
    return public_key(seed(name)).hex()


def uscc(n: int) -> str:
    """A valid unified social credit code numbered `n`."""
    return uscc_with_check(f"9111{n:013d}")


PROVINCES = ("11", "31", "44")
TEST_MARKET_RULES = {"entity_min_signers": 1}
"""The test genesis lets an entity sign with one key, so that single-key tests stay short; the features
of signing policies and key recovery set the market's default (2: maker–checker) by the MEE's transaction.
The test genesis carries the project's working-day calendar (cli/data/cn-workdays.json: 2024–2026)."""


def genesis_doc() -> dict[str, Any]:
    participants = [
        {"id": "MEE", "name": "生态环境部", "roles": ["mee"], "pubkeys": [pub("MEE")]},
        {"id": "REGISTRY", "name": "全国碳排放权注册登记机构", "roles": ["registry"], "pubkeys": [pub("REGISTRY")]},
        {"id": "EXCHANGE", "name": "全国碳排放权交易机构", "roles": ["exchange"], "pubkeys": [pub("EXCHANGE")]},
    ]
    for code in PROVINCES:
        participants.append({"id": f"PROV-{code}", "name": f"省级生态环境主管部门 {code}", "roles": ["province"],
                             "province": code, "pubkeys": [pub(f"PROV-{code}")]})
    return {"chain_id": CHAIN_ID, "genesis_time": GENESIS_TIME, "participants": participants,
            "validators": [{"name": "v1", "pubkey": pub("validator-1"), "power": 1}],
            "params": {"market_rules": dict(TEST_MARKET_RULES), "calendar": load_calendar()}}


@dataclass
class Chain:
    """A chain driven in memory: sign, put in a block, execute; no node, no disk."""

    state: State
    tip: ChainTip
    nonces: dict[str, int] = field(default_factory=dict)  # the last nonce signed per account since the last block
    blocks: list = field(default_factory=list)
    engine_time: int = 0  # the consensus engine's clock: block time without the devnet clock offset

    @staticmethod
    def new() -> Chain:
        state, tip = genesis_state(genesis_doc())
        return Chain(state, tip, engine_time=tip.time)

    @staticmethod
    def new_bilateral() -> Chain:
        """A chain from bilateral_genesis_doc(): holders sign their own transfers."""
        state, tip = genesis_state(bilateral_genesis_doc())
        return Chain(state, tip, engine_time=tip.time)

    def account_of(self, name: str) -> str:
        """The participant whose key has seed `name` (after a rotation, maybe another name); else `name` itself."""
        return self.state.get(keys.signer(pub(name))) or name

    def next_nonce(self, name: str) -> int:
        """The nonce the next transaction signed by seed `name` carries: its account's last committed or signed + 1."""
        account = self.account_of(name)
        return self.nonces.get(account, self.state.get(keys.nonce(account), 0)) + 1

    def sign(self, type_: str, body: dict[str, Any], *signers: str, nonce: int | None = None) -> Transaction:
        """Sign with the primary signer's next nonce (or `nonce`); several signed before a block count up."""
        nonce = self.next_nonce(signers[0]) if nonce is None else nonce
        self.nonces[self.account_of(signers[0])] = nonce
        return sign_transaction(CHAIN_ID, type_, body, [seed(s) for s in signers], nonce)

    def block(self, txs: list[Transaction], time: int | None = None) -> list[dict[str, Any]]:
        """Execute `txs` in the next block at block time `time`; without it, the engine's clock moves 1 s and the
        clock offset is added, as the node does. Afterwards nonces come from the state again (a refused one is reused)."""
        if time is None:
            self.engine_time += 1000
            time = compute_block_time(self.state, self.engine_time, self.tip.time)
        else:
            self.engine_time = time - get_clock_offset(self.state)
        block, receipts, log = make_block(self.tip, self.state, txs, time, bytes.fromhex(pub("validator-1")),
                                          self.tip.validators_hash, execute_block)
        self.tip = advance_tip(self.tip, block.header, log, {"height": block.header.height}, self.state)
        self.blocks.append(block)
        self.nonces.clear()
        return receipts

    def run(self, type_: str, body: dict[str, Any], *signers: str, time: int | None = None,
            nonce: int | None = None) -> dict[str, Any]:
        """Sign and execute one transaction in its own block (with its next nonce, or `nonce`); return its receipt."""
        return self.block([self.sign(type_, body, *signers, nonce=nonce)], time)[0]

    def ctx(self) -> BlockContext:
        return BlockContext(CHAIN_ID, self.tip.height + 1, self.tip.time + 1000)

    def root_at_next_block(self, time: int | None = None) -> bytes:
        """The state root the next block's transactions start from: after its begin-block hooks (tried, then undone)."""
        if time is None:
            time = compute_block_time(self.state, self.engine_time + 1000, self.tip.time)
        self.state.begin()
        execute_block(self.state, [], BlockContext(CHAIN_ID, self.tip.height + 1, time))
        root = self.state.root()
        self.state.rollback()
        return root


def ranges_of(serial_set) -> tuple[tuple[int, int], ...]:
    """A model's set of serials as canonical ranges: maximal runs of consecutive serials, ascending."""
    out: list[tuple[int, int]] = []
    for s in sorted(serial_set):
        if out and s == out[-1][1] + 1:
            out[-1] = (out[-1][0], s)
        else:
            out.append((s, s))
    return tuple(out)


def set_of(ranges) -> set[int]:
    """The serials of a range set, as a plain set (the model's view)."""
    return {s for first, last in ranges for s in range(first, last + 1)}


def bilateral_genesis_doc() -> dict[str, Any]:
    """The test genesis with market rule bilateral_transfers on (off by default), for the node, CLI and kernel
    tests, whose transfers are signed by their holders: who may sign a transfer is tested in tests/contracts."""
    doc = genesis_doc()
    params = doc.get("params", {})
    return {**doc, "params": {**params, "market_rules": {**params.get("market_rules", {}), "bilateral_transfers": True}}}
