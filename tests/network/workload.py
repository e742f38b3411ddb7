"""A bank workload over a validator network: setup, then transfers from clients, each to its own validator.

Senders are split among the clients so that each sender's sequential nonces reach one
validator in order. Every answer is kept: an acknowledged (admitted) transaction must be
committed exactly once, on every validator, at the same height.
"""
from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass, field

import httpx

from bench import world
from ledger.tx import Transaction


def post_bulk(api: str, txs: list[Transaction]) -> list[dict]:
    body = b"\n".join(tx.raw for tx in txs)
    response = httpx.post(f"{api}/v1/txs", content=body, headers={"content-type": "application/x-ndjson"}, timeout=60)
    response.raise_for_status()
    return response.json()["results"]


def wait_committed(api: str, tx_ids: list[str], timeout: float = 90.0) -> dict[str, dict]:
    """Each transaction's GET /v1/tx answer once none is pending; AssertionError after `timeout`."""
    deadline, answers = time.monotonic() + timeout, {}
    with httpx.Client(base_url=api, timeout=10) as client:
        for tx_id in tx_ids:
            while True:
                answer = client.get(f"/v1/tx/{tx_id}").json()
                if answer.get("status") in ("committed", "failed"):
                    answers[tx_id] = answer
                    break
                assert time.monotonic() < deadline, f"{tx_id} still {answer} after {timeout} s"
                time.sleep(0.1)
    return answers


def setup(api: str, signer: world.Signer, entities: int) -> None:
    """The vintage, its cycle and every entity's pre-allocation, committed."""
    txs = [tx for block in world.setup_blocks(signer, entities, 1000) for tx in block]
    results = post_bulk(api, txs)
    assert all(r.get("status") == "pending" for r in results), results[:3]
    answers = wait_committed(api, [tx.id_hex for tx in txs])
    assert all(a["status"] == "committed" for a in answers.values())


@dataclass
class Client:
    """One client of the workload: its validator, its senders, what it sent and what was acknowledged."""

    api: str
    senders: list[int]
    signer: world.Signer = field(default_factory=world.Signer)
    acked: list[str] = field(default_factory=list)
    refused: list[dict] = field(default_factory=list)
    errors: int = 0
    fallbacks: list[str] = field(default_factory=list)

    def run(self, entities: int, count: int, rng: random.Random, batch: int = 20) -> None:
        """Send `count` transfers in small bulk requests; keep going through a dead validator's errors."""
        for start in range(0, count, batch):
            txs = []
            for _ in range(min(batch, count - start)):
                a = rng.choice(self.senders)
                b = rng.choice([n for n in range(entities) if n != a])
                src = world.entity_id(a)
                txs.append(self.signer.sign("transfer", {"from": src, "to": world.entity_id(b), "instrument": world.INSTRUMENT,
                                                         "amount": rng.randint(1, 100)}, src))
            results = self.send(txs)
            for tx, result in zip(txs, results, strict=True):
                if result.get("status") in ("pending", "committed"):
                    self.acked.append(tx.id_hex)
                else:
                    self.refused.append(result)

    def send(self, txs: list[Transaction]) -> list[dict]:
        """POST the batch; when the validator does not answer, re-send the same bytes to the next one."""
        while True:
            try:
                return post_bulk(self.api, txs)
            except httpx.HTTPError:
                self.errors += 1
                self.api = self.fallbacks[self.errors % len(self.fallbacks)]
                time.sleep(0.2)


def run_clients(apis: list[str], entities: int, per_client: int, seed: int = 7,
                signer: world.Signer | None = None) -> list[Client]:
    """One client per API, senders split among them, all running at once; nonces counted in `signer`."""
    signer = signer or world.Signer()
    clients = [Client(api, [n for n in range(entities) if n % len(apis) == i], signer=signer,
                      fallbacks=apis[i + 1:] + apis[:i + 1]) for i, api in enumerate(apis)]
    threads = [threading.Thread(target=c.run, args=(entities, per_client, random.Random(seed + i)))
               for i, c in enumerate(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return clients
