"""The validator's key: a file holding its 32-byte Ed25519 seed in hex, and the commit it signs.

The solo engine's node signs its block header itself; on CometBFT the header signatures of a
quorum arrive in the validators' vote extensions (`ledger.cosign`).
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from ledger.block import BlockHeader
from ledger.cosign import HEADER_SIGN_PREFIX
from ledger.crypto import public_key, sign

from .errors import NodeStartError


def load_seed(path: Path) -> bytes:
    """The seed stored in `path`; raise NodeStartError if missing or not 64 hex characters."""
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise NodeStartError(f"cannot read the validator key {path}: {exc}") from None
    if len(text) != 64:
        raise NodeStartError(f"validator key {path} must hold a 32-byte seed as 64 hex characters")
    try:
        return bytes.fromhex(text)
    except ValueError:
        raise NodeStartError(f"validator key {path} is not hex") from None


def create_seed_file(path: Path) -> bytes:
    """Draw a new seed and write it to `path` (mode 0600). Requires `path` not to exist."""
    seed = secrets.token_bytes(32)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(seed.hex() + "\n")
    return seed


def make_commit(seed: bytes, header: BlockHeader) -> dict[str, Any]:
    """The solo engine's commit of `header`: its own header signature (the one a validator on CometBFT
    gives in its vote extension), over `"tanledger/header/v1\n" ‖ block hash`."""
    block_hash = header.hash()
    return {"height": header.height, "block_hash": block_hash.hex(),
            "signatures": [{"validator": public_key(seed).hex(),
                            "signature": sign(seed, HEADER_SIGN_PREFIX + block_hash).hex()}]}
