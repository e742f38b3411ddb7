"""Which handler runs which transaction type: a plain dict, no magic.

A handler is a module with `check_shape(body)`, `check(state, tx, ctx)` and `apply(state, tx, ctx)`.
"""
from __future__ import annotations

from types import ModuleType

from . import create_instrument, register_participant, transfer

HANDLERS: dict[str, ModuleType] = {
    "register_participant": register_participant,
    "create_instrument": create_instrument,
    "transfer": transfer,
}
