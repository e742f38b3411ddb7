"""Builders for contract tests: register entities, create vintages, and set up state directly.

The `*_direct` builders write state without a transaction, for tests of a later rule that
should not depend on every earlier one; everything else goes through signed transactions.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from helpers import Chain, pub, uscc
from ledger import keys
from ledger.constants import EARMARKED
from ledger.encoding import freeze
from ledger.holdings import apply_issue
from contracts.fields import EPOCH
from contracts.genesis import validator_entry
from contracts.market_rules import get_rule
from contracts.records import update_obligation


def ms(moment: str) -> int:
    """Milliseconds of an RFC 3339 date-time such as '2025-12-31T23:59:59+08:00'."""
    return (datetime.fromisoformat(moment) - EPOCH) // timedelta(milliseconds=1)


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


# -- governance and allocation (issue 2, part A) -------------------------------------------


@dataclass
class World:
    """One feature scenario's chain, its named accounts and the last transaction's receipt."""

    chain: Chain = field(default_factory=Chain.new)
    ids: dict[str, str] = field(default_factory=dict)
    receipt: dict[str, Any] | None = None
    root_before: bytes | None = None

    def id(self, name: str) -> str:
        """The account id of a scenario name ("E1"), or the name itself (MEE, PROV-11, REGISTRY…)."""
        return self.ids.get(name, name)

    def entity(self, name: str, province: str = "11", roles: tuple = ("entity",)) -> str:
        """Register a participant under scenario name `name`; return its account id."""
        self.ids[name] = entity(self.chain, 100 + len(self.ids), province, roles=roles)
        return self.ids[name]

    def run(self, type_: str, body: dict[str, Any], *signers: str, time: int | None = None,
            nonce: int | None = None) -> dict[str, Any]:
        """Run one transaction signed by the named signers (with the next nonce, or `nonce`); remember its
        receipt and the root before it (after the block's begin-block hooks)."""
        self.root_before = self.chain.root_at_next_block(time)
        self.receipt = self.chain.run(type_, body, *(self.id(s) for s in signers), time=time, nonce=nonce)
        return self.receipt

    def check_result(self, code: str) -> None:
        """Assert the last receipt's code; a failure must have left the state root unchanged."""
        assert self.receipt is not None and self.receipt["code"] == code, self.receipt
        if code != "ok":
            assert self.chain.state.root() == self.root_before, "a failing transaction changed the state"

    def events(self, op: str) -> list[dict[str, Any]]:
        """The last receipt's events of kind `op`."""
        return [e for e in (self.receipt or {}).get("events", []) if e["op"] == op]


def compliance_cycle(chain: Chain, year: int, deadline: str, eligible: list[str], **ratios: int) -> None:
    """Set compliance cycle `year` by the MEE's transaction."""
    body = {"year": year, "deadline": deadline, "eligible_vintages": eligible, **ratios}
    receipt = chain.run("set_compliance_cycle", body, "MEE")
    assert receipt["code"] == "ok", receipt


def pre_allocate(chain: Chain, account: str, year: int, basis_t: int, province: str = "11") -> dict[str, Any]:
    """Pre-allocate `year` to `account` on the basis of `basis_t` t verified in `year` − 1 (see record_basis; its
    province and the registry sign); return the receipt."""
    record_basis(chain, account, year, basis_t, province)
    body = {"account": account, "year": year, "kind": "pre", "instrument": f"CEA-{year}"}
    receipt = chain.run("allocate", body, f"PROV-{province}", "REGISTRY")
    assert receipt["code"] == "ok", receipt
    return receipt


SIGNED = r'(?:, signed by "(?P<signers>[^"]+)")?'
"""Step-text fragment for an optional ', signed by "A,B"': the signers given to run_allocate."""


def run_allocate(world: World, name: str, year: int, kind: str, iid: str | None, signers: str | None,
                 **amount: Any) -> None:
    """Run allocation `kind` for `name` in `iid` (or CEA-<year>), signed by `signers` "A,B" (or PROV-11 and REGISTRY)."""
    body = {"account": world.id(name), "year": year, "kind": kind, "instrument": iid or f"CEA-{year}", **amount}
    world.run("allocate", body, *(signers or "PROV-11,REGISTRY").split(","))


def record_basis(chain: Chain, account: str, year: int, basis_t: int, province: str = "11") -> None:
    """Write `account`'s verified emissions of `year` − 1 (the pre-allocation basis of `year`) without a transaction,
    unless recorded already, in which case they must be `basis_t`."""
    recorded = (chain.state.get(keys.obligation(year - 1, account)) or {}).get("verified")
    assert recorded in (None, basis_t), f"{account} has {recorded} t verified for {year - 1}, not the basis {basis_t} t"
    if recorded is None:
        obligation_direct(chain, year - 1, account, province, verified=basis_t)


def earmark_direct(chain: Chain, province: str, iid: str, amount: int) -> None:
    """Issue `amount` of `iid` to `province`'s account, earmarked for forced compliance, without a transaction."""
    chain.state.begin()
    apply_issue(chain.state, iid, province, amount, "test", EARMARKED)
    chain.state.commit()


def true_up(chain: Chain, account: str, year: int, final: str, province: str = "11") -> dict[str, Any]:
    """True up `year`'s allocation of `account` to `final` tonnes (a decimal string); return the receipt."""
    body = {"account": account, "year": year, "kind": "true_up", "instrument": f"CEA-{year}", "final_allocation": final}
    receipt = chain.run("allocate", body, f"PROV-{province}", "REGISTRY")
    assert receipt["code"] == "ok", receipt
    return receipt


def verify_emissions(chain: Chain, account: str, year: int, verified_t: int, province: str = "11") -> None:
    """Record `account`'s verified emissions of `year` by its province's transaction."""
    body = {"account": account, "year": year, "verified_t": verified_t}
    receipt = chain.run("record_emissions", body, f"PROV-{province}")
    assert receipt["code"] == "ok", receipt


# -- compliance side: surrender, forced compliance, court orders, carry-over (issue 2, part B) --


def ensure_vintage(chain: Chain, iid: str) -> str:
    """Create CEA vintage `iid` (CEA-2024 or CEA-2019-2020) by the MEE's transaction unless it exists."""
    if chain.state.get(keys.instrument(iid)) is None:
        receipt = chain.run("create_instrument", {"id": iid, "vintage": int(iid[-4:])}, "MEE")
        assert receipt["code"] == "ok", receipt
    return iid


CARRYOVER_NOTICE = {"old_vintages": ["CEA-2019-2020", "CEA-2023", "CEA-2024"], "target_instrument": "CEA-2025"}
"""The carry-over notice body of the carry-over features: three old vintages into CEA-2025."""
SNAPSHOT_TAKEN = "2026-01-01T00:00:00+08:00"
"""A block time by which the carry-over snapshot of CARRYOVER_NOTICE has been taken."""


def serial_ranges(text: str) -> tuple:
    """'1-10,21-100' → ((1, 10), (21, 100))."""
    return tuple(tuple(int(x) for x in part.split("-")) for part in text.split(","))


def units_body(amount: str | None, ranges: str | None) -> dict[str, Any]:
    """{"amount": n} or {"ranges": [[first, last], …]} from the text of a step."""
    return {"amount": int(amount)} if amount else {"ranges": [list(r) for r in serial_ranges(ranges)]}


def allow_bilateral_transfers(world: World) -> None:
    """The MEE turns market rule bilateral_transfers on: holders may sign their own transfers."""
    world.run("set_market_rules", {"bilateral_transfers": True}, "MEE")
    world.check_result("ok")


def run_transfer(world: World, src: str, dst: str, iid: str, units: dict[str, Any], time: int | None = None) -> dict[str, Any]:
    """Run a transfer the way the market allows it: signed by the holder when market rule bilateral_transfers is on,
    else settled by the exchange under a new trade reference. For steps about something other than who signs."""
    body = {"from": world.id(src), "to": world.id(dst), "instrument": iid, **units}
    if get_rule(world.chain.state, "bilateral_transfers"):
        return world.run("transfer", body, src, time=time)
    trade_ref = f"T-{world.chain.tip.height + 1}"  # each run is its own block: one reference per block
    return world.run("transfer", {**body, "trade_ref": trade_ref}, "EXCHANGE", time=time)


# -- validator-set governance ----------------------------------------------------------------


def validator_keys(name: str, version: int = 1) -> dict[str, str]:
    """The deterministic pubkey and consensus key of the validator `name` runs (`version` 2 and up: a new consensus key)."""
    consensus = f"consensus/{name}" if version == 1 else f"consensus/{name}/{version}"
    return {"pubkey": pub(f"validator/{name}"), "consensus_pubkey": pub(consensus)}


def validators_direct(chain: Chain, names: list[str], power: int = 10) -> None:
    """Set the validator set to `names` (institution ids), each with its deterministic keys, without a transaction."""
    entries = [validator_entry({"name": name, "power": power, **validator_keys(name)}) for name in sorted(names)]
    chain.state.put(keys.validators(), freeze(entries))


CHANGE = re.compile(r"^(?P<name>\S+) at power (?P<power>-?\d+)(?: (?P<extra>with a new consensus key|without a consensus key"
                    r"|with the (?P<which>consensus key|pubkey) of (?P<other>\S+)))?$")
"""One change of a step's list: 'PROV-31 at power 10', optionally 'with a new consensus key', 'without a consensus key',
'with the consensus key of REGISTRY' or 'with the pubkey of REGISTRY'."""


def parse_changes(text: str, account: Callable[[str], str] = str) -> list[dict[str, Any]]:
    """'PROV-31 at power 10, EXCHANGE at power 0' → the proposal's changes; a removal carries no keys.
    `account` turns a scenario name into its account id (World.id)."""
    changes = []
    for item in text.split(", "):
        match = CHANGE.match(item)
        assert match, f"not a change: {item!r}"
        name, power, extra = account(match["name"]), int(match["power"]), match["extra"] or ""
        change: dict[str, Any] = {"name": name, "power": power}
        if power != 0:
            change |= validator_keys(name, 2 if extra == "with a new consensus key" else 1)
        if extra == "without a consensus key":
            del change["consensus_pubkey"]
        if match["which"]:
            key = "pubkey" if match["which"] == "pubkey" else "consensus_pubkey"
            change[key] = validator_keys(match["other"])[key]
        changes.append(change)
    return changes


def propose_validators(world: World, signer: str, proposal_id: str, changes: str) -> None:
    """Run propose_validator_update of `changes` (see parse_changes) under `proposal_id`, signed by `signer`."""
    body = {"id": proposal_id, "changes": parse_changes(changes, world.id), "reason": "test"}
    world.run("propose_validator_update", body, signer)


def describe_validators(chain: Chain) -> str:
    """The validator set in state order, as 'EXCHANGE:10, MEE:10'."""
    return ", ".join(f"{v['name']}:{v['power']}" for v in chain.state.get(keys.validators()))


# -- compliance: published prices and the province's enforcement order (issue 7) --------------

CORRECTION_DEADLINE = "2026-03-31T23:59:59+08:00"
"""The correction deadline of the enforcement orders of the compliance features, unless a step names one."""


def price_direct(chain: Chain, iid: str, month: str, fen: int) -> None:
    """Write the exchange's average price of `iid` in `month` (YYYY-MM) without a transaction."""
    record = {"instrument": iid, "month": month, "avg_price_fen": fen, "published_at": 0, "tx": ""}
    chain.state.put(keys.price(iid, month), record)


def enforce_body(account: str, year: int, month: str, multiple: int, ref: str,
                 correction: str = CORRECTION_DEADLINE) -> dict[str, Any]:
    """The body of an enforcement order on `account`'s `year` shortfall, priced at CEA-<year> in `month`."""
    return {"account": account, "year": year, "price_instrument": f"CEA-{year}", "price_month": month,
            "multiple": multiple, "order_ref": ref, "correction_deadline": correction}


# -- the CCER registry (issue 8) ------------------------------------------------------------

OFFSHORE_WIND = "CCER-01-002-V01"
"""The methodology the CCER builders use unless told otherwise: grid-connected offshore wind, field 01."""


def methodology_direct(chain: Chain, code: str = OFFSHORE_WIND, field_: str | None = None, max_years: int = 10) -> str:
    """Write a published methodology without a transaction; return its code."""
    chain.state.put(keys.methodology(code), {
        "code": code, "name": code, "field": field_ or code[5:7], "max_crediting_years": max_years,
        "version": code[-3:], "status": "active", "set_at": 0})
    return code


def vvb_direct(chain: Chain, account: str, fields: tuple[str, ...] = ("01", "14"), status: str = "active") -> None:
    """Write a VVB's accreditation without a transaction."""
    chain.state.put(keys.vvb(account), {"vvb": account, "fields": tuple(fields), "status": status, "history": ()})


def project_direct(chain: Chain, pid: str, owner: str, validating_vvb: str, registered: str = "2024-10-08T10:00:00+08:00",
                   methodology: str = OFFSHORE_WIND, **changes: Any) -> dict[str, Any]:
    """Write a registered project without a transaction (crediting 2021-01-01 … 2030-12-31); return it."""
    methodology_direct(chain, methodology) if chain.state.get(keys.methodology(methodology)) is None else None
    when = ms(registered)
    record = {
        "id": pid, "owner": owner, "name": f"project {pid}", "methodology": methodology, "field": methodology[5:7],
        "province": "32", "location": "江苏省盐城市", "facility": f"FAC-{pid}", "external_ref": None,
        "construction_start": "2019-06-01", "crediting_start": "2021-01-01", "crediting_end": "2030-12-31",
        "pdd_hash": "ab" * 32, "validating_vvb": validating_vvb, "status": "registered",
        "submitted": {"tx": "00" * 32, "height": 0, "time": when}, "publicity_closes": when, "comments": 0,
        "validation": None, "application": None, "decision": None, "registered_time": when, "cancellation": None,
        "reductions": 0, **changes}
    chain.state.put(keys.project(pid), record)
    chain.state.put(keys.project_claim("facility", record["facility"]), {"project": pid})
    return record


def ccer_direct(chain: Chain, pid: str, year: int, account: str, amount: int) -> str:
    """Create CCER-<pid>-<year> (the project must exist) and issue `amount` to `account` without a transaction."""
    from contracts.ccer import ccer_instrument_id
    iid = ccer_instrument_id(pid, year)
    project = chain.state.get(keys.project(pid))
    if chain.state.get(keys.instrument(iid)) is None:
        chain.state.put(keys.instrument(iid), {
            "id": iid, "kind": "CCER", "vintage": year, "name": f"{project['name']} {year}", "issued": 0,
            "next_serial": 1, "created_at": 0, "project": pid, "methodology": project["methodology"]})
    give_direct(chain, account, iid, amount)
    return iid


# -- the CCER project lifecycle, by transactions (issue 8, engineer "projects") ---------------


def project_body(pid: str, vvb: str, methodology: str = OFFSHORE_WIND, **changes: Any) -> dict[str, Any]:
    """A submit_project body for project `pid` validated by account `vvb` (crediting 2021-01-01 for 10 years)."""
    return {"project": pid, "name": f"项目 {pid}", "methodology": methodology, "province": "32", "location": "江苏省盐城市",
            "facility": f"FAC-{pid}", "construction_start": "2019-06-01", "crediting_start": "2021-01-01",
            "crediting_years": 10, "pdd_hash": "ab" * 32, "validating_vvb": vvb, **changes}


def ensure_methodology(world: World, code: str = OFFSHORE_WIND) -> None:
    """The MEE publishes methodology `code` (the project's file's body, else a generic one) unless it exists."""
    from cli.methodologies import load_methodologies
    if world.chain.state.get(keys.methodology(code)) is None:
        known = {body["code"]: body for body in load_methodologies()}
        body = known.get(code) or {"code": code, "name": code, "field": code[5:7], "max_crediting_years": 10,
                                   "version": code[-3:], "status": "active"}
        world.run("set_methodology", body, "MEE")
        world.check_result("ok")


def ensure_accredited(world: World, vvb: str, *fields_: str) -> None:
    """The MEE accredits VVB `vvb` (a scenario name) for sector fields `fields_` unless it is active for all of them."""
    record = world.chain.state.get(keys.vvb(world.id(vvb)))
    if record is None or record["status"] != "active" or not set(fields_) <= set(record["fields"]):
        held = set(record["fields"]) if record else set()
        world.run("accredit_vvb", {"vvb": world.id(vvb), "status": "active", "fields": sorted(held | set(fields_))}, "MEE")
        world.check_result("ok")


def after_window(world: World, pid: str) -> int:
    """The first block time at which project `pid`'s publicity window has closed: its close, or the next block."""
    return max(world.chain.state.get(keys.project(pid))["publicity_closes"], world.chain.tip.time + 1000)


PROJECT_STAGES = ("submitted", "validated", "applied", "registered")
"""The statuses advance_project can bring a project to, in the order of its life."""


def advance_project(world: World, pid: str, owner: str, vvb: str, until: str = "registered", at: int | None = None,
                    methodology: str = OFFSHORE_WIND, submitted: str | None = None, **changes: Any) -> str:
    """Bring project `pid` of `owner` validated by `vvb` (scenario names) to status `until` by the real transactions
    submit → validate (when the window closes) → apply (both sign) → decide; the last one at block time `at` (ms) if
    given. Publishes the methodology, and accredits the VVB when it must validate; `changes` go into the submit body."""
    ensure_methodology(world, methodology)
    if until != "submitted":
        ensure_accredited(world, vvb, methodology[5:7])
    steps = (("submit_project", project_body(pid, world.id(vvb), methodology, **changes), (owner,)),
             ("validate_project", {"project": pid, "report_hash": "cd" * 32, "conclusion": "positive"}, (vvb,)),
             ("apply_project", {"project": pid, "commitment_hash": "ef" * 32}, (owner, vvb)),
             ("decide_project", {"project": pid, "outcome": "register"}, ("REGISTRY",)))
    last = PROJECT_STAGES.index(until)
    for n, (type_, body, signers) in enumerate(steps[:last + 1]):
        time = ms(submitted) if n == 0 and submitted else None
        if n == 1:  # the VVB reports when the publicity window has closed
            time = after_window(world, pid)
        world.run(type_, body, *signers, time=at if n == last and at is not None else time)
        world.check_result("ok")
    return pid


def register_project(world: World, pid: str, owner: str, vvb: str, methodology: str = OFFSHORE_WIND,
                     submitted: str | None = None, **changes: Any) -> str:
    """Register project `pid` of `owner` validated by `vvb` (scenario names of a project owner and a VVB) by the
    real transactions submit → validate (when the window closes) → apply → decide; return the project id.
    Publishes the methodology and accredits the VVB first when needed; `changes` go into the submit body."""
    return advance_project(world, pid, owner, vvb, "registered", None, methodology, submitted, **changes)
