"""Run a demo plan on an in-memory chain with the real rules (no node): for tests of the scenario itself."""
from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field

from cli.demo import scenario
from cli.demo.books import build_books, entity_participants
from cli.demo.ccer_parties import participant_rows
from cli.demo.plan import Plan, build_plan, entity_accounts
from cli.demo.population import signers_of
from cli.demo.signing import Keyring
from cli.genesis_init import compose_genesis, make_keys
from contracts import execute_block
from contracts.fields import get_time
from contracts.genesis import advance_tip, genesis_state
from ledger.chain import make_block
from ledger.state import State

MAX_BLOCK_TXS = 2_000


@dataclass
class LocalRun:
    plan: Plan
    state: State
    refused: Counter = field(default_factory=Counter)
    blocks: int = 0


def deterministic_seeds():
    counter = [0]

    def next_seed() -> bytes:
        counter[0] += 1
        return hashlib.sha256(b"demo-test/%d" % counter[0]).digest()
    return next_seed


def demo_genesis(found: dict, keyring: Keyring, seed: int, plan: Plan) -> dict:
    """The demo's genesis: the authorities, the entities' accounts and the registry's books (cli/demo/books.py)."""
    doc = compose_genesis("tanledger-demo", "devnet", scenario.GENESIS_TIME, found)
    names = [name for e in plan.population for name in signers_of(e.account)] + list(plan.accounts.values())
    pubkeys = {name: keyring.pubkey(name) for name in names}
    doc["participants"] += entity_participants(plan.population, pubkeys) + participant_rows(plan.accounts, pubkeys)
    doc["opening"] = build_books(plan.population, seed)
    return doc


def run_plan(entities: int, transfers: int, seed: int = 2024) -> LocalRun:
    """Build the plan and execute every phase as blocks at the phase's time; count refused receipts."""
    next_seed = deterministic_seeds()
    found = make_keys(next_seed)
    plan = build_plan(entities, transfers, seed)
    seeds = {name: key.seed for name, key in found.items()} | {
        name: next_seed() for a in entity_accounts(entities, seed) for name in signers_of(a)} | {
        account: next_seed() for account in plan.accounts.values()}
    keyring = Keyring("tanledger-demo", seeds)
    state, tip = genesis_state(demo_genesis(found, keyring, seed, plan))
    run = LocalRun(plan, state)
    proposer = found["validator-1"].pubkey
    for phase in plan.phases:
        txs = [keyring.sign(spec, attempt=phase.expect is not None) for spec in phase.txs]
        time = max(get_time({"t": phase.time}, "t"), tip.time + 1)
        for i in range(0, len(txs), MAX_BLOCK_TXS):
            block, receipts, log = make_block(tip, state, txs[i:i + MAX_BLOCK_TXS], time + i, proposer, tip.validators_hash,
                                              execute_block)
            tip = advance_tip(tip, block.header, log, {"height": block.header.height}, state)
            run.blocks += 1
            run.refused.update((phase.key, r["code"]) for r in receipts if r["code"] != "ok")
    return run
