"""Publish price: the feature file's scenarios plus unit tests of the month arithmetic and shape checks."""
from __future__ import annotations

import pytest
from pytest_bdd import given, parsers, then, when, scenarios

from contracts import publish_price
from ledger import keys
from ledger.errors import InvalidField
from ledger.account_errors import PriceNotPublished
from ledger.state import State
from scenario import World, ms

scenarios("../features/publish_price.feature")

PUBLISH = r'"(?P<signer>[^"]+)" publishes (?P<fen>-?\d+) fen a tonne for (?P<iid>\S+) in (?P<month>\S+) at "(?P<time>[^"]+)"'


@when(parsers.re(PUBLISH))
def _publish(world: World, signer: str, fen: str, iid: str, month: str, time: str) -> None:
    world.run("publish_price", {"instrument": iid, "month": month, "avg_price_fen": int(fen)}, signer, time=ms(time))


@given(parsers.parse('"{signer}" published {fen:d} fen a tonne for {iid} in {month}'))
def _published(world: World, signer: str, fen: int, iid: str, month: str) -> None:
    world.run("publish_price", {"instrument": iid, "month": month, "avg_price_fen": fen}, signer,
              time=ms("2026-01-01T00:00:00+08:00"))
    world.check_result("ok")


@then(parsers.parse("the {month} price of {iid} is {fen:d} fen a tonne"))
def _price_is(world: World, month: str, iid: str, fen: int) -> None:
    record = world.chain.state.get(keys.price(iid, month))
    assert (record["avg_price_fen"], record["published_at"]) == (fen, world.chain.tip.height)


# -- unit tests -------------------------------------------------------------------------


@pytest.mark.parametrize("month, by, expected", [("2025-12", 1, "2026-01"), ("2025-01", -1, "2024-12"),
                                                 ("2025-06", 0, "2025-06"), ("2024-03", -15, "2022-12")])
def test_shift_month_crosses_years(month: str, by: int, expected: str) -> None:
    assert publish_price.shift_month(month, by) == expected


def test_month_of_reads_china_time() -> None:
    assert publish_price.month_of(ms("2025-12-31T16:00:00+00:00")) == "2026-01"
    assert publish_price.month_of(ms("2025-12-31T23:59:59+08:00")) == "2025-12"


def test_compute_month_end_is_midnight_china_time() -> None:
    assert publish_price.compute_month_end("2025-12") == ms("2026-01-01T00:00:00+08:00")


@pytest.mark.parametrize("bad", [
    {"instrument": "CEA-2024", "month": "2025-13", "avg_price_fen": 1},
    {"instrument": "CEA-2024", "month": "2025-1", "avg_price_fen": 1},
    {"instrument": "CEA-2024", "month": "2025-12\n", "avg_price_fen": 1},
    {"instrument": "CEA-2024", "month": "2025-12", "avg_price_fen": True},
    {"instrument": "cea", "month": "2025-12", "avg_price_fen": 1},
    {"instrument": "CEA-2024", "month": "2025-12"},
    {"instrument": "CEA-2024", "month": "2025-12", "avg_price_fen": 1, "extra": 1},
])
def test_invalid_shape(bad: dict) -> None:
    with pytest.raises(InvalidField):
        publish_price.check_shape(bad)


def test_get_price_names_the_missing_month() -> None:
    with pytest.raises(PriceNotPublished, match="the exchange has not published the 2025-12 average price of CEA-2024"):
        publish_price.get_price(State(), "CEA-2024", "2025-12")
