"""A witness's home folder: witness.key (its 32-byte seed in hex, mode 0600), witness.json (its name and public
key), witness.db (its state). Reading them here; `tanledger witness init` writes them."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ledger.checkpoint import Trust, check_key_name, parse_trust
from ledger.crypto import public_key
from ledger.errors import LedgerError

KEY_FILE = "witness.key"
IDENTITY_FILE = "witness.json"
DB_FILE = "witness.db"
SEED_BYTES = 32


class WitnessHomeError(Exception):
    """A home folder or trust file the witness cannot use; `code` and `message` name what to fix."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class Identity:
    """The witness's note key name and Ed25519 seed."""

    name: str
    seed: bytes

    @property
    def pubkey(self) -> bytes:
        """The Ed25519 public key of the seed."""
        return public_key(self.seed)


def identity_json(identity: Identity) -> str:
    """The text of witness.json: `{"name", "pubkey" (hex)}`."""
    return json.dumps({"name": identity.name, "pubkey": identity.pubkey.hex()}, indent=2) + "\n"


def load_identity(home: Path) -> Identity:
    """The witness's name and seed from `home`; raise WitnessHomeError if missing or malformed."""
    try:
        seed = bytes.fromhex((home / KEY_FILE).read_text(encoding="ascii").strip())
        name = json.loads((home / IDENTITY_FILE).read_text(encoding="utf-8"))["name"]
        check_key_name(name)
    except FileNotFoundError as exc:
        raise WitnessHomeError("witness_home", f"no {exc.filename}: run `tanledger witness init --home {home} "
                                               f"--name NAME` first") from None
    except (OSError, ValueError, KeyError, TypeError, LedgerError) as exc:
        raise WitnessHomeError("witness_home", f"{home} holds no usable witness key and name: {exc}") from None
    if len(seed) != SEED_BYTES:
        raise WitnessHomeError("witness_home", f"{home / KEY_FILE} must hold {SEED_BYTES} bytes in hex, got {len(seed)}")
    return Identity(name, seed)


def load_trust(path: Path) -> Trust:
    """A trust file (ledger.checkpoint.parse_trust); raise WitnessHomeError if unreadable or malformed."""
    try:
        return parse_trust(json.loads(Path(path).read_text(encoding="utf-8")))
    except OSError as exc:
        raise WitnessHomeError("trust_file", f"cannot read the trust file {path}: {exc.strerror}") from None
    except ValueError as exc:
        raise WitnessHomeError("trust_file", f"{path} is not JSON: {exc}") from None
    except LedgerError as exc:
        raise WitnessHomeError("trust_file", f"{path}: {exc.message}") from None
