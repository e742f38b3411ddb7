"""Key files: an Ed25519 seed with its name and public key, as JSON, readable by its owner only.

A key file reads `{"name": …, "seed": <64 hex>, "pubkey": <64 hex>}`. The seed is drawn from
the operating system (`os.urandom`) here, never in the kernel, which only derives and signs.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable

from ledger.crypto import public_key

from .console import CliError, json_problem

SEED_BYTES = 32
NewSeed = Callable[[], bytes]


@dataclass(frozen=True)
class KeyFile:
    """A participant's signing key: `name` is its account id (MEE, PROV-11, a credit code…)."""

    name: str
    seed: bytes

    @property
    def pubkey(self) -> bytes:
        return public_key(self.seed)

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, "seed": self.seed.hex(), "pubkey": self.pubkey.hex()}


def random_seed() -> bytes:
    """32 bytes from the operating system's random source."""
    return os.urandom(SEED_BYTES)


def write_private(path: Path, text: str) -> None:
    """Write `text` to a new file readable by its owner only (0600). Raise CliError if `path` exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise CliError("file_exists", f"{path} already exists; a key file is never overwritten") from None
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)


def write_key(path: Path, key: KeyFile) -> None:
    """Write `key` as JSON to a new file of mode 0600. Raise CliError if `path` exists."""
    write_private(path, json.dumps(key.to_json(), indent=2) + "\n")


def new_key(path: Path, name: str, new_seed: NewSeed = random_seed) -> KeyFile:
    """Generate a key named `name` and write it to `path` (which must not exist)."""
    key = KeyFile(name, new_seed())
    write_key(path, key)
    return key


def load_key(path: Path) -> KeyFile:
    """Read a key file; raise CliError if it is missing, unreadable, malformed, or its pubkey does not match."""
    value = read_key_json(Path(path))
    try:
        key = KeyFile(str(value["name"]), bytes.fromhex(value["seed"]))
    except KeyError as exc:
        raise CliError("key_file", f"{path} is not a key file: it has no {exc.args[0]!r} field") from None
    except (ValueError, TypeError):
        raise CliError("key_file", f"{path} is not a key file: its seed is not {2 * SEED_BYTES} hex characters") from None
    if len(key.seed) != SEED_BYTES:
        raise CliError("key_file", f"{path}: the seed must be {SEED_BYTES} bytes")
    if "pubkey" in value and value["pubkey"] != key.pubkey.hex():
        raise CliError("key_file", f"{path}: pubkey does not match the seed")
    return key


def read_key_json(path: Path) -> dict:
    """The JSON object of a key file; raise CliError if it is missing, unreadable or not a JSON object."""
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CliError("key_file", f"no key file at {path}") from None
    except OSError as exc:
        raise CliError("key_file", f"cannot read the key file {path}: {exc.strerror}") from None
    except ValueError as exc:  # not UTF-8 or not JSON
        raise CliError("key_file", f"{path} is not a key file: it is not JSON ({json_problem(exc)})") from None
    if not isinstance(value, dict):
        raise CliError("key_file", f"{path} is not a key file: it holds no JSON object")
    return value
