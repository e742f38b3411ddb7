"""Helpers of the node tests: a home folder, settings, signed transactions and market set-up.

Units are created through real transactions (register, create_instrument, set_compliance_cycle,
allocate), so every test chain can be replayed from genesis.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from helpers import CHAIN_ID, bilateral_genesis_doc, pub, seed, uscc
from ledger.tx import Transaction, sign_transaction
from node.core import Node
from node.settings import NodeSettings
from node.solo import SoloEngine

YEAR = 2024
CEA = f"CEA-{YEAR}"
DEADLINE = "2025-12-31T23:59:59+08:00"
SIM_START = "2024-01-02T09:00:00+08:00"


def write_home(home: Path) -> Path:
    """Write genesis.json and validator.key (validator v1) into `home`."""
    home.mkdir(parents=True, exist_ok=True)
    (home / "genesis.json").write_text(json.dumps(bilateral_genesis_doc(), ensure_ascii=False, indent=2), encoding="utf-8")
    (home / "validator.key").write_text(seed("validator-1").hex() + "\n")
    return home


def make_settings(home: Path, **overrides: Any) -> NodeSettings:
    """Test settings: the solo engine on a simulated clock at genesis time, no background producer."""
    values = {"home": home, "engine": "solo", "clock": "sim", "sim_start": SIM_START, "auto_produce": False,
              **overrides}
    return NodeSettings(**values)


def open_node(settings: NodeSettings) -> Node:
    """Open the node `settings` describe and attach a solo engine to it (its background producer not started)."""
    node = Node.open(settings)
    SoloEngine(node)
    return node


class Signer:
    """Signs transactions for named participants, counting each one's nonce."""

    def __init__(self) -> None:
        self.nonces: dict[str, int] = {}

    def sign(self, type_: str, body: dict[str, Any], *signers: str, nonce: int | None = None) -> Transaction:
        """A signed transaction; the first signer's next nonce unless `nonce` is given."""
        if nonce is None:
            nonce = self.nonces.get(signers[0], 0) + 1
        self.nonces[signers[0]] = max(nonce, self.nonces.get(signers[0], 0))
        return sign_transaction(CHAIN_ID, type_, body, [seed(s) for s in signers], nonce)


def entity_body(n: int) -> dict[str, Any]:
    """register_participant body of key emitting entity `n` (province 11, power)."""
    pid = uscc(n)
    return {"id": pid, "name": f"重点排放单位 {n}", "roles": ["entity"], "pubkeys": [pub(pid)],
            "province": "11", "sector": "power"}


def market_setup(signer: Signer, entities: list[int], basis_t: int = 1000) -> list[list[Transaction]]:
    """Stages of transactions, each needing the previous one committed: register `entities` and create
    CEA-2024 and CEA-2023; set cycles 2024 and 2023; record each entity's 2023 verified emissions (`basis_t`)
    and pre-allocate 70 % of them (serials in entity order)."""
    first = [signer.sign("register_participant", entity_body(n), "REGISTRY") for n in entities]
    first.append(signer.sign("create_instrument", {"id": CEA, "vintage": YEAR}, "MEE"))
    first.append(signer.sign("create_instrument", {"id": f"CEA-{YEAR - 1}", "vintage": YEAR - 1}, "MEE"))
    cycles = [signer.sign("set_compliance_cycle", {"year": YEAR, "deadline": DEADLINE, "eligible_vintages": [CEA]}, "MEE"),
              signer.sign("set_compliance_cycle", {"year": YEAR - 1, "deadline": f"{YEAR}-12-31T23:59:59+08:00",
                                                   "eligible_vintages": [f"CEA-{YEAR - 1}"]}, "MEE")]
    bases = [signer.sign("record_emissions", {"account": uscc(n), "year": YEAR - 1, "verified_t": basis_t}, "PROV-11")
             for n in entities]
    allocations = [signer.sign("allocate", {"account": uscc(n), "year": YEAR, "kind": "pre", "instrument": CEA},
                               "PROV-11", "REGISTRY") for n in entities]
    return [first, cycles, bases + allocations]


def cancel(signer: Signer, n: int, amount: int) -> Transaction:
    """A voluntary cancellation by entity `n`."""
    body = {"account": uscc(n), "instrument": CEA, "amount": amount, "purpose": "public_interest", "beneficiary": "公众",
            "reason": "voluntary"}
    return signer.sign("cancel", body, uscc(n))


def transfer(signer: Signer, src: int, dst: int, amount: int | None = None, ranges: list | None = None) -> Transaction:
    """A transfer signed by entity `src`."""
    body: dict[str, Any] = {"from": uscc(src), "to": uscc(dst), "instrument": CEA}
    body |= {"amount": amount} if ranges is None else {"ranges": ranges}
    return signer.sign("transfer", body, uscc(src))


def commit_proposed(node: Any, txs: list[Transaction]) -> Any:
    """Finalize and commit the next block holding exactly `txs`, as a CometBFT proposer may decide it: this
    node's CheckTx never judged them (another validator's mempool admitted them). Returns the block."""
    finalized = node.finalize_block([tx.raw for tx in txs], node.tip.height + 1, node.clock.now(), node.proposer)
    node.commit()
    return finalized.block


def post_tx(client: Any, tx: Transaction) -> dict[str, Any]:
    """POST one transaction's bytes; assert 202 and return the answer."""
    response = client.post("/v1/tx", content=tx.raw, headers={"content-type": "application/json"})
    assert response.status_code == 202, response.json()
    return response.json()


def commit_via_api(client: Any, node: Any, txs: list[Transaction]) -> None:
    """Submit `txs` over the API, make one block, and check each one committed."""
    for tx in txs:
        post_tx(client, tx)
    node.produce_now()
    for tx in txs:
        answer = client.get(f"/v1/tx/{tx.id_hex}").json()
        assert answer["status"] == "committed", answer


def replay(http: Any) -> tuple[str, str]:
    """Replay every block served by GET /v1/blocks from the served genesis with the audit's replay (cli/replay.py).

    Asserts no divergence (each block hash included); returns (state root, last block hash) in hex.
    """
    from cli.replay import replay as audit_replay
    def served_blocks() -> Any:
        start: int | None = 1
        while start is not None:
            page = http.get(f"/v1/blocks?from={start}").json()
            yield from page["blocks"]
            start = page["next"]

    genesis = http.get("/v1/genesis").json()
    report = audit_replay(genesis, served_blocks())
    assert report.ok and report.tip is not None, report.divergence
    return report.state_root.hex(), report.tip.hash.hex()


def grow_chain(node: Any, signer: Signer, rounds: int = 4) -> list[Transaction]:
    """Blocks of many sizes on `node`, in order: the market set-up of entities 1–4 (blocks of 6, 2, 8
    transactions), an empty block, a proposed block whose second transfer fails at execution (a proposer
    may include what this node's CheckTx would refuse), then `rounds` blocks of 1, 2, 3… one-tonne
    transfers. Returns every logged transaction."""
    logged: list[Transaction] = []

    def block(txs: list[Transaction]) -> None:
        for tx in txs:
            node.submit(tx.raw)
        node.produce_now(force=True)
        logged.extend(txs)

    for stage in market_setup(signer, [1, 2, 3, 4]):
        block(stage)
    block([])
    failing = [transfer(signer, 1, 2, amount=600), transfer(signer, 1, 3, amount=600)]
    commit_proposed(node, failing)
    logged.extend(failing)
    for n in range(1, rounds + 1):
        block([transfer(signer, 2 + i % 3, (2 + i % 3) % 4 + 1, amount=1) for i in range(n * 3 - 2)])
    return logged
