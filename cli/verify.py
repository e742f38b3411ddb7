"""`tanledger verify …` and `tanledger trust export`: check proofs offline, trusting only the validators' keys.

    tanledger trust export --genesis genesis.json [--witnesses witnesses.json] > trust.json
    tanledger verify tx-<id>.tlog-proof --trust trust.json [--leaf FILE] [--consistency proof.json] [--max-age S]
    tanledger verify consistency proof.json --trust trust.json [--max-age SECONDS]
    tanledger verify state state-proof.json --trust trust.json
    tanledger trust check --trust trust.json --node URL   (cli/trust_check.py: the one command here that asks a node)

No node is contacted. The last verified checkpoint is kept in a state file (default
~/.tanledger/last-checkpoint.json, `--state` or TANLEDGER_VERIFY_STATE to move it), per log origin
and genesis hash (cli/verify_files.py); a checkpoint
of another size is accepted only with a consistency proof to it (`--consistency`, the JSON of
`GET /v1/proof/consistency`), and one of the same size with another root is a split view.
With a witness policy in the trust file, a checkpoint also needs cosignatures of that many witnesses
(no_witness_quorum otherwise); `--max-age` refuses one they last vouched for longer ago by this
machine's clock (stale_checkpoint), which a node serving an old view of the log cannot meet.
A verdict is one line: `valid: …` (exit 0) or `invalid[<reason code>]: …` (exit 1).
"""
from __future__ import annotations

import base64
import dataclasses
import functools
import json
import time
from pathlib import Path
from typing import Annotated, Any
from collections.abc import Callable

import typer
from typer.core import TyperGroup

from ledger.bundle import parse_bundle, verify_bundle
from ledger.checkpoint import Trust, VerifiedCheckpoint, parse_checkpoint, verify_checkpoint
from ledger.errors import ConsistencyProofMissing, LedgerError, ProofError, StaleCheckpoint
from ledger.merkle import leaf_hash
from ledger.note import parse_note
from ledger.tx import decode_transaction
from ledger.verify import verify_consistency

from ledger.state_proof import verify_state_proof
from .trust_check import check as check_trust
from .verify_files import (DEFAULT_STATE, chain_key, check_claims, last_head, older_head, proof_between,
                           read_consistency, read_json, read_state, read_trust, read_witnesses, record, state_notices)

COMMANDS = ("bundle", "consistency", "state")
CONSISTENCY_HINT = ("hint: save GET /v1/proof/consistency?from=<smaller size>&to=<larger size> from any node "
                    "and pass it with --consistency FILE")


class BundleByDefault(TyperGroup):
    """`verify FILE` means `verify bundle FILE`: the group's first word, if no command, names a bundle."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in COMMANDS and args[0] not in ("--help", "-h"):
            args = ["bundle", *args]
        return super().parse_args(ctx, args)


verify_app = typer.Typer(cls=BundleByDefault, no_args_is_help=True, add_completion=False,
                         help="Check a proof offline against the validators' keys in a trust file.")
trust_app = typer.Typer(no_args_is_help=True, add_completion=False, help="The trust file of offline verifiers.")

TrustFile = Annotated[Path, typer.Option("--trust", exists=True, dir_okay=False, help="trust file (trust export)")]
StateFile = Annotated[Path, typer.Option("--state", envvar="TANLEDGER_VERIFY_STATE",
                                         help="where the last verified checkpoint is kept")]
InFile = Annotated[Path, typer.Argument(exists=True, dir_okay=False)]
LeafFile = Annotated[Path | None, typer.Option(exists=True, dir_okay=False,
                                               help="the entry's bytes (default: the bundle's extra line)")]
ConsistencyFile = Annotated[Path | None, typer.Option(exists=True, dir_okay=False,
                                                      help="consistency proof (JSON) from the last verified size")]
MaxAge = Annotated[int | None, typer.Option("--max-age", min=0, metavar="SECONDS",
                                            help="refuse a checkpoint its witnesses last vouched for more than SECONDS "
                                                 "ago (by this machine's clock)")]


def verdict(command: Callable[..., str]) -> Callable[..., None]:
    """Run a check: print `valid: …` and exit 0, or one `invalid[code]: …` / `error[code]: …` line and exit 1."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        try:
            typer.echo(command(*args, **kwargs))
        except ProofError as exc:
            typer.echo(f"invalid[{exc.code}]: {exc.message}", err=True)
            if isinstance(exc, ConsistencyProofMissing):
                typer.echo(f"  {CONSISTENCY_HINT}", err=True)
            raise typer.Exit(1) from None
        except (LedgerError, OSError) as exc:
            code, message = (exc.code, exc.message) if isinstance(exc, LedgerError) else ("io", str(exc))
            typer.echo(f"error[{code}]: {message}", err=True)
            raise typer.Exit(1) from None
    return run


@verify_app.command("bundle")
@verdict
def verify_bundle_file(bundle: InFile, trust: TrustFile, state: StateFile = DEFAULT_STATE, leaf: LeafFile = None,
                       consistency: ConsistencyFile = None, max_age: MaxAge = None) -> str:
    """Check a .tlog-proof bundle: quorum of the checkpoint, inclusion of the entry, consistency with the last one."""
    trusted = read_trust(trust)
    raw = bundle.read_bytes()
    parsed = parse_bundle(raw)
    size = parse_checkpoint(parse_note(parsed.checkpoint).text).size
    kept = open_state(state, trusted)
    last = last_head(kept, chain_key(trusted))
    linking = last is not None and last[0] != size and consistency is not None
    proof = proof_between(read_consistency(consistency), last[0], size) if linking else None
    entry = leaf.read_bytes() if leaf else None
    verified = verify_bundle(raw, entry, trusted, last, proof)
    check_fresh(parsed.checkpoint, trusted, max_age)
    moved = record(state, kept, trusted, verified.checkpoint, parsed.checkpoint)
    return "\n".join([
        f"valid: log entry {verified.index} is in {trusted.origin} at size {size}",
        describe_signers(verified.checkpoint, trusted),
        *describe_entry(entry if entry is not None else parsed.extra),
        describe_kept(size, last, moved),
    ])


@verify_app.command("consistency")
@verdict
def verify_consistency_file(proof: InFile, trust: TrustFile, state: StateFile = DEFAULT_STATE,
                            max_age: MaxAge = None) -> str:
    """Check that a newer checkpoint extends the last verified one (or the proof's own older checkpoint)."""
    trusted = read_trust(trust)
    doc = read_consistency(proof)
    if not doc["to_checkpoint"]:
        raise ProofError("the consistency proof carries no checkpoint of its newer size: nothing to trust")
    newer = verify_checkpoint(doc["to_checkpoint"], trusted, now=int(time.time()), max_age=max_age)
    # the older checkpoint needs only its validators: the witnesses vouch for the newer one, proven to extend it
    older = verify_checkpoint(doc["from_checkpoint"], trusted.without_witnesses()) if doc["from_checkpoint"] else None
    kept = open_state(state, trusted)
    last = last_head(kept, chain_key(trusted))
    from_head = older_head(doc, older, last)
    to_head = newer.checkpoint.head
    check_claims(doc, from_head, to_head)
    verify_consistency(from_head[0], to_head[0], doc["proof"], from_head[1], to_head[1])
    moved = record(state, kept, trusted, newer, doc["to_checkpoint"])
    return "\n".join([f"valid: the log of size {to_head[0]} extends the log of size {from_head[0]} ({trusted.origin})",
                      describe_signers(newer, trusted), describe_kept(to_head[0], last, moved)])


@verify_app.command("state")
@verdict
def verify_state_file(proof: InFile, trust: TrustFile) -> str:
    """Check a state proof: the block's commit by a quorum, the entry in its state root, its checkpoint."""
    trusted = read_trust(trust)
    verified = verify_state_proof(read_json(proof, "state proof"), trusted)
    header = verified.header
    lines = [f"valid: {verified.key} = {json.dumps(verified.value, ensure_ascii=False, sort_keys=True)}",
             f"  after block {header.height} (hash {header.hash().hex()}), committed by "
             f"{', '.join(verified.signers)}"]
    if verified.checkpoint is not None:
        lines.append(describe_signers(verified.checkpoint, trusted))
    return "\n".join(lines)


def open_state(path: Path, trust: Trust) -> dict[str, Any]:
    """The state file's content, after printing (to stderr) what its user should know of it and of `trust`."""
    kept = read_state(path)
    for line in state_notices(trust, kept):
        typer.echo(line, err=True)
    return kept


def check_fresh(note: str | None, trust: Trust, max_age: int | None) -> None:
    """Raise StaleCheckpoint if `max_age` is given and the witnesses of the (verified) `note` last vouched for it
    more than `max_age` seconds ago by this machine's clock, or not at all (None: the proof carries no note)."""
    if max_age is None:
        return
    if note is None:
        raise StaleCheckpoint("the proof carries no checkpoint, so nothing tells its age; ask the node for a proof "
                              "with its checkpoint, or drop --max-age")
    verify_checkpoint(note, trust, now=int(time.time()), max_age=max_age)


def describe_signers(verified: VerifiedCheckpoint, trust: Trust) -> str:
    """The checkpoint's root and the validators who signed it, of how many, against what quorum; then a line on its
    witnesses if the trust has a witness policy or the note carries cosignatures."""
    checkpoint = verified.checkpoint
    validators = trust.set_for(checkpoint.size)
    total = len(validators.validators) if validators else 0
    quorum = validators.quorum if validators else 0
    root = base64.b64encode(checkpoint.root).decode("ascii")
    return "\n".join([f"  checkpoint size {checkpoint.size}, root {root}, signed by {', '.join(verified.signers)} "
                      f"({len(verified.signers)} of {total}, quorum {quorum})",
                      *describe_witnesses(verified, trust, int(time.time()))])


def describe_witnesses(verified: VerifiedCheckpoint, trust: Trust, now: int) -> list[str]:
    """`  witnessed by w1 (3 s ago), w2 (4 s ago): 2 of 3, policy 2`; nothing without witness policy or cosignature."""
    if not trust.witnesses and not verified.witnesses:
        return []
    named = ", ".join(f"{name} ({age_text(now - at)})" for name, at in verified.witnesses)
    return [f"  {f'witnessed by {named}' if named else 'no witness cosignature'}: {len(verified.witnesses)} of "
            f"{len(trust.witnesses)}, policy {trust.witness_quorum}"]


def age_text(seconds: int) -> str:
    """How long ago, as people say it: `3 s ago`, `5 min ago`, `2 h ago`, `3 d ago`; a time ahead says so."""
    n = abs(seconds)
    text = (f"{n} s" if n < 120 else f"{n // 60} min" if n < 7200 else f"{n // 3600} h" if n < 172800
            else f"{n // 86400} d")
    return f"{text} ahead of this clock" if seconds < 0 else f"{text} ago"


def describe_kept(size: int, last: tuple[int, bytes] | None, moved: bool) -> str:
    """One line: the size of the last verified checkpoint now kept, and whether this check moved it."""
    kept = max(size, last[0]) if last else size
    return f"  last verified checkpoint: size {kept} ({'updated' if moved else 'kept'})"


def describe_entry(leaf: bytes | None) -> list[str]:
    """Lines on a TanLedger log entry (block, index, transaction id and type, receipt code); its hash otherwise."""
    if leaf is None:
        return []
    try:
        entry = json.loads(leaf)
        tx = decode_transaction(base64.b64decode(entry["tx"], validate=True))
        return [f"  entry: block {entry['height']}, index {entry['index']}, tx {tx.id_hex} ({tx.type}), "
                f"receipt {entry['receipt']['code']}"]
    except (ValueError, KeyError, TypeError, LedgerError):
        return [f"  entry: leaf hash {leaf_hash(leaf).hex()} (not a TanLedger entry)"]


@trust_app.callback()
def _trust() -> None:
    """The trust file: the log's origin, the validators' keys from a log size on, and the quorum."""


@trust_app.command("export")
def export(genesis: Annotated[Path, typer.Option("--genesis", exists=True, dir_okay=False,
                                                help="the chain's genesis document")],
           witnesses: Annotated[Path | None, typer.Option(
               "--witnesses", exists=True, dir_okay=False,
               help="witnesses file {quorum, witnesses: [{name, pubkey, url}]}: its witness policy (urls dropped)")] = None
           ) -> None:
    """Print the trust file of the chain `genesis` starts (origin, genesis hash, validator keys from size 0, quorum),
    with the witness policy of a witnesses file if given."""
    from node.trust import trust_from_genesis

    try:
        trust = trust_from_genesis(read_json(genesis, "genesis document"))
    except (LedgerError, KeyError, TypeError, ValueError) as exc:
        typer.echo(f"error[bad_genesis]: {getattr(exc, 'message', exc)!s}", err=True)
        raise typer.Exit(1) from None
    if witnesses is not None:
        try:
            listed, quorum = read_witnesses(witnesses)
            trust = dataclasses.replace(trust, witnesses=listed, witness_quorum=quorum)
        except LedgerError as exc:
            typer.echo(f"error[{exc.code}]: {exc.message}", err=True)
            raise typer.Exit(1) from None
    typer.echo(json.dumps(trust.to_json(), indent=2))


trust_app.command("check")(check_trust)
