"""The 2024 compliance year as a list of phases: what each authority and entity signs, and when.

Pure: given the population, the outcomes and a seed, it returns the same phases every time.
A phase is submitted in bulk after the simulated calendar moves to its time; the next phase
waits until every transaction of the previous one is committed. Dates follow the real year:
pre-allocation early 2025, verification by mid-year, true-up in autumn, most trading in Q4
(report §四: 79 % of the volume), surrender by 2025-12-31 (S3 §六), enforcement after it.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from ..provinces import province_account
from .books import OLD_VINTAGES
from .market import Market, Trade
from .outcomes import FORCED, Outcome

YEAR = 2024
INSTRUMENT = "CEA-2024"
NEXT_INSTRUMENT = "CEA-2025"
DEADLINE = "2025-12-31T23:59:59+08:00"
SIM_START = "2025-01-02T09:00:00+08:00"
GENESIS_TIME = "2025-01-02T08:00:00+08:00"
AVG_PRICE_FEN = 9_749  # report §四: closing price 97.49 yuan/t at the end of 2024; the exchange publishes it as
PRICE_MONTH = "2025-12"  # the average of the month before the deadline (S1 Art.24)
CORRECTION_DEADLINE = "2026-03-31T23:59:59+08:00"  # the provinces' 责令限期改正: three months
FINE_MULTIPLE = 5  # S1 Art.24: 5 to 10 times
OFFSET_CAP_BP = 500  # S2 Art.29: CCER offsets at most 5 % of the obligation
CCER_REGISTERED_AFTER = "2024-01-22"  # S4 §五(二) [draft]: a CCER offsets only if its project registered after it
NEXT_PRE_ALLOCATION_BP = 5_000  # DOMAIN: at most 50 % from 2025 [draft]
# (month, share of the year's regular trades); report §四: Q4 carried 79 % of the 2024 volume.
TRADING_MONTHS = (("03", 3), ("04", 3), ("05", 3), ("06", 3), ("07", 3), ("08", 3), ("09", 3),
                  ("10", 26), ("11", 27), ("12", 26))


@dataclass(frozen=True)
class TxSpec:
    """A transaction to sign: its type, body and signers (key names; the first one's nonce is used)."""

    type: str
    body: dict[str, Any]
    signers: tuple[str, ...]


@dataclass
class Phase:
    """A step of the year: the calendar moves to `time`, then `txs` are submitted together."""

    key: str
    title: str
    time: str
    txs: list[TxSpec] = field(default_factory=list)
    expect: str | None = None  # the error code every transaction of the phase is refused with (an attempt)


def at(month_day: str, year: int = 2025, hour: str = "10:00:00") -> str:
    """An RFC 3339 time in China Standard Time, e.g. at('12-18') = 2025-12-18T10:00:00+08:00."""
    return f"{year}-{month_day}T{hour}+08:00"


def vintages() -> Phase:
    """The MEE creates the vintages the year needs: 2024 (the year's own), 2025 (for the deduction). The older
    ones, like the entities' accounts, came with the registry's books at genesis (books.py)."""
    txs = [TxSpec("create_instrument", {"id": f"CEA-{y}", "vintage": y, "name": f"碳排放配额{y % 100}"}, ("MEE",))
           for y in (2024, 2025)]
    return Phase("vintages", "MEE creates CEA-2024, CEA-2025", at("01-06"), txs)


def cycle_and_designation(outcomes: list[Outcome]) -> Phase:
    """The MEE sets the 2024 cycle (the current and every earlier vintage, S3 §七; the CCER offset cap and
    eligibility date); provinces designate risky entities for forced compliance."""
    eligible = [*OLD_VINTAGES, INSTRUMENT]
    body = {"year": YEAR, "deadline": DEADLINE, "eligible_vintages": eligible, "offset_cap_bp": OFFSET_CAP_BP,
            "pre_allocation_bp": 7_000, "shortfall_floor_bp": 8_000, "ccer_registered_after": CCER_REGISTERED_AFTER}
    txs = [TxSpec("set_compliance_cycle", body, ("MEE",))]
    for o in outcomes:
        if o.role == FORCED:
            txs.append(TxSpec("designate_forced_compliance", {"account": o.entity.account, "year": YEAR,
                                                             "reason": "履约风险: 上一履约周期未足额清缴"}, (province_of(o),)))
    return Phase("cycle", "Set the 2024 cycle; designate risky entities", at("01-10"), txs)


def province_of(o: Outcome) -> str:
    return province_account(o.entity.province)



def allocate(o: Outcome, kind: str, **amount: Any) -> TxSpec:
    """An allocation signed by the entity's province (maker) and the registry (checker)."""
    body = {"account": o.entity.account, "year": YEAR, "kind": kind, "instrument": INSTRUMENT, **amount}
    return TxSpec("allocate", body, (province_of(o), "REGISTRY"))


def pre_allocation(outcomes: list[Outcome], market: Market) -> Phase:
    """Power entities receive 70 % of their 2023 verified emissions, which the ledger reads from its own
    records (brought in at genesis), to the province's account if forced; the new sectors get none (S3 §五)."""
    txs = []
    for o in outcomes:
        if o.entity.sector == "power":
            txs.append(allocate(o, "pre"))
            if o.role != FORCED:
                market.issue(o.entity.account, o.pre_allocation)
    return Phase("pre", "Pre-allocate 70 % of 2023 emissions", at("02-10"), txs)


def verification(outcomes: list[Outcome]) -> Phase:
    """Each province records its entities' verified 2024 emissions."""
    txs = [TxSpec("record_emissions", {"account": o.entity.account, "year": YEAR, "verified_t": o.entity.verified,
                                       "report_ref": f"MRV-{YEAR}-{o.entity.province}-{i:05d}"}, (province_of(o),))
           for i, o in enumerate(outcomes, start=1)]
    return Phase("verify", "Record verified 2024 emissions", at("06-30"), txs)


def true_up(outcomes: list[Outcome], market: Market) -> Phase:
    """Every entity's allocation is brought to its final amount (80 % floor applied by the ledger)."""
    txs = []
    for o in outcomes:
        # the new sectors' final allocation is their verified emissions, by the cycle's sector rule
        txs.append(allocate(o, "true_up", final_allocation=o.final_text) if o.entity.sector == "power" else allocate(o, "true_up"))
        if o.role != FORCED:
            market.issue(o.entity.account, o.allocation - (o.pre_allocation if o.entity.sector == "power" else 0))
    return Phase("true_up", "True-up: final allocation", at("09-30"), txs)


def transfer(t: Trade) -> TxSpec:
    """A trade as a transfer the exchange settles with its trade reference (S2 Art.21–23: no bilateral transfers)."""
    body: dict[str, Any] = {"from": t.seller, "to": t.buyer, "instrument": INSTRUMENT, "amount": t.amount,
                            "trade_ref": t.trade_ref}
    return TxSpec("transfer", {**body, "memo": t.memo} if t.memo else body, ("EXCHANGE",))


def trading(market: Market, rng: random.Random, month: str, count: int) -> Phase:
    """One month of trading."""
    trades = market.plan_round(rng, count, f"2025{month}")
    day = "05" if month == "12" else "15"  # December trades before the compliance purchases
    return Phase(f"trade-{month}", f"Trading, 2025-{month}", at(f"{month}-{day}"), [transfer(t) for t in trades])
