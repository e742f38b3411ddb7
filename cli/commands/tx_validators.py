"""`tanledger tx propose-validator-update | approve-validator-update`: who validates, by governance.

The MEE proposes a change of the validator set (add an institution's validator, change its
power or keys, or remove it with power 0); the institutions running the current validators
approve; at a quorum (⌊2n/3⌋+1) the ledger applies it and CometBFT takes the update two
blocks later.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ..console import CliError
from ..submit import send
from .options import DEFAULT_NODE, KeyFiles, Nonce, NodeUrl, Wait
from .tx import app

ProposalId = Annotated[str, typer.Option("--id", help="the proposal's id (1–64 of A–Z a–z 0–9 . _ -)")]


def read_consensus_key(path: Path) -> str:
    """The hex Ed25519 public key of a CometBFT priv_validator_key.json (its pub_key.value is base64)."""
    import base64

    try:
        return base64.b64decode(json.loads(path.read_text(encoding="utf-8"))["pub_key"]["value"]).hex()
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CliError("invalid_option", f"{path} is not a CometBFT priv_validator_key.json: {exc}") from None


@app.command("propose-validator-update")
def propose_validator_update(
    key: KeyFiles, proposal: ProposalId,
    name: Annotated[str, typer.Option(help="the institution (participant id) that runs the validator")],
    power: Annotated[int, typer.Option(help="voting power; 0 removes the validator")] = 1,
    pubkey: Annotated[str | None, typer.Option(help="its TanLedger co-signing key, hex (validator.key's public key)")] = None,
    consensus_key: Annotated[Path | None, typer.Option(exists=True, dir_okay=False,
                                                       help="its CometBFT config/priv_validator_key.json")] = None,
    reason: Annotated[str, typer.Option(help="why, for the public record (required)")] = ...,  # type: ignore[assignment]
    node: NodeUrl = DEFAULT_NODE, nonce: Nonce = None, wait: Wait = True,
) -> None:
    """Propose one change of the validator set (the MEE signs; its proposal counts as its approval)."""
    change: dict = {"name": name, "power": power}
    if pubkey:
        change["pubkey"] = pubkey
    if consensus_key:
        change["consensus_pubkey"] = read_consensus_key(consensus_key)
    send(node, "propose_validator_update", {"id": proposal, "changes": [change], "reason": reason}, key, nonce, wait)


@app.command("approve-validator-update")
def approve_validator_update(key: KeyFiles, proposal: ProposalId, node: NodeUrl = DEFAULT_NODE, nonce: Nonce = None,
                             wait: Wait = True) -> None:
    """Approve a proposed change (an institution that runs a current validator signs)."""
    send(node, "approve_validator_update", {"id": proposal}, key, nonce, wait)
