"""Canonical JSON (RFC 8785, JCS) and strict admission of JSON bytes.

Admission parses with duplicate keys refused, checks the value domain (integers only and
at most 2^53-1, no floats, ASCII keys, NFC text), re-encodes, and refuses unless the bytes
are identical: one value, one byte string, one id.
"""
from __future__ import annotations

import json
import unicodedata
from typing import Any

import rfc8785

from .constants import MAX_SAFE_INTEGER
from .errors import Malformed, NonCanonical


def canonical(value: Any) -> bytes:
    """The RFC 8785 bytes of a JSON value. Requires a value of the admitted domain."""
    return rfc8785.dumps(value)


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj: dict[str, Any] = {}
    for key, value in pairs:
        if key in obj:
            raise Malformed(f"duplicate key {key!r}")
        obj[key] = value
    return obj


def _refuse_float(text: str) -> Any:
    raise Malformed(f"number {text} is not an integer: amounts are whole tonnes")


def _refuse_constant(text: str) -> Any:
    raise Malformed(f"{text} is not JSON")


def check_domain(value: Any, path: str = "$") -> None:
    """Raise Malformed unless every integer is safe, every key ASCII and every text NFC."""
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, int):
        if abs(value) > MAX_SAFE_INTEGER:
            raise Malformed(f"{path}: integer {value} exceeds 2^53-1")
    elif isinstance(value, str):
        if unicodedata.normalize("NFC", value) != value:
            raise Malformed(f"{path}: text is not in Unicode NFC form")
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            check_domain(item, f"{path}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            if not key.isascii():
                raise Malformed(f"{path}: key {key!r} is not ASCII")
            check_domain(item, f"{path}.{key}")
    else:
        raise Malformed(f"{path}: {type(value).__name__} is not a JSON value")


def parse_strict(raw: bytes) -> Any:
    """Parse canonical JSON bytes; raise Malformed or NonCanonical on anything else."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Malformed(f"not UTF-8: {exc.reason} at byte {exc.start}") from None
    try:
        value = json.loads(
            text,
            object_pairs_hook=_refuse_duplicates,
            parse_float=_refuse_float,
            parse_constant=_refuse_constant,
        )
    except json.JSONDecodeError as exc:
        raise Malformed(f"not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise Malformed("JSON nests too deeply") from None
    try:
        check_domain(value)
    except RecursionError:
        raise Malformed("JSON nests too deeply") from None
    if canonical(value) != raw:
        raise NonCanonical("bytes are not the RFC 8785 canonical form of their value; send rfc8785.dumps(value)")
    return value


def freeze(value: Any) -> Any:
    """A JSON value with every list turned into a tuple (state values are never mutated)."""
    if isinstance(value, list):
        return tuple(freeze(v) for v in value)
    if isinstance(value, dict):
        return {k: freeze(v) for k, v in value.items()}
    return value
