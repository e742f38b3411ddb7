"""One error tree for the whole ledger; each class has a stable `code` the API and CLI show.

`NotFound` maps to HTTP 404, `Unauthorized` to 403, every other `LedgerError` to 422.
"""
from __future__ import annotations


class LedgerError(Exception):
    """Base of every error the ledger raises on purpose."""

    code = "ledger_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def to_dict(self) -> dict[str, str]:
        """The `{code, message}` pair shown at the edge."""
        return {"code": self.code, "message": self.message}


class InvalidTransaction(LedgerError):
    code = "invalid_transaction"


class Malformed(InvalidTransaction):
    """The bytes are not a well-formed transaction."""

    code = "malformed"


class NonCanonical(InvalidTransaction):
    """The bytes parse but are not the RFC 8785 canonical form."""

    code = "non_canonical"


class BadSignature(InvalidTransaction):
    code = "bad_signature"


class WrongChain(InvalidTransaction):
    code = "wrong_chain"


class NonceReused(InvalidTransaction):
    """The nonce is not above the signer's last committed nonce: a replay or a duplicate."""

    code = "nonce_reused"


class NonceGap(InvalidTransaction):
    """The nonce skips ahead of the signer's next nonce (last committed + 1)."""

    code = "nonce_gap"


class UnknownType(InvalidTransaction):
    code = "unknown_type"


class InvalidField(InvalidTransaction):
    """A body field is missing, of the wrong type, or out of range."""

    code = "invalid_field"


class Unauthorized(InvalidTransaction):
    code = "unauthorized"


class NotFound(InvalidTransaction):
    code = "not_found"


class AlreadyExists(InvalidTransaction):
    code = "already_exists"


class AccountRestricted(InvalidTransaction):
    code = "account_restricted"


class AccountClosed(InvalidTransaction):
    code = "account_closed"


class InsufficientHolding(InvalidTransaction):
    code = "insufficient_holding"


class RangeNotHeld(InvalidTransaction):
    code = "range_not_held"


class TerminalAccount(InvalidTransaction):
    """Units in a terminal account (surrendered, cancelled, withdrawn) never move again."""

    code = "terminal_account"


class DeadlinePassed(InvalidTransaction):
    code = "deadline_passed"


class DeadlineNotPassed(InvalidTransaction):
    code = "deadline_not_passed"


class VintageNotEligible(InvalidTransaction):
    code = "vintage_not_eligible"


class NoObligation(InvalidTransaction):
    code = "no_obligation"


class ExceedsObligation(InvalidTransaction):
    code = "exceeds_obligation"


class OffsetCapExceeded(InvalidTransaction):
    code = "offset_cap_exceeded"


class CommitmentMissing(InvalidTransaction):
    code = "commitment_missing"


class NotEligible(InvalidTransaction):
    """The participant does not meet a rule's eligibility condition."""

    code = "not_eligible"


class ExceedsEntitlement(InvalidTransaction):
    code = "exceeds_entitlement"


class DevnetOnly(InvalidTransaction):
    """The transaction is allowed only on a chain whose params say network "devnet"."""

    code = "devnet_only"


class InvalidState(InvalidTransaction):
    """The transaction is valid but not in the current phase of its process."""

    code = "invalid_state"


class AlreadyApproved(AlreadyExists):
    """The institution has already approved this proposal: each approves once."""

    code = "already_approved"


class InvalidValidatorSet(InvalidTransaction):
    """The validator set a change would produce is empty, too large, or has two validators sharing a key."""

    code = "invalid_validator_set"


class ExecutionFault(InvalidTransaction):
    """A rule raised something other than an InvalidTransaction: a defect in the rules. The transaction is
    refused and changes nothing; the chain goes on."""

    code = "execution_fault"


class ExceedsSupplyLimit(InvalidTransaction):
    """An issuance would number serials past 2^53 − 1, beyond what a JSON integer names exactly."""

    code = "exceeds_supply_limit"


class ExchangeSettlementRequired(InvalidTransaction):
    """A transfer signed only by its holder while market rule bilateral_transfers is off: settle it through the exchange."""

    code = "exchange_settlement_required"


class AlreadyPreAllocated(AlreadyExists):
    """The entity's pre-allocation of the year was already made: one per entity and year."""

    code = "already_pre_allocated"


class AlreadyTruedUp(InvalidTransaction):
    """The year's true-up was made: a pre-allocation may no longer follow it."""

    code = "already_trued_up"


class EmissionsNotRecorded(InvalidTransaction):
    """The verified emissions a rule needs (the pre-allocation basis, the true-up's year) are not on the ledger."""

    code = "emissions_not_recorded"


class InvalidBlock(LedgerError):
    code = "invalid_block"


class ProofError(LedgerError):
    code = "proof_error"


class RootMismatch(ProofError):
    code = "root_mismatch"

    def __init__(self, expected: bytes, calculated: bytes) -> None:
        super().__init__(f"root mismatch: expected {expected.hex()}, calculated {calculated.hex()}")
        self.expected = expected
        self.calculated = calculated


class MalformedProof(ProofError):
    """A hash in a proof, a root or a leaf hash is not 32 bytes."""

    code = "malformed_proof"


class ProofLengthError(ProofError):
    """A proof has more or fewer hashes than its sizes call for (truncated or extended)."""

    code = "proof_length"

    def __init__(self, expected: int, got: int) -> None:
        super().__init__(f"proof has {got} hashes, the sizes call for {expected}")
        self.expected = expected
        self.got = got


class InclusionProofError(ProofError):
    """An inclusion proof's index and tree size do not fit (index outside the tree)."""

    code = "invalid_inclusion_proof"


class ConsistencyProofError(ProofError):
    """A consistency proof's sizes do not fit (size1 > size2, size1 = 0)."""

    code = "invalid_consistency_proof"


class BadTreeSize(ProofError):
    """A proof or root was asked for a size the log has not reached."""

    code = "bad_tree_size"


class SplitView(ProofError):
    """Two checkpoints of one size with different roots: the log showed two histories."""

    code = "split_view"

    def __init__(self, size: int, root1: bytes, root2: bytes) -> None:
        super().__init__(f"split view: two checkpoints of size {size} with roots {root1.hex()} and {root2.hex()}")
        self.size = size
        self.root1 = root1
        self.root2 = root2


class ConsistencyProofMissing(ProofError):
    """A checkpoint differs in size from the last verified one and no consistency proof links them."""

    code = "consistency_proof_missing"


class BadBundle(ProofError):
    """A `.tlog-proof` bundle is not well formed."""

    code = "bad_bundle"


class CheckpointError(ProofError):
    """A checkpoint note that does not verify against the trusted validator keys."""

    code = "checkpoint_error"


class BadNote(CheckpointError):
    """The text is not a well-formed signed note or checkpoint body."""

    code = "bad_note"


class UnknownOrigin(CheckpointError):
    code = "unknown_origin"


class NoValidatorSet(CheckpointError):
    """The trust root holds no validator set valid at the checkpoint's tree size."""

    code = "no_validator_set"


class BadCheckpointSignature(CheckpointError):
    """A signature line from a trusted validator key does not verify."""

    code = "bad_signature"


class NoQuorum(CheckpointError):
    code = "no_quorum"

    def __init__(self, have: int, need: int) -> None:
        super().__init__(f"checkpoint signed by {have} trusted validators, quorum needs {need}")
        self.have = have
        self.need = need


class NoWitnessQuorum(CheckpointError):
    code = "no_witness_quorum"

    def __init__(self, have: int, need: int, of: int) -> None:
        super().__init__(f"checkpoint cosigned by {have} of the {of} trusted witnesses, the trust file's policy needs "
                         f"{need}: the node may not have gathered them yet (try again shortly) or may be showing "
                         "you a view the witnesses refused")
        self.have = have
        self.need = need


class StaleCheckpoint(CheckpointError):
    """The checkpoint's witnessed time is older than the verifier's maximum age (or it has none)."""

    code = "stale_checkpoint"


class BadTrust(CheckpointError):
    """The trust root (origin, validator keys, quorum) is malformed or too weak."""

    code = "bad_trust"
