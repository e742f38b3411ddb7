"""Sign a transaction with key files, take its nonce, send it to the node and (optionally) wait for it."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ledger.errors import InvalidField
from ledger.serials import normalize
from ledger.tx import Transaction, sign_transaction

from .client import NodeClient
from .console import CliError, out
from .keyfile import load_key


def sign_with_files(client: NodeClient, type_: str, body: dict[str, Any], key_files: list[Path], nonce: int | None) -> Transaction:
    """Sign `body` with every key file; the nonce is given or the first signer's next one."""
    if not key_files:
        raise CliError("missing_key", "give at least one --key file to sign with")
    found = [load_key(path) for path in key_files]
    if nonce is None:
        nonce = client.next_nonce(found[0].name)
    return sign_transaction(client.chain_id(), type_, body, [k.seed for k in found], nonce)


def send(node: str, type_: str, body: dict[str, Any], key_files: list[Path], nonce: int | None, wait: bool) -> dict[str, Any]:
    """Sign, submit and print; with `wait`, print the receipt and raise CliError if the block refused it."""
    with NodeClient(node) as client:
        tx = sign_with_files(client, type_, body, key_files, nonce)
        client.submit(tx)
        out.print(f"submitted {type_} {tx.id_hex} (nonce {tx.nonce})")
        if not wait:
            return {"id": tx.id_hex, "status": "pending"}
        answer = client.submit_until_committed(tx, sent=True)
    receipt = answer["receipt"]
    if receipt["code"] != "ok":
        raise CliError(receipt["code"], receipt["message"])
    out.print(f"committed at height {answer['height']} ({answer['time']}), {len(receipt['events'])} event(s)")
    for event in receipt["events"]:
        out.print("  " + describe_event(event))
    return answer


def describe_event(event: dict[str, Any]) -> str:
    """One event as a short line."""
    if event.get("op") == "move":
        return f"move {event['amount']:,} t {event['instrument']} {event['from']} → {event['to']} ({event['reason']})"
    if event.get("op") == "issue":
        return f"issue {event['amount']:,} t {event['instrument']} → {event['to']} ({event['reason']})"
    if event.get("op") == "allocate":
        return f"allocation ({event['kind']}) {event['amount']:,} t {event['instrument']} of {event['account']}, held by {event['holder']}"
    if event.get("op") == "shortfall":
        return (f"shortfall {event['shortfall']:,} t, fine {event['fine_fen'] / 100:,.2f} yuan, "
                f"deducted from the {event['deduction_year']} allocation")
    return ", ".join(f"{k}={v}" for k, v in event.items())


def compact(**fields: Any) -> dict[str, Any]:
    """A body from keyword fields, without those left out (None)."""
    return {k: v for k, v in fields.items() if v is not None}


def parse_ranges(text: str | None) -> list[list[int]] | None:
    """Serial ranges written `1-100,250-300` (or a single serial `7`); raise CliError if malformed."""
    if text is None:
        return None
    try:
        pairs = []
        for part in text.split(","):
            first, _, last = part.strip().partition("-")
            pairs.append((int(first), int(last or first)))
        return [list(r) for r in normalize(pairs)]
    except (ValueError, InvalidField) as exc:
        raise CliError("invalid_option", f"--ranges {text!r} is not like 1-100,250-300: {exc}") from None


def amount_or_ranges(amount: int | None, ranges: str | None) -> dict[str, Any]:
    """Exactly one of --amount or --ranges, as body fields."""
    if (amount is None) == (ranges is None):
        raise CliError("invalid_option", "give exactly one of --amount or --ranges")
    return {"amount": amount} if amount is not None else {"ranges": parse_ranges(ranges)}
