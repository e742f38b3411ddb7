"""Errors the node adds to the ledger's tree, and the error of a failed dry-run receipt."""
from __future__ import annotations

from typing import Any

from ledger import account_errors, ccer_errors  # noqa: F401  (the accounts' and the CCER registry's codes, one tree)
from ledger import state_proof  # noqa: F401  (the state proofs' codes, in the tree whatever was imported first)
from ledger.errors import InvalidTransaction, LedgerError


class DuplicateTransaction(InvalidTransaction):
    """The transaction is already pending or already in a block."""

    code = "duplicate"


class MempoolFull(LedgerError):
    """The node holds as many pending transactions as it accepts; try again after the next block."""

    code = "mempool_full"


class EngineUnavailable(LedgerError):
    """The local CometBFT did not answer: the node is starting, stopping or its engine died."""

    code = "engine_unavailable"


class TooLarge(LedgerError):
    code = "too_large"


class UnsupportedMediaType(LedgerError):
    code = "unsupported_media_type"


class NodeStartError(Exception):
    """The node cannot start: a missing or inconsistent genesis, key or database."""


def _subclasses(cls: type) -> list[type]:
    out = []
    for sub in cls.__subclasses__():
        out += [sub, *_subclasses(sub)]
    return out


def error_from_receipt(receipt: dict[str, Any]) -> LedgerError:
    """The error a failed receipt or CheckTx answer stands for (same class, so the API maps it the same way)."""
    by_code = {cls.code: cls for cls in [InvalidTransaction, *_subclasses(LedgerError)]}
    cls = by_code.get(receipt["code"], InvalidTransaction)
    error = cls(receipt["message"])
    error.code = receipt["code"]
    return error


class InvalidRequest(LedgerError):
    """A query parameter or request body the API cannot use."""

    code = "invalid_request"


class CheckpointRefused(LedgerError):
    """This validator will not sign (or add a signature to) a checkpoint: it would contradict what it signed."""

    code = "checkpoint_refused"


def error_classes() -> list[type[LedgerError]]:
    """Every error class of the ledger, the CCER registry and the node: LedgerError and all its subclasses."""
    return [LedgerError, *_subclasses(LedgerError)]
