"""Shape helpers (contracts/fields.py): times parse to the exact millisecond."""
from __future__ import annotations

from hypothesis import given, strategies as st

from contracts.fields import format_time, get_time


@given(st.integers(0, 4_102_444_800_000))  # 1970 to 2100
def test_get_time_reads_back_format_time_exactly(time_ms: int) -> None:
    assert get_time({"t": format_time(time_ms)}, "t") == time_ms


def test_get_time_keeps_the_last_millisecond() -> None:
    # float timestamp() * 1000 gives ...441 for this one; the exact difference gives ...442
    assert get_time({"t": "2004-09-04T00:07:15.442+08:00"}, "t") == 1_094_227_635_442


import pytest  # noqa: E402

from contracts import create_instrument, register_participant  # noqa: E402
from contracts.fields import get_id, get_instrument_id, get_ref  # noqa: E402
from ledger.errors import InvalidField  # noqa: E402


@pytest.mark.parametrize("check, value", [
    (get_instrument_id, "CEA-2024\n"), (get_id, "PROV-37\n"), (get_ref, "P-1\n"), (get_instrument_id, "CEA-٢٠٢٤"),
])
def test_invalid_identifier_with_a_trailing_newline_or_foreign_digits(check, value) -> None:
    """Regression: `$` accepted a trailing newline, so `CEA-2024\\n` was an instrument id."""
    with pytest.raises(InvalidField):
        check({"f": value}, "f")


def test_invalid_vintage_id_with_a_trailing_newline() -> None:
    with pytest.raises(InvalidField):
        create_instrument.check_shape({"id": "CEA-2024\n", "vintage": 2024})


@pytest.mark.parametrize("province", ["٣٧", "３７", "3", "370"])
def test_invalid_province_code_in_other_digits(province: str) -> None:
    """Regression: str.isdigit() accepted Arabic-Indic and full-width digits as a province code."""
    body = {"id": "PROV-37", "name": "山东省", "roles": ["province"], "pubkeys": ["ab" * 32], "province": province}
    with pytest.raises(InvalidField, match="province"):
        register_participant.check_shape(body)
