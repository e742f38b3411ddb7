"""The validator set as governance changes it: proposals, their approvals, and the change taking effect.

Shared by `propose_validator_update` and `approve_validator_update`. A validator is named after the
institution that runs it (its participant id). A proposal's changes are checked against the current set
when proposed and again when the approval that reaches quorum would apply them, since another proposal
may have changed the set in between. The new set is kept sorted by name, so its order (and so its
`compute_validators_hash`) depends on its content only, never on the order of the changes.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ledger import keys
from ledger.chain import BlockContext
from ledger.checkpoint import quorum_for
from ledger.encoding import freeze
from ledger.errors import AccountClosed, InvalidField, InvalidValidatorSet, NotFound
from ledger.state import State

from . import fields
from .genesis import compute_validators_hash, validator_entry
from .roles import CLOSED

MAX_VALIDATORS = 150  # validators in one set: each signs every block, so votes grow with the set
MAX_POWER = 1000  # voting power of one validator: small integers keep the weights readable
MAX_CHANGES = 2 * MAX_VALIDATORS  # enough to remove every validator and add a full new set
OPEN, APPLIED = "open", "applied"


def get_validators(state: State) -> tuple[dict[str, Any], ...]:
    """The current validator entries, in the order the state keeps them."""
    return tuple(state.get(keys.validators()) or ())


def get_validator_names(state: State) -> list[str]:
    """The names (institution ids) of the current validators."""
    return [v["name"] for v in get_validators(state)]


def get_proposal(state: State, proposal_id: str) -> dict[str, Any]:
    """The validator-set proposal `proposal_id`; raise NotFound."""
    proposal: dict[str, Any] | None = state.get(keys.validator_proposal(proposal_id))
    if proposal is None:
        raise NotFound(f"no validator-set proposal {proposal_id}")
    return proposal


def check_changes_shape(body: dict[str, Any]) -> None:
    """`changes` is a non-empty list of well-formed changes, one per validator name."""
    changes = body.get("changes")
    # Verify changes is a non-empty list of at most MAX_CHANGES
    if not isinstance(changes, list) or not 1 <= len(changes) <= MAX_CHANGES:
        raise InvalidField(f"changes must be a list of 1 to {MAX_CHANGES} validator changes")
    for index, change in enumerate(changes):
        check_change_shape(change, f"changes[{index}]")
    # Verify each validator is named once
    names = [c["name"] for c in changes]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise InvalidField(f"changes name validator {twice[0]} more than once; give one change per validator")


def check_change_shape(change: Any, where: str) -> None:
    """One change: a name and a power; keys required unless power 0 (a removal)."""
    if not isinstance(change, dict):
        raise InvalidField(f"{where} must be an object with name, pubkey, consensus_pubkey, power")
    fields.check_keys(change, {"name", "power"}, {"pubkey", "consensus_pubkey"})
    power = fields.get_int(change, "power", 0, MAX_POWER)
    if power == 0:
        fields.get_str(change, "name", 64)  # a removal names a current validator, whatever genesis called it
    else:
        fields.get_id(change, "name")  # a validator that joins or stays is named after a participant
    # Verify a validator that stays or joins has both keys (CometBFT needs the consensus key)
    missing = sorted({"pubkey", "consensus_pubkey"} - change.keys())
    if power >= 1 and missing:
        raise InvalidField(f"{where} ({change['name']}, power {power}) is missing {', '.join(missing)}: "
                           "a validator that joins or stays needs both keys; power 0 removes it")
    for name in ("pubkey", "consensus_pubkey"):
        if name in change:
            fields.get_hex_key(change, name)


def check_changes(state: State, changes: Sequence[dict[str, Any]]) -> None:
    """The changes apply to the current set and give a valid set; raise NotFound, AccountClosed,
    InvalidField or InvalidValidatorSet. Requires check_changes_shape to have passed."""
    current = {v["name"]: v for v in get_validators(state)}
    for change in changes:
        if change["power"] == 0:
            check_removal(current, change)
        else:
            check_joining(state, change)
    new = compute_new_validators(get_validators(state), changes)
    check_new_set(new)
    check_updates(compute_updates(get_validators(state), changes))


def check_removal(current: dict[str, dict[str, Any]], change: dict[str, Any]) -> None:
    """A removal names a current validator that CometBFT knows by its consensus key, by its own keys if any."""
    name = change["name"]
    # Verify the validator to remove is in the current set
    if name not in current:
        raise NotFound(f"validator {name} is not in the current set ({', '.join(sorted(current))}): nothing to remove")
    # Verify it has a consensus key, so the consensus engine can be told which validator leaves
    if "consensus_pubkey" not in current[name]:
        raise InvalidValidatorSet(f"validator {name} has no consensus_pubkey: "
                                  "the consensus engine cannot be told to remove it")
    # Verify keys given with a removal are the validator's own
    for key in ("pubkey", "consensus_pubkey"):
        if key in change and change[key] != current[name][key]:
            raise InvalidField(f"removal of {name}: {key} {change[key][:16]}… is not its key {current[name][key][:16]}…")


def check_joining(state: State, change: dict[str, Any]) -> None:
    """A validator that joins or stays is named after a registered institution whose account is open."""
    record = state.get(keys.participant(change["name"]))
    # Verify the validator is named after a registered participant (the institution that runs it)
    if record is None:
        raise NotFound(f"validator {change['name']} is no participant: "
                       "a validator is named after the institution that runs it")
    # Verify the institution's account is not closed
    if record["status"] == CLOSED:
        raise AccountClosed(f"account {change['name']} is closed: a closed institution runs no validator")


def check_new_set(validators: list[dict[str, Any]]) -> None:
    """1 to MAX_VALIDATORS validators, no two sharing a pubkey or a consensus key; raise InvalidValidatorSet."""
    # Verify the set keeps at least one validator and at most MAX_VALIDATORS
    if not 1 <= len(validators) <= MAX_VALIDATORS:
        raise InvalidValidatorSet(f"the new set would have {len(validators)} validators; it needs 1 to {MAX_VALIDATORS}")
    # Verify no two validators share a key
    for key in ("pubkey", "consensus_pubkey"):
        seen: dict[str, str] = {}
        for v in (v for v in validators if key in v):
            if v[key] in seen:
                raise InvalidValidatorSet(f"validators {seen[v[key]]} and {v['name']} would share {key} {v[key][:16]}…")
            seen[v[key]] = v["name"]


def check_updates(updates: list[dict[str, Any]]) -> None:
    """Each consensus key appears in one update only (the consensus engine takes one update per key)."""
    seen: dict[str, str] = {}
    for update in updates:
        key = update["consensus_pubkey"]
        # Verify no consensus key leaves one validator and joins another in the same change
        if key in seen:
            raise InvalidValidatorSet(f"consensus key {key[:16]}… would be updated twice ({seen[key]}, {update['name']}); "
                                      "move a key between validators in two proposals")
        seen[key] = update["name"]


def compute_new_validators(current: Sequence[dict[str, Any]],
                           changes: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The set after `changes`, as validator_entry builds it, sorted by name. Requires valid changes."""
    by_name = {v["name"]: v for v in current}
    for change in changes:
        if change["power"] == 0:
            del by_name[change["name"]]
        else:
            by_name[change["name"]] = validator_entry(change)
    return [by_name[name] for name in sorted(by_name)]


def compute_updates(current: Sequence[dict[str, Any]], changes: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The consensus engine's updates, in the order of the changes: {name, consensus_pubkey, power};
    power 0 for a removal, and a removal of the old key first when a validator's consensus key changes."""
    old = {v["name"]: v for v in current}
    updates = []
    for change in changes:
        name, previous = change["name"], old.get(change["name"], {})
        before = previous.get("consensus_pubkey")
        if change["power"] == 0 or (before is not None and before != change["consensus_pubkey"]):
            updates.append({"name": name, "consensus_pubkey": before, "power": 0})
        if change["power"] > 0:
            updates.append({"name": name, "consensus_pubkey": change["consensus_pubkey"], "power": change["power"]})
    return updates


def compute_quorum(state: State) -> int:
    """Approvals needed: more than two thirds of the current validators."""
    return quorum_for(len(get_validators(state)))


def count_approvals(state: State, approvals: Sequence[str]) -> int:
    """How many of `approvals` are by institutions that run a current validator."""
    names = set(get_validator_names(state))
    return sum(1 for name in approvals if name in names)


def apply_approval(state: State, proposal: dict[str, Any], approver: str, ctx: BlockContext) -> None:
    """Record `approver`'s approval; when current validators' approvals reach quorum, apply the change."""
    approvals = tuple(proposal["approvals"]) + (approver,)
    proposal = {**proposal, "approvals": approvals}
    state.put(keys.validator_proposal(proposal["id"]), proposal)
    have, need = count_approvals(state, approvals), compute_quorum(state)
    state.emit({"op": "validator_update_approved", "id": proposal["id"], "validator": approver,
                "approvals": have, "quorum": need})
    if have >= need:
        apply_validator_update(state, proposal, ctx)


def apply_validator_update(state: State, proposal: dict[str, Any], ctx: BlockContext) -> None:
    """Put the new set in `chain/validators`, append it to the history, mark the proposal applied, emit
    `validator_set_changed`. Requires check_changes to have passed on the current state."""
    current = get_validators(state)
    new = compute_new_validators(current, proposal["changes"])
    history = tuple(state.get(keys.validator_history()) or ())
    state.put(keys.validators(), freeze(new))
    state.put(keys.validator_history(), history + (freeze({"height": ctx.height, "id": proposal["id"], "validators": new}),))
    state.put(keys.validator_proposal(proposal["id"]), {**proposal, "status": APPLIED, "applied_at": ctx.height})
    updates = compute_updates(current, proposal["changes"])
    state.emit({"op": "validator_set_changed", "id": proposal["id"], "updates": updates,
                "validators_hash": compute_validators_hash(new).hex()})
