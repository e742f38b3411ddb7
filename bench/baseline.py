"""The plain-SQL baseline: what a central registry database does for each transfer, and no more.

Per transfer: parse the JSON request, look up the sender's public key and balance, verify the
Ed25519 signature (PyNaCl, the same library the ledger uses), check the balance, debit the
sender and credit the receiver. One SQLite transaction per block. The database is in memory
(no fsync), which favours the baseline: the ledger figure does no I/O either.
"""
from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Sequence

from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey

from ledger.constants import TX_SIGN_PREFIX
from ledger.encoding import canonical
from ledger.tx import Transaction

Request = tuple[bytes, bytes]  # (JSON payload as sent, detached signature)


def requests_of(txs: Sequence[Transaction]) -> list[Request]:
    """The baseline's input: each transfer's payload bytes and its signature (prepared untimed)."""
    return [(canonical(tx.payload()), tx.signatures[0]) for tx in txs]


class Registry:
    """A balances table in SQLite."""

    def __init__(self, balances: dict[str, tuple[bytes, int]]) -> None:
        self.db = sqlite3.connect(":memory:", isolation_level=None)
        self.db.execute("CREATE TABLE accounts (id TEXT PRIMARY KEY, pubkey BLOB NOT NULL, "
                        "balance INTEGER NOT NULL CHECK (balance >= 0)) WITHOUT ROWID")
        self.db.executemany("INSERT INTO accounts VALUES (?, ?, ?)",
                            [(account, pubkey, balance) for account, (pubkey, balance) in balances.items()])
        self.keys: dict[bytes, VerifyKey] = {}
        self.refused = 0

    def verify_key(self, pubkey: bytes) -> VerifyKey:
        key = self.keys.get(pubkey)
        if key is None:
            key = self.keys[pubkey] = VerifyKey(pubkey)
        return key

    def transfer(self, payload: bytes, signature: bytes) -> bool:
        """Apply one transfer request; False (and no change) if refused."""
        body = json.loads(payload)["body"]
        row = self.db.execute("SELECT pubkey, balance FROM accounts WHERE id = ?", (body["from"],)).fetchone()
        if row is None:
            return False
        try:
            self.verify_key(row[0]).verify(TX_SIGN_PREFIX + payload, signature)
        except BadSignatureError:
            return False
        amount = body["amount"]
        if row[1] < amount:
            return False
        self.db.execute("UPDATE accounts SET balance = balance - ? WHERE id = ?", (amount, body["from"]))
        if self.db.execute("UPDATE accounts SET balance = balance + ? WHERE id = ?", (amount, body["to"])).rowcount != 1:
            raise RuntimeError(f"unknown receiver {body['to']}")
        return True

    def block(self, requests: Sequence[Request]) -> None:
        """One database transaction for a block of requests."""
        self.db.execute("BEGIN")
        for payload, signature in requests:
            if not self.transfer(payload, signature):
                self.refused += 1
        self.db.execute("COMMIT")

    def total(self) -> int:
        return self.db.execute("SELECT SUM(balance) FROM accounts").fetchone()[0]


def run(balances: dict[str, tuple[bytes, int]], blocks: Sequence[Sequence[Request]]) -> tuple[float, Registry]:
    """Seconds to process every block (setup excluded), and the registry afterwards."""
    registry = Registry(balances)
    start = time.perf_counter()
    for requests in blocks:
        registry.block(requests)
    return time.perf_counter() - start, registry
