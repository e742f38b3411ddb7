"""Shared test helpers: deterministic keys, a genesis, and a tiny chain driver."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from contracts import execute_block
from contracts.fields import uscc_with_check
from contracts.genesis import genesis_state
from ledger.chain import BlockContext, ChainTip, advance, make_block
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
            "validators": [{"name": "v1", "pubkey": pub("validator-1"), "power": 1}]}


@dataclass
class Chain:
    """A chain driven in memory: sign, put in a block, execute; no node, no disk."""

    state: State
    tip: ChainTip
    nonces: dict[str, int] = field(default_factory=dict)
    blocks: list = field(default_factory=list)

    @staticmethod
    def new() -> "Chain":
        state, tip = genesis_state(genesis_doc())
        return Chain(state, tip)

    def sign(self, type_: str, body: dict[str, Any], *signers: str) -> Transaction:
        nonce = self.nonces.get(signers[0], 0) + 1
        self.nonces[signers[0]] = nonce
        return sign_transaction(CHAIN_ID, type_, body, [seed(s) for s in signers], nonce)

    def block(self, txs: list[Transaction], time: int | None = None) -> list[dict[str, Any]]:
        time = time if time is not None else self.tip.time + 1000
        block, receipts, log = make_block(self.tip, self.state, txs, time, bytes.fromhex(pub("validator-1")),
                                          self.tip.validators_hash, execute_block)
        self.tip = advance(self.tip, block.header, log, {"height": block.header.height}, self.tip.validators_hash)
        self.blocks.append(block)
        return receipts

    def run(self, type_: str, body: dict[str, Any], *signers: str, time: int | None = None) -> dict[str, Any]:
        """Sign and execute one transaction in its own block; return its receipt."""
        return self.block([self.sign(type_, body, *signers)], time)[0]

    def ctx(self) -> BlockContext:
        return BlockContext(CHAIN_ID, self.tip.height + 1, self.tip.time + 1000)


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
