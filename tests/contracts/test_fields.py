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
