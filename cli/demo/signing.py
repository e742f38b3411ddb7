"""Signing the demo's transactions in the client, each signer's nonces counted from the chain's start."""
from __future__ import annotations

from dataclasses import dataclass, field

from ledger.crypto import public_key
from ledger.tx import Transaction, sign_transaction

from .scenario import TxSpec


@dataclass
class Keyring:
    """Seeds by key name (an account id) and the last nonce each primary signer used."""

    chain_id: str
    seeds: dict[str, bytes]
    nonces: dict[str, int] = field(default_factory=dict)

    def pubkey(self, name: str) -> str:
        return public_key(self.seeds[name]).hex()

    def sign(self, spec: TxSpec, attempt: bool = False) -> Transaction:
        """Sign `spec` with each of its signers' seeds; the first signer's next nonce, which an attempt (a transaction
        to be refused, so never committed) does not use up."""
        primary = spec.signers[0]
        nonce = self.nonces.get(primary, 0) + 1
        if not attempt:
            self.nonces[primary] = nonce
        return sign_transaction(self.chain_id, spec.type, spec.body, [self.seeds[s] for s in spec.signers], nonce)
