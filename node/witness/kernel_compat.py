"""The cosignature kernel (spec10 §1) until ledger/cosignature.py lands: same names, same bytes.

Removed once the lead's kernel is merged; every other witness module imports from here.
"""
from __future__ import annotations

import base64
import struct
from dataclasses import dataclass

from ledger.checkpoint import EM_DASH, Trust, check_key_name
from ledger.crypto import sha256, sign

try:
    from ledger.cosignature import Witness, cosign, cosigner_key_id, witness_vkey
except ImportError:  # pragma: no cover - before the kernel lands
    COSIGNATURE_TYPE = b"\x04"

    @dataclass(frozen=True, slots=True)
    class Witness:  # type: ignore[no-redef]
        """A witness's note key name and Ed25519 public key."""

        name: str
        pubkey: bytes

    def cosigner_key_id(name: str, pubkey: bytes) -> bytes:  # type: ignore[misc]
        """SHA-256(name ‖ "\\n" ‖ 0x04 ‖ pubkey)[:4]."""
        return sha256(name.encode() + b"\n" + COSIGNATURE_TYPE + pubkey)[:4]

    def cosign(body: str, name: str, seed: bytes, timestamp: int) -> str:  # type: ignore[misc]
        """The cosignature/v1 note line of `name` over checkpoint `body` at `timestamp`."""
        from ledger.crypto import public_key

        check_key_name(name)
        message = f"cosignature/v1\ntime {timestamp}\n{body}".encode()
        raw = cosigner_key_id(name, public_key(seed)) + struct.pack(">Q", timestamp) + sign(seed, message)
        return f"{EM_DASH} {name} {base64.b64encode(raw).decode('ascii')}"

    def witness_vkey(w: Witness) -> str:  # type: ignore[misc]
        """The C2SP vkey `<name>+<key ID hex>+<base64(0x04 ‖ pubkey)>`."""
        encoded = base64.b64encode(COSIGNATURE_TYPE + w.pubkey).decode("ascii")
        return f"{w.name}+{cosigner_key_id(w.name, w.pubkey).hex()}+{encoded}"


def validators_only(trust: Trust) -> Trust:
    """The trust a witness verifies with: the same validator sets, no witness policy."""
    without = getattr(trust, "without_witnesses", None)
    return without() if without is not None else trust


__all__ = ["Witness", "cosign", "cosigner_key_id", "validators_only", "witness_vkey"]
