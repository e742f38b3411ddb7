"""Advance the clock: on a devnet, the MEE moves the time every rule sees forward, to run a compliance year in minutes.

The ledger keeps a clock offset (milliseconds); the node adds it to the consensus engine's block time
(`compute_block_time`), so deadlines, the carry-over snapshot and every other time rule follow the
simulated calendar. Only a chain whose params say network "devnet" accepts it: elsewhere time is the
validators' block time alone. It replaces the node's unsigned HTTP route that moved the calendar.
Transaction type `advance_clock`. Feature: tests/features/advance_clock.feature.
"""
from __future__ import annotations

from typing import Any

from ledger import keys
from ledger.chain import BlockContext
from ledger.errors import DevnetOnly, InvalidField
from ledger.state import State
from ledger.tx import Transaction

from . import fields
from .roles import MEE, check_signed_by_role

DEVNET = "devnet"


def check_shape(body: dict[str, Any]) -> None:
    """One field, `to`: an RFC 3339 date-time with its offset."""
    fields.check_keys(body, {"to"})
    fields.get_time(body, "to")


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """The MEE signed; the chain is a devnet; `to` lies after the block time."""
    # Verify the MEE signed
    check_signed_by_role(state, tx, MEE)
    # Verify the chain is a devnet
    network = get_network(state)
    if network != DEVNET:
        raise DevnetOnly(f"advance_clock runs only on a {DEVNET} chain; this chain's network is {network!r} "
                         "(chain params, fixed at genesis): here time is the validators' block time alone")
    # Verify `to` lies after the block time
    to = fields.get_time(tx.body, "to")
    if to <= ctx.time:
        raise InvalidField(f"to {fields.format_time(to)} is not after block time {fields.format_time(ctx.time)}: "
                           "the clock only moves forward; give a later time")


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Add (to − block time) to the clock offset; emit `clock_advanced` with the new offset."""
    to = fields.get_time(tx.body, "to")
    offset = get_clock_offset(state) + to - ctx.time
    state.put(keys.clock_offset(), offset)
    state.emit({"op": "clock_advanced", "to": fields.format_time(to), "offset_ms": offset})


def get_network(state: State) -> str | None:
    """The chain's network ("devnet", "testnet", "mainnet", …) from its params; None when unset."""
    return (state.get(keys.chain_params()) or {}).get("network")


def get_clock_offset(state: State) -> int:
    """Milliseconds the clock has been advanced in all (0 when never)."""
    offset: int = state.get(keys.clock_offset(), 0)
    return offset


def compute_block_time(state: State, engine_time_ms: int, previous_ms: int) -> int:
    """The block time the rules see: the engine's block time plus the clock offset, always after the previous one.

    Requires `previous_ms` to be the time of the previous block (the genesis time before block 1).
    """
    return max(previous_ms + 1, engine_time_ms + get_clock_offset(state))
