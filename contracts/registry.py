"""Which handler runs which transaction type: a plain dict, no magic.

A handler is a module with `check_shape(body)`, `check(state, tx, ctx)` and `apply(state, tx, ctx)`.
"""
from __future__ import annotations

from types import ModuleType

from . import create_instrument, register_participant, transfer
from . import cancel, carryover_apply, carryover_execute, carryover_notice, court_order, enforce_shortfall
from . import forced_surrender, release_allocation, surrender
from . import account_status, allocate, designate_forced_compliance, record_emissions, rotate_key, set_compliance_cycle
from . import advance_clock
from . import approve_validator_update, propose_validator_update
from . import market_rules
from . import complete_key_recovery, request_key_recovery, set_calendar, veto_key_recovery
from . import publish_price, record_exemption
from . import apply_issuance, decide_issuance, submit_reduction, verify_reduction
from . import accredit_vvb, set_methodology
from . import apply_project, decide_project, submit_project, validate_project
from . import cancel_project, comment_project, record_external_claim
from . import enforce_fraud_cancellation, order_fraud_cancellation
from . import freeze_offset

HANDLERS: dict[str, ModuleType] = {
    "register_participant": register_participant,
    "create_instrument": create_instrument,
    "transfer": transfer,
    "rotate_key": rotate_key,
    "set_account_status": account_status,
    "set_compliance_cycle": set_compliance_cycle,
    "allocate": allocate,
    "record_emissions": record_emissions,
    "designate_forced_compliance": designate_forced_compliance,
    "surrender": surrender,
    "forced_surrender": forced_surrender,
    "release_allocation": release_allocation,
    "enforce_shortfall": enforce_shortfall,
    "cancel": cancel,
    "court_order": court_order,
    "carryover_notice": carryover_notice,
    "carryover_apply": carryover_apply,
    "carryover_execute": carryover_execute,
    "advance_clock": advance_clock,  # devnet only
    "propose_validator_update": propose_validator_update,
    "approve_validator_update": approve_validator_update,
    "set_market_rules": market_rules,
    "request_key_recovery": request_key_recovery,
    "veto_key_recovery": veto_key_recovery,
    "complete_key_recovery": complete_key_recovery,
    "set_calendar": set_calendar,
    "publish_price": publish_price,
    "record_exemption": record_exemption,
    "submit_reduction": submit_reduction,
    "verify_reduction": verify_reduction,
    "apply_issuance": apply_issuance,
    "decide_issuance": decide_issuance,
    "set_methodology": set_methodology,
    "accredit_vvb": accredit_vvb,
    "submit_project": submit_project,
    "validate_project": validate_project,
    "apply_project": apply_project,
    "decide_project": decide_project,
    "record_external_claim": record_external_claim,
    "comment_project": comment_project,
    "cancel_project": cancel_project,
    "order_fraud_cancellation": order_fraud_cancellation,
    "enforce_fraud_cancellation": enforce_fraud_cancellation,
    "freeze_offset": freeze_offset,
}
