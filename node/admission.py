"""Admission's cheap checks: what CheckTx refuses before it spends a signature verification.

Order matters against a flood: the size and JSON shape (`decode`), then the number of
signers, then that every signer is a known participant — all reads of a dict — and only
then signatures and the dry run (`LedgerApp._admit`). A transaction with 1,000 random
signers is refused at the count, in microseconds.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from ledger import keys
from ledger.errors import Malformed, Unauthorized
from ledger.tx import Transaction, decode_transaction

DECODED_CACHE = 65_536  # decoded transactions kept (≈ 1.5 KB each): a few blocks' worth
MAX_SIGNERS = 8  # the most signatures a transaction needs is 3 (dual commitment + registry); 8 leaves room


class TooManySigners(Malformed):
    code = "too_many_signers"


@lru_cache(maxsize=DECODED_CACHE)
def decode(raw: bytes) -> Transaction:
    """decode_transaction, with JSON nested past the parser's recursion limit refused as Malformed.

    Memoised (a Transaction is immutable): the API, CheckTx, its rechecks and FinalizeBlock see the
    same bytes, and strict decoding (parse, re-encode, compare) is a fifth of a block's work."""
    try:
        return decode_transaction(raw)
    except RecursionError:
        raise Malformed("JSON is nested too deeply") from None


def check_cheap(state: Any, tx: Transaction) -> None:
    """Raise unless `tx` has at most MAX_SIGNERS signers, each a registered participant's key."""
    # Verify the signer count before anything costs
    if len(tx.signers) > MAX_SIGNERS:
        raise TooManySigners(f"{len(tx.signers)} signers; a transaction has at most {MAX_SIGNERS}")
    # Verify every signer is a participant's key before verifying any signature
    for pubkey in tx.signers:
        if state.get(keys.signer(pubkey.hex())) is None:
            raise Unauthorized(f"key {pubkey.hex()[:16]}… belongs to no participant")
