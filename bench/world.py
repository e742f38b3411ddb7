"""The benchmark's world: a genesis with N entities, their allocations, and pre-signed transfers.

Everything is derived from a seed, so two runs with the same arguments sign the same bytes.
Entities are genesis participants (as an operator would load them); their allowances are
issued on-chain by `allocate` pre-allocation transactions (province + registry signatures),
so a replay from genesis re-executes the whole history.
"""
from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from contracts import HANDLERS, execute_block
from contracts.fields import uscc_with_check
from contracts.genesis import advance_tip, genesis_state
from ledger.chain import ChainTip, make_block
from ledger.crypto import public_key
from ledger.state import State
from ledger.tx import Transaction, sign_transaction

CHAIN_ID = "tanledger-bench"
GENESIS_TIME = "2024-01-02T09:00:00+08:00"
INSTRUMENT = "CEA-2024"
BASIS_T = 1_000_000  # 2023 verified emissions, the pre-allocation basis: 70 %, 700,000 t, is issued to each entity
BLOCK_INTERVAL_MS = 1000


def seed(name: str) -> bytes:
    """A deterministic Ed25519 seed for a named participant."""
    return hashlib.sha256(b"tanledger-bench/" + name.encode()).digest()


def entity_id(n: int) -> str:
    """The unified social credit code of bench entity `n`."""
    return uscc_with_check(f"9144{n:013d}")


def genesis_doc(entities: int) -> dict[str, Any]:
    """Authorities, one province, one validator and `entities` key emitting entities."""
    participants = [
        {"id": "MEE", "name": "生态环境部", "roles": ["mee"], "pubkeys": [public_key(seed("MEE")).hex()]},
        {"id": "REGISTRY", "name": "注册登记机构", "roles": ["registry"], "pubkeys": [public_key(seed("REGISTRY")).hex()]},
        {"id": "PROV-44", "name": "广东省生态环境厅", "roles": ["province"], "province": "44",
         "pubkeys": [public_key(seed("PROV-44")).hex()]},
    ]
    for n in range(entities):
        pid = entity_id(n)
        participants.append({"id": pid, "name": f"重点排放单位 {n}", "roles": ["entity"], "province": "44",
                             "sector": "power", "pubkeys": [public_key(seed(pid)).hex()]})
    return {"chain_id": CHAIN_ID, "genesis_time": GENESIS_TIME, "participants": participants,
            "validators": [{"name": "v1", "pubkey": public_key(seed("validator-1")).hex(), "power": 1}],
            # the entities sign their own transfers, each with one key: the benchmarks compare with the earlier
            # figures (one signature per transfer); maker–checker (entity_min_signers 2) is the rule's default
            "params": {"market_rules": {"bilateral_transfers": True, "entity_min_signers": 1}}}


@dataclass
class Signer:
    """Signs transactions with consecutive nonces per primary signer."""

    nonces: dict[str, int] = field(default_factory=dict)

    def sign(self, type_: str, body: dict[str, Any], *names: str) -> Transaction:
        nonce = self.nonces.get(names[0], 0) + 1
        self.nonces[names[0]] = nonce
        return sign_transaction(CHAIN_ID, type_, body, [seed(n) for n in names], nonce)


@dataclass
class Node:
    """A chain driven in memory: the state, the tip and (optionally) the blocks so far."""

    state: State
    tip: ChainTip
    keep_blocks: bool = True
    blocks: list = field(default_factory=list)

    @staticmethod
    def from_genesis(doc: dict[str, Any], keep_blocks: bool = True) -> Node:
        state, tip = genesis_state(doc)
        return Node(state, tip, keep_blocks)

    def propose(self, txs: list[Transaction]) -> list[dict[str, Any]]:
        """Execute `txs` as the next block (make_block) and advance the tip; return the receipts."""
        block, receipts, log = make_block(self.tip, self.state, txs, self.tip.time + BLOCK_INTERVAL_MS,
                                          public_key(seed("validator-1")), self.tip.validators_hash, execute_block)
        self.tip = advance_tip(self.tip, block.header, log, {"height": block.header.height}, self.state)
        if self.keep_blocks:
            self.blocks.append(block)
        return receipts


def setup_blocks(signer: Signer, entities: int, block_size: int) -> Iterator[list[Transaction]]:
    """The blocks before trading: the vintage and its cycle, then every entity's pre-allocation."""
    yield [
        signer.sign("create_instrument", {"id": INSTRUMENT, "vintage": 2024}, "MEE"),
        signer.sign("set_compliance_cycle", {"year": 2024, "deadline": "2025-12-31T23:59:59+08:00",
                                             "eligible_vintages": [INSTRUMENT]}, "MEE"),
        signer.sign("create_instrument", {"id": "CEA-2023", "vintage": 2023}, "MEE"),
        signer.sign("set_compliance_cycle", {"year": 2023, "deadline": "2024-12-31T23:59:59+08:00",
                                             "eligible_vintages": ["CEA-2023"]}, "MEE"),
    ]
    if "allocate" not in HANDLERS:
        raise SystemExit("the allocate handler is missing from contracts/registry.py")
    batch: list[Transaction] = []
    for n in range(entities):  # each entity's 2023 verified emissions (the basis), then its pre-allocation
        batch.append(signer.sign("record_emissions", {"account": entity_id(n), "year": 2023, "verified_t": BASIS_T},
                                 "PROV-44"))
        batch.append(signer.sign("allocate", {"account": entity_id(n), "year": 2024, "kind": "pre",
                                              "instrument": INSTRUMENT}, "PROV-44", "REGISTRY"))
        if len(batch) >= block_size:
            yield batch
            batch = []
    if batch:
        yield batch


def build(entities: int, block_size: int, keep_blocks: bool = True) -> tuple[Node, Signer]:
    """A node at the end of setup (every entity holds 700,000 t), and the signer with its nonces."""
    node, signer = Node.from_genesis(genesis_doc(entities), keep_blocks), Signer()
    for txs in setup_blocks(signer, entities, block_size):
        receipts = node.propose(txs)
        failed = [r for r in receipts if r["code"] != "ok"]
        if failed:
            raise SystemExit(f"setup transaction failed: {failed[0]}")
    return node, signer


def transfers(signer: Signer, entities: int, count: int, rng: random.Random) -> list[Transaction]:
    """`count` signed transfers of 1-100 t between random distinct entities, lowest serials first."""
    out = []
    for _ in range(count):
        a, b = rng.sample(range(entities), 2)
        src = entity_id(a)
        out.append(signer.sign("transfer", {"from": src, "to": entity_id(b), "instrument": INSTRUMENT,
                                            "amount": rng.randint(1, 100)}, src))
    return out


def chunks(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]
