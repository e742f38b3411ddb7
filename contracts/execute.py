"""The state transition: envelope checks, then the handler of the transaction's type."""
from __future__ import annotations

import logging
from collections.abc import Sequence

from ledger import keys
from ledger.chain import BlockContext, Receipt
from ledger.errors import ExecutionFault, InvalidTransaction, NonceGap, NonceReused, UnknownType, WrongChain
from ledger.state import State
from ledger.tx import Transaction, check_signatures

from .carryover_notice import apply_snapshot_if_due
from .offset_release import apply_offset_release_if_due
from .registry import HANDLERS
from .roles import signer_ids
from .status_fixing import apply_status_fixing_if_due

log = logging.getLogger("tanledger.contracts")


def check_envelope(state: State, tx: Transaction, ctx: BlockContext) -> str:
    """Check chain, type, signatures, signers and nonce; return the primary signer's id."""
    # Verify the transaction is meant for this chain
    if tx.chain_id != ctx.chain_id:
        raise WrongChain(f"transaction is for chain {tx.chain_id!r}, this is {ctx.chain_id!r}")
    # Verify its type has a handler
    if tx.type not in HANDLERS:
        raise UnknownType(f"unknown transaction type {tx.type!r}")
    # Verify every signature
    check_signatures(tx)
    # Verify every signer is a participant
    primary = signer_ids(state, tx)[0]
    # Verify the nonce is the next one: last committed + 1
    check_nonce(state, primary, tx.nonce)
    return primary


def check_nonce(state: State, primary: str, nonce: int) -> None:
    """Raise NonceReused or NonceGap unless `nonce` is exactly the last committed nonce of `primary` + 1."""
    last = state.get(keys.nonce(primary), 0)
    # Verify the nonce is not already used
    if nonce <= last:
        raise NonceReused(f"nonce {nonce} of {primary} is already used: its next nonce is {last + 1} "
                          f"(last committed {last}); sign again with nonce {last + 1}")
    # Verify the nonce does not skip ahead
    if nonce > last + 1:
        raise NonceGap(f"nonce {nonce} of {primary} skips ahead: its next nonce is {last + 1} "
                       f"(last committed {last}); send the missing ones first")


def _run(state: State, tx: Transaction, ctx: BlockContext) -> None:
    primary = check_envelope(state, tx, ctx)
    handler = HANDLERS[tx.type]
    handler.check_shape(tx.body)
    handler.check(state, tx, ctx)
    state.put(keys.nonce(primary), tx.nonce)  # journaled: a refused transaction's rollback gives its nonce back
    handler.apply(state, tx, ctx)


def compute_fault(tx: Transaction, exc: Exception) -> ExecutionFault:
    """The refusal of a transaction whose rule raised `exc`, an unexpected exception; logged with its traceback.

    The message names only the transaction and the exception's type: every validator must write the same
    receipt, and an exception's text may hold what differs between machines (addresses, paths).
    """
    log.error("DEFECT: %s transaction %s raised %s in the rules; refused, the chain goes on",
              tx.type, tx.id_hex, type(exc).__name__, exc_info=exc)
    return ExecutionFault(f"the rules of {tx.type} failed with an unexpected {type(exc).__name__}; the transaction "
                          f"changed nothing. This is a defect in TanLedger: report transaction {tx.id_hex}")


def execute_tx(state: State, tx: Transaction, ctx: BlockContext) -> Receipt:
    """Run one transaction; on failure roll back and return a receipt with the error code.

    Only an InvalidTransaction is an expected refusal; anything else a handler raises is a defect, turned into a
    refusal with code `execution_fault` so that one bad rule never stops the chain.
    """
    state.begin()
    try:
        _run(state, tx, ctx)
    except InvalidTransaction as exc:
        state.rollback()
        return {"code": exc.code, "message": exc.message, "events": []}
    except Exception as exc:  # noqa: BLE001 — a defect in a rule must not halt block production
        state.rollback()
        fault = compute_fault(tx, exc)
        return {"code": fault.code, "message": fault.message, "events": []}
    return {"code": "ok", "message": "", "events": state.commit()}


def execute_block(state: State, txs: Sequence[Transaction], ctx: BlockContext) -> list[Receipt]:
    """Run a block's transactions in order on `state`; one receipt each."""
    apply_snapshot_if_due(state, ctx)  # begin-block hook: the carry-over snapshot of S3 annex 5
    apply_status_fixing_if_due(state, ctx)  # begin-block hook: each year's compliance status fixed at its deadline
    apply_offset_release_if_due(state, ctx)  # begin-block hook: CCER pending offset released after the deadline
    return [execute_tx(state, tx, ctx) for tx in txs]


def dry_run(state: State, tx: Transaction, ctx: BlockContext) -> Receipt:
    """What `tx` would do on `state` now, leaving `state` unchanged."""
    state.begin()
    try:
        _run(state, tx, ctx)
        events = state.pending_events()
    except InvalidTransaction as exc:
        return {"code": exc.code, "message": exc.message, "events": []}
    except Exception as exc:  # noqa: BLE001 — as in execute_tx
        fault = compute_fault(tx, exc)
        return {"code": fault.code, "message": fault.message, "events": []}
    finally:
        state.rollback()
    return {"code": "ok", "message": "", "events": events}
