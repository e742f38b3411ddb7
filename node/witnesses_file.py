"""The witnesses file: which witnesses a validator asks for cosignatures, where they listen, how many must sign.

    {"quorum": 2, "witnesses": [{"name": "witness-1", "pubkey": "<64 hex>", "url": "http://127.0.0.1:2024"}, …]}

One format everywhere: the node reads `<home>/witnesses.json` (TANLEDGER_WITNESSES moves it),
`tanledger network up --witnesses N` writes it, `tanledger trust export --witnesses` turns it
into the trust file's witness policy (urls dropped). The quorum is the number of witness
cosignatures a served checkpoint carries: 0 ≤ quorum ≤ the number of witnesses.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ledger.checkpoint import Trust
from ledger.cosignature import Witness
from ledger.errors import BadTrust


@dataclass(frozen=True, slots=True)
class WitnessEndpoint:
    """One witness: its cosigning key and the base URL of its C2SP tlog-witness API."""

    witness: Witness
    url: str


@dataclass(frozen=True, slots=True)
class WitnessPolicy:
    """The witnesses a validator collects cosignatures from, and how many a served checkpoint needs."""

    quorum: int
    endpoints: tuple[WitnessEndpoint, ...]

    def __post_init__(self) -> None:
        names = [e.witness.name for e in self.endpoints]
        # Verify names are distinct and the quorum reachable
        if len(set(names)) != len(names):
            raise BadTrust(f"a witness name appears twice in the witnesses file: {names}")
        if type(self.quorum) is not int or not 0 <= self.quorum <= len(names):
            raise BadTrust(f"witness quorum {self.quorum!r} is not between 0 and the {len(names)} witnesses")

    @property
    def witnesses(self) -> tuple[Witness, ...]:
        return tuple(e.witness for e in self.endpoints)

    def apply_to(self, trust: Trust) -> Trust:
        """`trust` with this witness policy (its validator sets unchanged)."""
        return replace(trust, witnesses=self.witnesses, witness_quorum=self.quorum)

    def to_json(self) -> dict[str, Any]:
        """The witnesses file's JSON value."""
        return {"quorum": self.quorum, "witnesses": [
            {"name": e.witness.name, "pubkey": e.witness.pubkey.hex(), "url": e.url} for e in self.endpoints]}


def parse_witnesses(value: Any) -> WitnessPolicy:
    """Parse a witnesses file's JSON value; raise BadTrust naming what is wrong."""
    try:
        endpoints = tuple(WitnessEndpoint(Witness(w["name"], bytes.fromhex(w["pubkey"])), w["url"].rstrip("/"))
                          for w in value["witnesses"])
        return WitnessPolicy(value["quorum"], endpoints)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise BadTrust(f"malformed witnesses file: {exc!r}; expected "
                       '{"quorum": k, "witnesses": [{"name", "pubkey" (hex), "url"}]}') from None


def load_witnesses(path: Path | None) -> WitnessPolicy | None:
    """The witnesses file at `path`, or None if there is none; raise BadTrust if it is unreadable or malformed."""
    if path is None or not path.exists():
        return None
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BadTrust(f"cannot read the witnesses file {path}: {exc}") from None
    return parse_witnesses(value)


def write_witnesses(path: Path, policy: WitnessPolicy) -> None:
    """Write the witnesses file of `policy` at `path`."""
    path.write_text(json.dumps(policy.to_json(), indent=2) + "\n", encoding="utf-8")
