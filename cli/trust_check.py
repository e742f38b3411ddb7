"""`tanledger trust check --trust trust.json --node URL`: does this node serve the chain the trust file names?

A trust file obtained elsewhere (the registry's publication, a colleague, `trust export` on a genesis
document you trust) is compared, row by row, with what the node serves: the genesis hash (the node's
`/v1/genesis` hashed here, as node/trust.py derives it, never the hash the node states), the origin,
each validator set of the file (the node's `/v1/trust` must have the same set from the same log size,
with the same quorum) and the witness policy. The node may know later validator sets than the file
(governance changes after the file was written): a note row says so. Exit 1 names the first mismatch.
Only `/v1/genesis` and `/v1/trust` are read; nothing is kept.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer

from ledger.checkpoint import Trust, ValidatorSet, parse_trust
from ledger.errors import BadTrust, LedgerError

from .client import NodeClient
from .console import CliError, report
from .verify_files import read_trust

FIX_FILE = "get the trust file again from a source you trust, or export it with `tanledger trust export --genesis`"
FIX_NODE = "this node serves another chain, or lies: use a node of the chain you trust"


@dataclass(frozen=True, slots=True)
class TrustCheck:
    """One row of the table: what was compared, whether it matched, and what each side says (and what to do)."""

    name: str
    ok: bool
    detail: str


def compute_checks(trust: Trust, genesis: dict[str, Any], served: Trust) -> list[TrustCheck]:
    """The rows comparing `trust` (the file) with a node's genesis document and its `/v1/trust` (`served`)."""
    from node.trust import compute_identity

    try:
        identity = compute_identity(genesis)
    except (LedgerError, KeyError, TypeError, ValueError) as exc:
        return [TrustCheck("genesis", False, f"the node's /v1/genesis is not a valid genesis document: "
                                             f"{getattr(exc, 'message', exc)!s}; {FIX_NODE}")]
    return [check_genesis(trust, identity.genesis_hash, served), check_origin(trust, identity.origin, served),
            *check_sets(trust, served), check_witnesses(trust, served)]


def check_genesis(trust: Trust, computed: bytes, served: Trust) -> TrustCheck:
    """The file's genesis hash against the hash of the node's genesis document computed here."""
    # Verify the node's trust root names the genesis it serves
    if served.genesis_hash is not None and served.genesis_hash != computed:
        return TrustCheck("genesis", False, f"the node's /v1/trust names genesis {served.genesis_hash.hex()}, its "
                                            f"/v1/genesis hashes to {computed.hex()}: {FIX_NODE}")
    if trust.genesis_hash is None:
        return TrustCheck("genesis", False, f"the trust file has no genesis_hash (an older version wrote it); the node's "
                                            f"genesis hashes to {computed.hex()}: {FIX_FILE}")
    # Verify the node serves the genesis the file names
    if trust.genesis_hash != computed:
        return TrustCheck("genesis", False, f"the node's genesis hashes to {computed.hex()}, the trust file names "
                                            f"{trust.genesis_hash.hex()}: {FIX_NODE}")
    return TrustCheck("genesis", True, f"{computed.hex()} (the node's /v1/genesis, hashed here)")


def check_origin(trust: Trust, derived: str, served: Trust) -> TrustCheck:
    """The file's origin against the origin derived from the node's genesis and the one its /v1/trust states."""
    for origin, where in ((derived, "its genesis derives"), (served.origin, "its /v1/trust states")):
        if origin != trust.origin:
            return TrustCheck("origin", False, f"the node's checkpoints are of {origin} ({where}), the trust file "
                                               f"names {trust.origin}: {FIX_NODE}")
    return TrustCheck("origin", True, trust.origin)


def check_sets(trust: Trust, served: Trust) -> list[TrustCheck]:
    """One row per validator set of the file (the node's set from the same size must be equal), then a note on
    the node's later sets if it has more."""
    rows = [check_set(mine, served.sets[i] if i < len(served.sets) else None) for i, mine in enumerate(trust.sets)]
    later = served.sets[len(trust.sets):]
    if later and all(row.ok for row in rows):
        sizes = ", ".join(str(s.from_size) for s in later)
        rows.append(TrustCheck("later sets", True, f"note: the node knows {len(later)} later validator set(s), from "
                                                   f"size {sizes}, that the file lacks: checkpoints of those sizes "
                                                   f"fail with it; {FIX_FILE}"))
    return rows


def check_set(mine: ValidatorSet, theirs: ValidatorSet | None) -> TrustCheck:
    """One validator set of the file against the node's set at the same position."""
    name = f"validators from {mine.from_size}"
    if theirs is None:
        return TrustCheck(name, False, f"the node has no validator set from size {mine.from_size}: the trust file "
                                       f"is of another chain or history; {FIX_FILE}")
    # Verify the node's set starts at the same size, with the same keys and quorum
    if theirs.from_size != mine.from_size:
        return TrustCheck(name, False, f"the node's set starts at size {theirs.from_size}, the file's at "
                                       f"{mine.from_size}: {FIX_NODE}")
    if theirs.validators != mine.validators:
        return TrustCheck(name, False, f"the node's validators differ: {describe_keys(theirs)} at the node, "
                                       f"{describe_keys(mine)} in the file; {FIX_NODE}")
    if theirs.quorum != mine.quorum:
        return TrustCheck(name, False, f"the node's quorum is {theirs.quorum}, the file's {mine.quorum}: {FIX_NODE}")
    return TrustCheck(name, True, f"{len(mine.validators)} validators, quorum {mine.quorum}")


def check_witnesses(trust: Trust, served: Trust) -> TrustCheck:
    """The file's witness policy (witnesses in any order, and the quorum) against the node's."""
    mine, theirs = describe_policy(trust), describe_policy(served)
    # Verify the node states the same witness policy
    if (set(trust.witnesses), trust.witness_quorum) != (set(served.witnesses), served.witness_quorum):
        return TrustCheck("witnesses", False, f"the node's witness policy is {theirs}, the trust file's {mine}: the "
                                              f"checkpoints it serves may not meet yours; {FIX_FILE}")
    return TrustCheck("witnesses", True, mine)


def describe_policy(trust: Trust) -> str:
    """The witness policy in words: `2 of w1, w2, w3`, or `none`."""
    if not trust.witnesses:
        return "none"
    return f"{trust.witness_quorum} of {', '.join(w.name for w in trust.witnesses)}"


def describe_keys(validators: ValidatorSet) -> str:
    """The set's members as `name (key prefix)`, for a message."""
    return ", ".join(f"{v.name.rsplit('/', 1)[-1]} ({v.pubkey.hex()[:12]}…)" for v in validators.validators)


def fetch_served(node: str) -> tuple[dict[str, Any], Trust]:
    """The node's genesis document and its trust root (`/v1/trust`); raise BadTrust if the latter is malformed."""
    with NodeClient(node) as client:
        genesis, served = client.genesis(), client.get("/v1/trust")
    try:
        return genesis, parse_trust(served)
    except BadTrust as exc:
        raise BadTrust(f"the node's /v1/trust is malformed: {exc.message}") from None


def format_table(rows: list[TrustCheck]) -> str:
    """The rows as an aligned table: check, ok or MISMATCH, detail."""
    width = max(len(r.name) for r in rows)
    return "\n".join(f"{r.name:<{width}}  {'ok' if r.ok else 'MISMATCH':<8}  {r.detail}" for r in rows)


def check(trust: Annotated[Path, typer.Option("--trust", exists=True, dir_okay=False, help="the trust file to check")],
          node: Annotated[str, typer.Option("--node", "-n", help="the node's URL, like http://127.0.0.1:1317")]) -> None:
    """Check that the node at --node serves the chain of a trust file: genesis hash, origin, validators, witnesses."""
    try:
        rows = compute_checks(read_trust(trust), *fetch_served(node))
    except (CliError, LedgerError, httpx.HTTPError, OSError) as exc:
        report(exc)
    typer.echo(format_table(rows))
    failed = next((r for r in rows if not r.ok), None)
    if failed is not None:
        typer.echo(f"mismatch[{failed.name.split()[0]}]: {failed.name}: {failed.detail}", err=True)
        raise typer.Exit(1)
    typer.echo(f"valid: the node at {node} serves the chain of {trust}")
