"""A market for the compliance list's tests: 14 entities in provinces 11, 31 and 44, four sectors, every status.

Entities 1–3 are node_helpers.market_setup's (province 11, power, 700 t each): 1 verified 600 t and surrendered them
(A), 2 verified 800 t and surrendered 700 t (B), 3 has nothing entered (C). Entities 4–14 sit in province
31, 44 or 11 by n % 3 and in sector SECTORS[n % 4]; by n % 4 they have nothing entered (C), 0 t verified (A),
100·n t verified and nothing surrendered (B) or an exemption (X). After the deadline (`enforce`) the provinces
enforce the shortfall of entities 2 (100 t) and 6 (600 t) at 5 × the December price of 97.49 yuan.
"""
from __future__ import annotations

from typing import Any

from contracts.fields import get_time
from helpers import pub, uscc
from ledger.tx import Transaction
from node_helpers import CEA, SIM_START, YEAR, Signer, market_setup

EXTRA = range(4, 15)
SECTORS = ("power", "steel", "cement", "aluminium")
CITY = {"11": "北京", "31": "上海", "44": "广东"}
SECTOR_CN = {"power": "电力", "steel": "钢铁", "cement": "水泥", "aluminium": "铝业"}
PRICE_FEN = 9749
# from the simulation's start to 2026-01-02 09:00, past the 2024 deadline, in ms
ENFORCE_DELAY_MS = get_time({"t": "2026-01-02T09:00:00+08:00"}, "t") - get_time({"t": SIM_START}, "t")


def province_of(n: int) -> str:
    """The province of entity `n` (11 for entities 1–3)."""
    return "11" if n <= 3 else ("31", "44", "11")[n % 3]


def sector_of(n: int) -> str:
    """The sector of entity `n` (power for entities 1–3)."""
    return "power" if n <= 3 else SECTORS[n % 4]


def expected_status(n: int) -> str:
    """The status code entity `n` ends with before the deadline."""
    if n <= 3:
        return "ABC"[n - 1]
    return "CABX"[n % 4]


def register(signer: Signer, n: int) -> Transaction:
    """register_participant of extra entity `n`, named after its city and sector."""
    province, sector = province_of(n), sector_of(n)
    body = {"id": uscc(n), "name": f"{CITY[province]}{SECTOR_CN[sector]} {n}", "roles": ["entity"],
            "pubkeys": [pub(uscc(n))], "province": province, "sector": sector}
    return signer.sign("register_participant", body, "REGISTRY")


def records(signer: Signer, n: int) -> list[Transaction]:
    """The record_emissions or record_exemption of entity `n` that gives it its status."""
    account, prov = uscc(n), f"PROV-{province_of(n)}"
    kind = expected_status(n)
    if n <= 3:
        return [] if n == 3 else [signer.sign("record_emissions", {"account": account, "year": YEAR,
                                                                    "verified_t": (600, 800)[n - 1]}, prov)]
    if kind == "X":
        return [signer.sign("record_exemption", {"account": account, "year": YEAR, "reason": "停产"}, prov)]
    if kind == "C":
        return []
    verified = 0 if kind == "A" else 100 * n
    return [signer.sign("record_emissions", {"account": account, "year": YEAR, "verified_t": verified}, prov)]


def stages(signer: Signer) -> list[list[Transaction]]:
    """Blocks of transactions, each needing the previous committed: the market before the deadline."""
    first, *rest = market_setup(signer, [1, 2, 3])
    recorded = [tx for n in range(1, 15) for tx in records(signer, n)]
    surrenders = [signer.sign("surrender", {"account": uscc(n), "year": YEAR, "instrument": CEA, "amount": t}, uscc(n))
                  for n, t in ((1, 600), (2, 700))]
    return [first + [register(signer, n) for n in EXTRA], *rest, recorded, surrenders]


def enforce(signer: Signer) -> list[list[Transaction]]:
    """Blocks after the deadline (advance the clock by ENFORCE_DELAY_MS first): the price, then the enforcements."""
    price = signer.sign("publish_price", {"instrument": CEA, "month": "2025-12", "avg_price_fen": PRICE_FEN}, "EXCHANGE")
    orders = [signer.sign("enforce_shortfall", order(n), f"PROV-{province_of(n)}") for n in (2, 6)]
    return [[price], orders]


def order(n: int) -> dict[str, Any]:
    """The enforce_shortfall body of entity `n`: 5 × the December price, correction by 31 March."""
    return {"account": uscc(n), "year": YEAR, "price_instrument": CEA, "price_month": "2025-12", "multiple": 5,
            "order_ref": f"FX-{n}", "correction_deadline": "2026-03-31T23:59:59+08:00"}
