"""Shape checks for transaction bodies: each raises InvalidField naming the field and the value."""
from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, TypeGuard

from ledger import serials
from ledger.constants import CST_OFFSET_MS, MAX_SAFE_INTEGER
from ledger.errors import InvalidField

# Identifiers are matched whole (`fullmatch`): a pattern's `$` would also accept a trailing newline ("CEA-2024\n"),
# and every class is spelled in ASCII ranges: `\d` and str.isdigit() accept other scripts' digits ("٣٧").
ID_PATTERN = re.compile(r"[0-9A-Z][0-9A-Z-]{1,63}")
INSTRUMENT_PATTERN = re.compile(r"[A-Z]{2,8}-[0-9A-Z-]{2,48}")
REF_PATTERN = re.compile(r"[A-Za-z0-9._-]{1,64}")
HEX_KEY_PATTERN = re.compile(r"[0-9a-f]{64}")
PROVINCE_PATTERN = re.compile(r"[0-9]{2}")
# A CCER project id (chosen by its owner, kept short so that CCER-<project>-<year> is an instrument id),
# a methodology code (CCER-14-001-V01: field, number, version), a date, a document's SHA-256.
PROJECT_PATTERN = re.compile(r"[0-9A-Z][0-9A-Z-]{2,23}")
METHODOLOGY_PATTERN = re.compile(r"CCER-([0-9]{2})-[0-9]{3}-V[0-9]{2}")
DATE_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
HASH_PATTERN = re.compile(r"[0-9a-f]{64}")  # a 2-digit administrative division code, e.g. 11 Beijing, 37 Shandong

# GB 32100-2015 unified social credit code (统一社会信用代码): 18 characters, the last a checksum.
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

CST = timezone(timedelta(milliseconds=CST_OFFSET_MS))
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def format_time(time_ms: int) -> str:
    """A block time or deadline as RFC 3339 in China Standard Time (milliseconds only when not zero)."""
    return (EPOCH + timedelta(milliseconds=time_ms)).astimezone(CST).isoformat()


def check_keys(body: dict[str, Any], required: AbstractSet[str], optional: AbstractSet[str] = frozenset()) -> None:
    """Raise InvalidField for a missing required key or an unknown key."""
    missing = required - body.keys()
    if missing:
        raise InvalidField(f"body is missing {', '.join(sorted(missing))}")
    unknown = body.keys() - required - optional
    if unknown:
        raise InvalidField(f"body has unknown field {', '.join(sorted(unknown))}")


def get_str(body: dict[str, Any], name: str, max_len: int = 256) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value.strip() or len(value) > max_len:
        raise InvalidField(f"{name} must be a non-empty text of at most {max_len} characters")
    return value


def get_int(body: dict[str, Any], name: str, low: int = 0, high: int = MAX_SAFE_INTEGER) -> int:
    value = body.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidField(f"{name} must be an integer from {low} to {high}, got {value!r}")
    return value


def get_id(body: dict[str, Any], name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
        raise InvalidField(f"{name} must be an account id (A-Z, 0-9, '-'), got {value!r}")
    return value


def get_ref(body: dict[str, Any], name: str) -> str:
    """A short reference chosen by its author (a proposal id): 1 to 64 of A-Z, a-z, 0-9, '.', '_', '-'."""
    value = body.get(name)
    if not isinstance(value, str) or not REF_PATTERN.fullmatch(value):
        raise InvalidField(f"{name} must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_', '-', got {value!r}")
    return value


def get_hex_key(body: dict[str, Any], name: str) -> str:
    """An Ed25519 public key as 64 lowercase hex characters."""
    value = body.get(name)
    if not isinstance(value, str) or not HEX_KEY_PATTERN.fullmatch(value):
        raise InvalidField(f"{name} must be an Ed25519 public key of 64 lowercase hex characters, got {value!r}")
    return value


def get_instrument_id(body: dict[str, Any], name: str = "instrument") -> str:
    value = body.get(name)
    if not isinstance(value, str) or not INSTRUMENT_PATTERN.fullmatch(value):
        raise InvalidField(f"{name} must be an instrument id such as CEA-2024, got {value!r}")
    return value


def get_year(body: dict[str, Any], name: str = "year") -> int:
    return get_int(body, name, 2013, 2100)


def get_time(body: dict[str, Any], name: str) -> int:
    """An RFC 3339 date-time with its offset, as milliseconds since the epoch."""
    value = body.get(name)
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise InvalidField(f"{name} must be an RFC 3339 date-time with offset, like 2025-12-31T23:59:59+08:00, got {value!r}")
    return (moment - EPOCH) // timedelta(milliseconds=1)  # exact: float timestamp() * 1000 can lose the last ms


def get_ranges(body: dict[str, Any], name: str = "ranges") -> serials.Ranges | None:
    """Optional serial ranges `[[first, last], …]`, normalized; None when absent."""
    if name not in body:
        return None
    value = body[name]
    if not isinstance(value, list) or not value or not all(
        isinstance(r, list) and len(r) == 2 and all(isinstance(x, int) and not isinstance(x, bool) for x in r) for r in value
    ):
        raise InvalidField(f"{name} must be a non-empty list of [first, last] serial pairs")
    return serials.normalize(value)


def get_amount_or_ranges(body: dict[str, Any]) -> tuple[int | None, serials.Ranges | None]:
    """Exactly one of `amount` (tonnes, > 0) or `ranges`."""
    if ("amount" in body) == ("ranges" in body):
        raise InvalidField("give exactly one of amount (tonnes) or ranges (serials)")
    if "amount" in body:
        return get_int(body, "amount", 1), None
    return None, get_ranges(body)


def compute_tonnes(amount: int | None, ranges: serials.Ranges | None) -> int:
    """The tonnes of an amount-or-ranges pair: the ranges' count, else the amount. Requires one of them given."""
    if ranges is not None:
        return serials.count(ranges)
    if amount is None:
        raise InvalidField("give exactly one of amount (tonnes) or ranges (serials)")
    return amount


def is_instrument_id(value: Any) -> bool:
    """True for a text that is an instrument id as a whole (CEA-2024, not "CEA-2024\\n")."""
    return isinstance(value, str) and INSTRUMENT_PATTERN.fullmatch(value) is not None


def is_province_code(value: Any) -> bool:
    """True for a 2-digit administrative division code in ASCII digits."""
    return isinstance(value, str) and PROVINCE_PATTERN.fullmatch(value) is not None


def is_uscc(code: str) -> bool:
    """True for a well-formed unified social credit code with a correct check character."""
    if len(code) != 18 or any(c not in USCC_CHARS for c in code):
        return False
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(code[:17], USCC_WEIGHTS, strict=True))
    return USCC_CHARS[(31 - total % 31) % 31] == code[17]


def uscc_with_check(first17: str) -> str:
    """Complete 17 characters into a valid unified social credit code."""
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return first17 + USCC_CHARS[(31 - total % 31) % 31]


def get_project_id(body: dict[str, Any], name: str = "project") -> str:
    """A CCER project id: 3 to 24 of A-Z, 0-9, '-', starting with a letter or digit."""
    value = body.get(name)
    if not isinstance(value, str) or not PROJECT_PATTERN.fullmatch(value):
        raise InvalidField(f"{name} must be a project id of 3 to 24 characters A-Z, 0-9, '-', got {value!r}")
    return value


def get_methodology_code(body: dict[str, Any], name: str = "methodology") -> str:
    """A methodology code such as CCER-14-001-V01."""
    value = body.get(name)
    if not isinstance(value, str) or not METHODOLOGY_PATTERN.fullmatch(value):
        raise InvalidField(f"{name} must be a methodology code such as CCER-14-001-V01, got {value!r}")
    return value


def get_date(body: dict[str, Any], name: str) -> str:
    """A calendar date as YYYY-MM-DD (a real date); compared as text, which orders dates."""
    value = body.get(name)
    if not is_date(value):
        raise InvalidField(f"{name} must be a date as YYYY-MM-DD, got {value!r}")
    return value


def is_date(value: Any) -> TypeGuard[str]:
    """True for a real calendar date written YYYY-MM-DD in ASCII digits."""
    if not isinstance(value, str) or not DATE_PATTERN.fullmatch(value):
        return False
    try:
        datetime.strptime(value, "%Y-%m-%d")
    except ValueError:
        return False
    return True


def get_hash(body: dict[str, Any], name: str) -> str:
    """A document's SHA-256 as 64 lowercase hex characters (the document itself stays off the ledger)."""
    value = body.get(name)
    if not isinstance(value, str) or not HASH_PATTERN.fullmatch(value):
        raise InvalidField(f"{name} must be a SHA-256 of 64 lowercase hex characters, got {value!r}")
    return value


def format_date(time_ms: int) -> str:
    """The date (YYYY-MM-DD) in China Standard Time of a block time."""
    return format_time(time_ms)[:10]
