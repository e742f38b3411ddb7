"""Determinism: the same genesis, signed transactions and block times give the same chain, anywhere.

Two independent runs (in this process and in fresh interpreters with other hash seeds, so set
and dict ordering differ) must agree on every block hash, state root and log root; changing one
transaction, or one block time, must change the chain from that block on.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from contracts import execute_block
from contracts.genesis import advance_tip, genesis_state
from helpers import CHAIN_ID, DAY_MS, genesis_doc, pub, seed, uscc
from ledger.chain import apply_block, make_block
from ledger.tx import Transaction, sign_transaction

ENTITIES = [uscc(801), uscc(802), uscc(803), uscc(804)]
PROPOSER = bytes.fromhex(pub("validator-1"))
Blocks = list[tuple[int, list[Transaction]]]


class Signer:
    """Signs with consecutive nonces per primary signer; a transaction meant to be refused does not use one up."""

    def __init__(self) -> None:
        self.nonces: dict[str, int] = {}

    def __call__(self, type_: str, body: dict, *names: str, refused: bool = False) -> Transaction:
        nonce = self.nonces.get(names[0], 0) + 1
        if not refused:  # a refused transaction is rolled back, its nonce with it: the next one reuses it
            self.nonces[names[0]] = nonce
        return sign_transaction(CHAIN_ID, type_, body, [seed(n) for n in names], nonce)


def scenario(change_amount_at: int | None = None) -> Blocks:
    """A compliance year in 8 blocks; `change_amount_at` alters the amount of the transfer in that block."""
    sign, start = Signer(), genesis_state(genesis_doc())[1].time
    register = [sign("register_participant", {"id": pid, "name": f"entity {pid}", "roles": ["entity"], "pubkeys": [pub(pid)],
                                              "province": "11", "sector": "power"}, "REGISTRY") for pid in ENTITIES]
    vintages = [sign("create_instrument", {"id": f"CEA-{y}", "vintage": y}, "MEE") for y in (2024, 2023)]
    blocks: Blocks = [(start + 1000, register + vintages)]
    blocks.append((start + 2000, [sign("set_compliance_cycle", {"year": y, "deadline": f"{y + 1}-12-31T23:59:59+08:00",
                                                                "eligible_vintages": [f"CEA-{y}"]}, "MEE") for y in (2024, 2023)]
                                 + [sign("set_market_rules", {"bilateral_transfers": True}, "MEE")]))
    bases = [sign("record_emissions", {"account": pid, "year": 2023, "verified_t": 1000 * (i + 1)}, "PROV-11")
             for i, pid in enumerate(ENTITIES)]  # each entity's pre-allocation basis
    blocks.append((start + DAY_MS, bases + [sign("allocate", {"account": pid, "year": 2024, "kind": "pre",
                                                              "instrument": "CEA-2024"}, "PROV-11", "REGISTRY")
                                            for pid in ENTITIES]))
    for k in range(4):
        amount = 37 + k + (1 if change_amount_at == 3 + k else 0)
        src, dst = ENTITIES[k], ENTITIES[(k + 1) % 4]
        back = {"ranges": [[3, 4]]} if k == 0 else {"amount": 2}  # dst got serials 1..37 in the first one
        txs = [sign("transfer", {"from": src, "to": dst, "instrument": "CEA-2024", "amount": amount}, src),
               sign("transfer", {"from": dst, "to": src, "instrument": "CEA-2024", "trade_ref": f"T-{k}", **back}, "EXCHANGE"),
               sign("transfer", {"from": src, "to": dst, "instrument": "CEA-2024", "amount": 10**9}, src, refused=True)]
        blocks.append((start + (30 + k) * DAY_MS, txs))
    blocks.append((start + 200 * DAY_MS, [
        sign("record_emissions", {"account": ENTITIES[0], "year": 2024, "verified_t": 500}, "PROV-11"),
        sign("surrender", {"account": ENTITIES[0], "year": 2024, "instrument": "CEA-2024", "amount": 400}, ENTITIES[0]),
        sign("cancel", {"account": ENTITIES[1], "instrument": "CEA-2024", "amount": 25, "purpose": "public_interest",
                        "beneficiary": "公众", "reason": "voluntary"}, ENTITIES[1]),
    ]))
    return blocks


def run(blocks: Blocks) -> list[dict]:
    """Execute `blocks` from a fresh genesis; per block its hash, state root, log root and receipt codes."""
    state, tip = genesis_state(genesis_doc())
    out = []
    for time, txs in blocks:
        block, receipts, log = make_block(tip, state, txs, time, PROPOSER, tip.validators_hash, execute_block)
        tip = advance_tip(tip, block.header, log, {"height": block.header.height}, state)
        out.append({"hash": block.header.hash().hex(), "state_root": block.header.state_root.hex(),
                    "log_root": block.header.log_root.hex(), "codes": [r["code"] for r in receipts]})
    return out


def test_scenario_exercises_the_rules():
    codes = [c for b in run(scenario()) for c in b["codes"]]
    assert codes.count("ok") == len(codes) - 4  # the four oversized transfers fail
    assert codes.count("insufficient_holding") == 4


def test_two_runs_agree_on_every_hash():
    assert run(scenario()) == run(scenario())


def test_runs_in_fresh_interpreters_with_other_hash_seeds_agree():
    here = Path(__file__).resolve().parent
    expected = run(scenario())
    for hash_seed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed,
               "PYTHONPATH": os.pathsep.join([str(here), str(here.parent)])}
        code = "import json, test_determinism as t; print(json.dumps(t.run(t.scenario())))"
        result = subprocess.run([sys.executable, "-c", code], cwd=here, env=env, capture_output=True, text=True, check=True)
        assert json.loads(result.stdout) == expected, f"PYTHONHASHSEED={hash_seed}"


def test_replay_with_apply_block_reproduces_every_header():
    blocks = scenario()
    state, tip = genesis_state(genesis_doc())
    replica, replica_tip = genesis_state(genesis_doc())
    for time, txs in blocks:
        block, receipts, log = make_block(tip, state, txs, time, PROPOSER, tip.validators_hash, execute_block)
        tip = advance_tip(tip, block.header, log, {"height": block.header.height}, state)
        replayed, replica_log = apply_block(replica_tip, replica, block, execute_block)
        replica_tip = advance_tip(replica_tip, block.header, replica_log, {"height": block.header.height}, replica)
        assert replayed == receipts
        assert replica_tip == tip


def test_one_changed_transaction_diverges_from_its_block_on():
    base, changed = run(scenario()), run(scenario(change_amount_at=5))
    index = 5  # 0-based index of the block whose first transfer changed
    assert base[:index] == changed[:index]
    for a, b in zip(base[index:], changed[index:], strict=True):
        assert a["hash"] != b["hash"]
        assert a["state_root"] != b["state_root"]
        assert a["log_root"] != b["log_root"]


def test_one_changed_block_time_diverges():
    blocks = scenario()
    time, txs = blocks[-1]
    later = blocks[:-1] + [(time + 1, txs)]
    base, changed = run(blocks), run(later)
    assert base[:-1] == changed[:-1]
    assert base[-1]["hash"] != changed[-1]["hash"]
