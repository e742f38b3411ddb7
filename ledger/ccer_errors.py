"""The CCER registry's errors: each class has a stable `code` the API and CLI show (see ledger/errors.py).

Kept apart from ledger/errors.py so that each file stays readable; they are one tree (every class here
derives from InvalidTransaction or Unauthorized), so the API lists these codes with the others.
"""
from __future__ import annotations

from .errors import InvalidTransaction, Unauthorized


class CommitmentSameParty(Unauthorized):
    """The owner's and the VVB's commitments (双承诺) come from one account: two parties must commit."""

    code = "commitment_same_party"


class CommitmentSameInstitution(Unauthorized):
    """The owner's and the VVB's accounts belong to one institution (one organization code of their credit codes)."""

    code = "commitment_same_institution"


class PublicityWindowOpen(InvalidTransaction):
    """A report filed before the 20-working-day publicity window of its document closed (S8 Art.12, 19)."""

    code = "publicity_window_open"


class VvbNotAccredited(InvalidTransaction):
    """The body is not accredited for the methodology's field, or its accreditation was revoked."""

    code = "vvb_not_accredited"


class VvbSuspended(InvalidTransaction):
    """The body's accreditation is suspended: its new reports are refused."""

    code = "vvb_suspended"


class SameVvb(InvalidTransaction):
    """The body that verifies reductions validated the project (S8 Art.18)."""

    code = "same_vvb"


class ConstructionTooEarly(InvalidTransaction):
    """The project's construction started on or before the rule's date (2012-11-08, S8 Art.10)."""

    code = "construction_too_early"


class ProjectUnderEts(InvalidTransaction):
    """The project is a facility of an entity under national or local ETS allowance management (S8 Art.10, S2 Art.29)."""

    code = "project_under_ets"


class DoubleRegistration(InvalidTransaction):
    """A project with the same facility or external reference is registered or claimed elsewhere."""

    code = "double_registration"


class ProjectCancelled(InvalidTransaction):
    """The project was cancelled: final, it never registers again."""

    code = "project_cancelled"


class ProjectNotRegistered(InvalidTransaction):
    """The step needs a registered project."""

    code = "project_not_registered"


class ReductionsTooEarly(InvalidTransaction):
    """Part of the monitoring period is before the rule's date (2020-09-22, S8 Art.17)."""

    code = "reductions_too_early"


class OutsideCreditingPeriod(InvalidTransaction):
    """Part of the monitoring period is outside the project's crediting period (S8 Art.17)."""

    code = "outside_crediting_period"


class FilingTooOld(InvalidTransaction):
    """The monitoring period starts more than the rule's years (5) before the application (S8 Art.17)."""

    code = "filing_too_old"


class AmountNotVerified(InvalidTransaction):
    """The amount applied for differs from the amount the VVB verified."""

    code = "amount_not_verified"


class PeriodOverlap(InvalidTransaction):
    """The monitoring period overlaps one already issued (or under way) for the project."""

    code = "period_overlap"


class CcerNotEligible(InvalidTransaction):
    """The CCER does not meet the cycle's offset eligibility (registration date, ETS origin)."""

    code = "ccer_not_eligible"


class UnitsSuspended(InvalidTransaction):
    """The project's units are suspended from moving by the registry's fraud order (S8 Art.43)."""

    code = "units_suspended"


class MethodologyWithdrawn(InvalidTransaction):
    """The methodology was withdrawn by the MEE: it takes no new project."""

    code = "methodology_withdrawn"


class CreditingTooLong(InvalidTransaction):
    """The project's crediting period is longer than its methodology's maximum."""

    code = "crediting_too_long"


class PublicityWindowClosed(InvalidTransaction):
    """A comment filed after the 20-working-day publicity window of the document closed."""

    code = "publicity_window_closed"


class ValidationNegative(InvalidTransaction):
    """An application for registration without a positive validation report."""

    code = "validation_negative"


class AccreditationRevoked(InvalidTransaction):
    """A change to a VVB's accreditation after the MEE revoked it: revocation is final."""

    code = "accreditation_revoked"


class ReportWrongStatus(InvalidTransaction):
    """The reduction report is not at the step this transaction takes (submitted → verified → applied → issued)."""

    code = "wrong_report_status"


class PeriodNotOver(InvalidTransaction):
    """The monitoring period has not ended before the report's block date: reductions are reported once produced."""

    code = "period_not_over"
class PurposeReserved(InvalidTransaction):
    """A cancellation names a purpose reserved for another step: national_ets_offset for a surrender's offset,
    fraud_remedy for the owner of a project under an open fraud order (S8 Art.28, 43)."""

    code = "purpose_reserved"


class FraudOrderClosed(InvalidTransaction):
    """The project's fraud order is no longer open: the owner fulfilled it, or the registry enforced it (S8 Art.43)."""

    code = "fraud_order_closed"
