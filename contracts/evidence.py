"""Validator misbehaviour on the ledger: what CometBFT proves against a validator becomes public record.

CometBFT hands the app, in FinalizeBlock, the evidence it committed (a validator that voted
twice at one height, a light-client attack). The ledger records each item in the state under
`evidence/<height>/<i>`, naming the institution that runs the validator, so the evidence is
provable with a state proof like any holding. This runs before the block's transactions.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ledger import keys
from ledger.chain import BlockContext
from ledger.encoding import freeze
from ledger.state import State

KINDS = ("duplicate_vote", "light_client_attack", "unknown")


@dataclass(frozen=True, slots=True)
class Misbehavior:
    """One piece of evidence: its kind, the validator's consensus address (hex), and where it happened."""

    kind: str
    address: str
    height: int
    time: int  # ms since the epoch
    total_voting_power: int


def get_validator_by_address(state: State, address: str) -> dict[str, Any] | None:
    """The validator entry whose consensus address is `address` (hex), or None."""
    return next((v for v in state.get(keys.validators()) or () if v.get("address") == address), None)


def apply_misbehavior(state: State, items: list[Misbehavior], ctx: BlockContext) -> None:
    """Record each item of evidence at `ctx.height`, with the validator's name when it is known."""
    for index, item in enumerate(items):
        validator = get_validator_by_address(state, item.address)
        state.put(keys.evidence(ctx.height, index), freeze({
            "kind": item.kind if item.kind in KINDS else "unknown",
            "validator": validator["name"] if validator else None,
            "address": item.address,
            "height": item.height,
            "time": item.time,
            "total_voting_power": item.total_voting_power,
            "recorded_at": ctx.height,
        }))
