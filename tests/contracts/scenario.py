"""Builders for contract tests: register entities, create vintages, and set up state directly.

The `*_direct` builders write state without a transaction, for tests of a later rule that
should not depend on every earlier one; everything else goes through signed transactions.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from helpers import Chain, pub, uscc
from ledger import keys
from ledger.holdings import apply_issue
from contracts.records import update_obligation


def ms(moment: str) -> int:
    """Milliseconds of an RFC 3339 date-time such as '2025-12-31T23:59:59+08:00'."""
    return int(datetime.fromisoformat(moment).timestamp() * 1000)


def entity(chain: Chain, n: int, province: str = "11", sector: str = "power", roles: tuple = ("entity",)) -> str:
    """Register key emitting entity number `n`; return its account id (a valid credit code)."""
    pid = uscc(n)
    body = {"id": pid, "name": f"重点排放单位 {n}", "roles": list(roles), "pubkeys": [pub(pid)]}
    if "entity" in roles:
        body |= {"province": province, "sector": sector}
    receipt = chain.run("register_participant", body, "REGISTRY")
    assert receipt["code"] == "ok", receipt
    return pid


def vintage(chain: Chain, year: int) -> str:
    """Create instrument CEA-<year>; return its id."""
    iid = f"CEA-{year}"
    receipt = chain.run("create_instrument", {"id": iid, "vintage": year}, "MEE")
    assert receipt["code"] == "ok", receipt
    return iid


def give_direct(chain: Chain, account: str, iid: str, amount: int) -> None:
    """Issue `amount` of `iid` to `account` without a transaction."""
    chain.state.begin()
    apply_issue(chain.state, iid, account, amount, "test")
    chain.state.commit()


def cycle_direct(chain: Chain, year: int, deadline: str, eligible: list[str], **extra: Any) -> None:
    """Write compliance cycle `year` without a transaction."""
    record = {"year": year, "deadline": ms(deadline), "eligible_vintages": tuple(eligible), "offset_cap_bp": 500,
              "pre_allocation_bp": 7000, "shortfall_floor_bp": 8000, "set_at": 0, **extra}
    chain.state.put(keys.cycle(year), record)


def obligation_direct(chain: Chain, year: int, account: str, province: str = "11", **changes: Any) -> None:
    """Write an obligation record without a transaction."""
    update_obligation(chain.state, year, account, province, **changes)
