"""The state's key space: one function per kind of entry, so no key is spelled twice."""
from __future__ import annotations


def participant(pid: str) -> str:
    """A participant and its account (one account per participant): roles, keys, status."""
    return f"participant/{pid}"


def signer(pubkey_hex: str) -> str:
    """Which participant a public key belongs to."""
    return f"signer/{pubkey_hex}"


def nonce(pid: str) -> str:
    """The last nonce a participant committed; its next transaction carries this + 1."""
    return f"nonce/{pid}"


def holding(account: str, instrument: str) -> str:
    """The serial ranges an account holds of one instrument, per sub-state."""
    return f"holding/{account}/{instrument}"


def holding_prefix(account: str) -> str:
    return f"holding/{account}/"


def instrument(iid: str) -> str:
    """An instrument (a CEA vintage or a CCER batch): issued amount and next serial."""
    return f"instrument/{iid}"


def cycle(year: int) -> str:
    """A compliance cycle's parameters."""
    return f"cycle/{year}"


def cycle_prefix() -> str:
    """The prefix of every compliance cycle's key."""
    return "cycle/"


def obligation(year: int, account: str) -> str:
    """An entity's compliance record for a year: verified emissions, allocated, surrendered."""
    return f"obligation/{year}/{account}"


def obligation_prefix(year: int) -> str:
    return f"obligation/{year}/"


def validators() -> str:
    """The current validator set: entries {name, pubkey, power[, consensus_pubkey, address]}."""
    return "chain/validators"


def validator_history() -> str:
    """Every validator-set change applied since genesis: {height, id, validators}, oldest first."""
    return "chain/validator_history"


def validator_proposal(proposal_id: str) -> str:
    """A proposed change to the validator set, with its approvals and status (open, applied)."""
    return f"governance/validators/{proposal_id}"


def chain_params() -> str:
    return "chain/params"


def clock_offset() -> str:
    """Milliseconds added to the consensus engine's block time (devnet only, set by advance_clock)."""
    return "chain/clock_offset"


def flow(account: str) -> str:
    """An account's (bought, sold) tonnes per '<calendar year>/<instrument>' (for carry-over)."""
    return f"flow/{account}"


def carryover() -> str:
    return "carryover/notice"


def carryover_snapshot(account: str) -> str:
    return f"carryover/snapshot/{account}"


def carryover_application(account: str, number: int) -> str:
    """An entity's carry-over application `number` (1, 2, …): the units it froze, whether executed."""
    return f"carryover/application/{account}/{number:06d}"


def carryover_application_prefix(account: str) -> str:
    return f"carryover/application/{account}/"


def order(issuer: str, kind: str, ref: str) -> str:
    """An order `ref` of one kind that institution `issuer` executed, so that it is never executed twice.

    Each issuer and kind has its own namespace: a court order's reference can never collide with a
    province's shortfall decision or a key-rotation request, whatever characters the reference holds.
    """
    return f"order/{issuer}/{kind}/{ref}"


def evidence(height: int, index: int) -> str:
    """Misbehaviour the consensus engine reported in block `height` (public evidence against a validator)."""
    return f"evidence/{height:012d}/{index}"



def market_rules() -> str:
    """The market's governance settings set by the MEE (contracts/market_rules.py); defaults where absent."""
    return "chain/market_rules"


def trade(exchange: str, ref: str) -> str:
    """A trade `ref` that exchange `exchange` settled, so that one trade reference settles one transfer."""
    return f"trade/{exchange}/{ref}"


def recovery(account: str) -> str:
    """The account's latest lost-key recovery: new keys and threshold, who asked, when it is due, its status."""
    return f"recovery/{account}"


def calendar(year: int) -> str:
    """The working-day calendar of one year (China Standard Time): public holidays and adjusted working days."""
    return f"calendar/{year}"


def price(instrument: str, month: str) -> str:
    """The exchange's monthly average price of an instrument (fen per tonne), month as YYYY-MM (China time)."""
    return f"price/{instrument}/{month}"


def price_prefix(instrument: str) -> str:
    return f"price/{instrument}/"


def fixed_status(year: int, account: str) -> str:
    """An entity's compliance status for `year` as fixed at the deadline (never changed afterwards)."""
    return f"compliance_fixed/{year}/{account}"


def fixed_status_prefix(year: int) -> str:
    return f"compliance_fixed/{year}/"


def fixed_summary(year: int) -> str:
    """The year's compliance totals as fixed at the deadline, with the height and time of fixing."""
    return f"compliance_fixed/{year}"


# -- the CCER registry (contracts/ccer.py describes each record) --------------------------


def methodology(code: str) -> str:
    """A CCER methodology the MEE published: name, sector field, maximum crediting period, version, status."""
    return f"ccer/methodology/{code}"


def vvb(pid: str) -> str:
    """A validation/verification body's accreditation: its fields, status and the dates of each change."""
    return f"ccer/vvb/{pid}"


def project(pid: str) -> str:
    """A CCER project: design document, windows, validation, application, decision, issuances, status."""
    return f"ccer/project/{pid}"


def project_claim(kind: str, value: str) -> str:
    """Who claims a facility or an external reference: a project here, or a record of a claim elsewhere.

    `kind` is "facility" or "ref"; the value is the facility id or the external reference. A registered or
    cancelled project holds its claim for good: no double registration, no double claiming."""
    return f"ccer/claim/{kind}/{value}"


def project_comment(pid: str, number: int) -> str:
    """A public comment `number` (1, 2, …) filed on a project during its publicity."""
    return f"ccer/comment/{pid}/{number:06d}"


def reduction(pid: str, number: int) -> str:
    """A project's reduction report `number` (1, 2, …): period, verifying VVB, window, verification, issuance."""
    return f"ccer/reduction/{pid}/{number:04d}"


def reduction_prefix(pid: str) -> str:
    return f"ccer/reduction/{pid}/"


def certificate(tx_id: str) -> str:
    """The public cancellation certificate of the transaction `tx_id` (hex) that cancelled units."""
    return f"ccer/certificate/{tx_id}"


def pending_offset(year: int, account: str) -> str:
    """The CCER an entity froze as pending offset for compliance year `year`: {instrument: ranges}."""
    return f"ccer/pending_offset/{year}/{account}"


def pending_offset_prefix(year: int) -> str:
    return f"ccer/pending_offset/{year}/"


def fraud_order(pid: str) -> str:
    """The registry's fraud order on a project (S8 Art.43): units suspended, amount to cancel, due, cancelled."""
    return f"ccer/fraud/{pid}"


def pending_offset_all_prefix() -> str:
    """Every year's pending offset records (a succession moves an account's records of all years)."""
    return "ccer/pending_offset/"


def fraud_order_prefix() -> str:
    """Every project's fraud order."""
    return "ccer/fraud/"
