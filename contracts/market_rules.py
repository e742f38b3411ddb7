"""Set market rules: the MEE changes the market's governance settings, the numbers the law leaves open.

A rule is a named setting with a default written here and a check of its values. The genesis may
set any of them (`params.market_rules`); afterwards only the MEE's `set_market_rules` transaction
changes them, naming only the rules it changes. Every contract reads a rule with `get_rule`, never
a constant of its own. Transaction type `set_market_rules`. Sources: S2 Art.21–23 (transfers between
entities go through the exchange); S9 account rules. Feature: tests/features/market_rules.feature.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ledger import keys
from ledger.chain import BlockContext
from ledger.errors import InvalidField
from ledger.state import State
from ledger.tx import Transaction

from . import fields
from .roles import MEE, check_signed_by_role


def is_bool(value: Any) -> bool:
    return isinstance(value, bool)


def is_count(low: int, high: int) -> Callable[[Any], bool]:
    """A check that a value is an integer from `low` to `high`."""
    return lambda value: isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def is_date_text(value: Any) -> bool:
    """A date as YYYY-MM-DD."""
    return fields.is_date(value)


# name: (default, check of a value, what the value means)
RULES: dict[str, tuple[Any, Callable[[Any], bool], str]] = {
    "bilateral_transfers": (False, is_bool, "true or false: may a holder sign a transfer to another account "
                                            "without the exchange's settlement (S2 Art.21–23: off)"),
    "entity_min_signers": (2, is_count(1, 8), "an integer from 1 to 8: the fewest keys that must sign for an entity "
                                              "account (maker–checker: an initiator and a confirmer, S9 account rules)"),
    "recovery_wait_working_days": (7, is_count(1, 60), "an integer from 1 to 60: the working days a lost-key recovery "
                                                       "waits, open to the account's veto (the EU registry waits 7)"),
    "ccer_publicity_working_days": (20, is_count(1, 120), "an integer from 1 to 120: the working days a project design "
                                                          "document or a reduction report stays public before its "
                                                          "VVB's report (S8 Art.12, 19: 20)"),
    "ccer_decision_working_days": (15, is_count(1, 120), "an integer from 1 to 120: the working days the registry has "
                                                         "to decide a complete application (S8 Art.15, 22: 15)"),
    "ccer_construction_after": ("2012-11-08", is_date_text, "a date YYYY-MM-DD: a project's construction must start "
                                                           "after it (S8 Art.10: 2012-11-08)"),
    "ccer_reductions_from": ("2020-09-22", is_date_text, "a date YYYY-MM-DD: reductions are produced from it on "
                                                        "(S8 Art.17: 2020-09-22)"),
    "ccer_filing_years": (5, is_count(1, 20), "an integer from 1 to 20: how many years before its application a "
                                              "reduction filing may reach back (S8 Art.17: 5)"),
}


def get_rule(state: State, name: str) -> Any:
    """The value of market rule `name`: the MEE's setting, else its default. Requires `name` in RULES."""
    return (state.get(keys.market_rules()) or {}).get(name, RULES[name][0])


def check_rules(values: Any, where: str) -> None:
    """Raise InvalidField unless `values` is a non-empty object of known rules with valid values."""
    # Verify the rules are a non-empty object
    if not isinstance(values, dict) or not values:
        raise InvalidField(f"{where} must name at least one market rule: {', '.join(RULES)}")
    for name, value in values.items():
        # Verify each rule is known and its value valid
        if name not in RULES:
            raise InvalidField(f"{where}: unknown market rule {name!r}; known rules: {', '.join(RULES)}")
        if not RULES[name][1](value):
            raise InvalidField(f"{where}: {name} must be {RULES[name][2]}, got {value!r}")


def check_shape(body: dict[str, Any]) -> None:
    """At least one known rule, each with a valid value."""
    check_rules(body, "body")


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """The MEE signed."""
    # Verify the MEE signed
    check_signed_by_role(state, tx, MEE)


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Write the named rules over the current ones; emit what changed."""
    apply_rules(state, tx.body)
    state.emit({"op": "market_rules", "changed": dict(tx.body), "height": ctx.height})


def apply_rules(state: State, values: dict[str, Any]) -> None:
    """Write `values` over the current rules (also used by genesis). Requires check_rules(values)."""
    state.put(keys.market_rules(), {**(state.get(keys.market_rules()) or {}), **values})
