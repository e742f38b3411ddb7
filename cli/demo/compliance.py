"""The end of the compliance year: purchases, surrenders, forced compliance, enforcement, deduction.

Pure, like `scenario`: the phases from the first compliance purchase (December 2025) to the
next year's pre-allocation, which cuts each defaulter's unpaid shortfall (S1 Art.24).
"""
from __future__ import annotations

from .market import Market
from .outcomes import DEFAULTER, FORCED, NORMAL, Outcome
from .scenario import (AVG_PRICE_FEN, CORRECTION_DEADLINE, FINE_MULTIPLE, INSTRUMENT, NEXT_INSTRUMENT, NEXT_PRE_ALLOCATION_BP,
                       PRICE_MONTH, YEAR, Phase, TxSpec, at, province_of, transfer)
from .population import signers_of


def purchases(market: Market) -> Phase:
    """Entities short of allowances buy what they lack from long ones, through the exchange."""
    trades = market.plan_compliance_purchases("202512")
    return Phase("purchase", "Compliance purchases: the short buy from the long", at("12-12"), [transfer(t) for t in trades])


def surrenders(outcomes: list[Outcome], market: Market) -> Phase:
    """Every entity surrenders its verified emissions; a defaulter hands in only what it holds."""
    txs = []
    for o in outcomes:
        account = o.entity.account
        amount = surrender_amount(o, market)
        if amount > 0:
            txs.append(TxSpec("surrender", {"account": account, "year": YEAR, "instrument": INSTRUMENT, "amount": amount},
                              signers_of(account)))
            market.issue(account, -amount)
    return Phase("surrender", "Surrender before the deadline", at("12-18"), txs)


def surrender_amount(o: Outcome, market: Market) -> int:
    """Verified emissions less its CCER offset for a normal entity, all it holds for a defaulter, nothing for a forced
    one (the registry acts)."""
    if o.role == NORMAL:
        return market.owed(o.entity.account)
    if o.role == DEFAULTER:
        return market.held.get(o.entity.account, 0)
    return 0


def forced_compliance(outcomes: list[Outcome]) -> tuple[Phase, Phase]:
    """The registry surrenders for each risky entity from its province's account, then releases the rest."""
    surrender, release = [], []
    for o in outcomes:
        if o.role != FORCED:
            continue
        account, signers = o.entity.account, (province_of(o), "REGISTRY")
        surrender.append(TxSpec("forced_surrender", {"account": account, "year": YEAR, "instrument": INSTRUMENT,
                                                     "amount": o.entity.verified,
                                                     "order_ref": f"QZLY-{YEAR}-{account}"}, signers))
        if o.allocation > o.entity.verified:
            release.append(TxSpec("release_allocation", {"account": account, "year": YEAR, "instrument": INSTRUMENT,
                                                         "amount": o.allocation - o.entity.verified}, signers))
    return (Phase("forced", "Forced compliance from the province accounts", at("12-22"), surrender),
            Phase("release", "Release the rest to the entities", at("12-23"), release))


def price(outcomes: list[Outcome]) -> Phase:
    """The exchange publishes the month's average price of CEA-2024, which the fines are computed from."""
    body = {"instrument": INSTRUMENT, "month": PRICE_MONTH, "avg_price_fen": AVG_PRICE_FEN}
    txs = [TxSpec("publish_price", body, ("EXCHANGE",))] if any(o.role == DEFAULTER for o in outcomes) else []
    return Phase("price", f"The exchange publishes the {PRICE_MONTH} average price", at("01-02", 2026), txs)


def enforcement(outcomes: list[Outcome]) -> Phase:
    """After the deadline each defaulter's province records the shortfall, the fine (from the published price) and
    next year's deduction, and orders the correction by a deadline (责令限期改正)."""
    txs = [TxSpec("enforce_shortfall", {"account": o.entity.account, "year": YEAR, "price_instrument": INSTRUMENT,
                                        "price_month": PRICE_MONTH, "multiple": FINE_MULTIPLE,
                                        "order_ref": f"CF-{YEAR}-{o.entity.account}", "correction_deadline": CORRECTION_DEADLINE},
                  (province_of(o),)) for o in outcomes if o.role == DEFAULTER]
    return Phase("enforce", "Deadline passed: enforce the shortfalls", at("01-05", 2026), txs)


def next_cycle() -> Phase:
    """The MEE sets the 2025 cycle so that the 2025 pre-allocation can run."""
    body = {"year": YEAR + 1, "deadline": "2026-12-31T23:59:59+08:00", "eligible_vintages": ["CEA-2023", INSTRUMENT, NEXT_INSTRUMENT],
            "pre_allocation_bp": NEXT_PRE_ALLOCATION_BP}
    return Phase("cycle-2025", "Set the 2025 cycle", at("01-12", 2026), [TxSpec("set_compliance_cycle", body, ("MEE",))])


def next_pre_allocation(outcomes: list[Outcome]) -> Phase:
    """Power entities receive 50 % of their 2024 emissions (as recorded) as CEA-2025, less any unpaid 2024 shortfall;
    a defaulter's goes to its province's account, earmarked (forced compliance, S3 §五(四))."""
    txs = [TxSpec("allocate", {"account": o.entity.account, "year": YEAR + 1, "kind": "pre", "instrument": NEXT_INSTRUMENT},
                  (province_of(o), "REGISTRY"))
           for o in outcomes if o.entity.sector == "power"]
    return Phase("pre-2025", "Pre-allocate 2025, deducting 2024 shortfalls", at("01-20", 2026), txs)
