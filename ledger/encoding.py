"""Canonical JSON (RFC 8785, JCS) and strict admission of JSON bytes.

Admission parses with duplicate keys refused, checks the value domain (integers only and
at most 2^53-1, no floats, ASCII keys, NFC text), re-encodes, and refuses unless the bytes
are identical: one value, one byte string, one id.
"""
from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

from .constants import MAX_JSON_DEPTH, MAX_SAFE_INTEGER
from .errors import Malformed, NonCanonical


# Within the admitted domain (ASCII keys, integers of at most 2^53-1, no floats) the RFC 8785
# form is exactly what the standard library's C encoder writes with sorted keys, no spaces
# and UTF-8 text: ASCII keys sort the same by code point as by UTF-16 unit, and both escape
# only '"', '\\' and the control characters, in the same way. tests/ledger/test_encoding.py
# checks the two against the `rfc8785` package (a test dependency only) on random values.
_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False,
                            check_circular=False)


def canonical(value: Any) -> bytes:
    """The RFC 8785 bytes of a JSON value. Requires a value of the admitted domain (see check_domain)."""
    return _ENCODER.encode(value).encode("utf-8")


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


def _parse_int(text: str) -> int:
    # Verify the integer is short enough to be safe before Python converts it
    if len(text.lstrip("-")) > 16:
        raise Malformed(f"integer of {len(text)} digits exceeds 2^53-1")
    return int(text)


_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.S)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


def check_depth(raw: bytes) -> None:
    """Raise Malformed if arrays and objects nest deeper than MAX_JSON_DEPTH (whatever the call stack)."""
    depth = deepest = 0
    for byte in _STRING.sub(b"", raw).translate(None, _NOT_BRACKETS):
        depth += 1 if byte in b"[{" else -1
        deepest = max(deepest, depth)
    if deepest > MAX_JSON_DEPTH:
        raise Malformed(f"JSON nests {deepest} levels deep, more than the {MAX_JSON_DEPTH} allowed")


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
    check_depth(raw)
    try:
        value = json.loads(
            text,
            object_pairs_hook=_refuse_duplicates,
            parse_float=_refuse_float,
            parse_int=_parse_int,
            parse_constant=_refuse_constant,
        )
    except json.JSONDecodeError as exc:
        raise Malformed(f"not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    check_domain(value)
    try:
        reencoded = canonical(value)
    except UnicodeEncodeError:
        raise Malformed("text holds a lone UTF-16 surrogate, which UTF-8 cannot encode") from None
    if reencoded != raw:
        raise NonCanonical("bytes are not the RFC 8785 canonical form of their value; send the value's RFC 8785 form")
    return value


def freeze(value: Any) -> Any:
    """A JSON value with every list turned into a tuple (state values are never mutated)."""
    if isinstance(value, list):
        return tuple(freeze(v) for v in value)
    if isinstance(value, dict):
        return {k: freeze(v) for k, v in value.items()}
    return value
