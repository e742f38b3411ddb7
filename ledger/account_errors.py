"""The accounts' errors (signing policies, key recovery, the working-day calendar, corrections, prices): each class
has a stable `code` the API and CLI show (see ledger/errors.py).

Kept apart from ledger/errors.py so that each file stays readable; they are one tree with it, so the API lists these
codes with the others.
"""
from __future__ import annotations

from .errors import AlreadyExists, InvalidField, InvalidTransaction, Unauthorized


class ThresholdNotMet(Unauthorized):
    """An account signed with fewer of its keys than its signing policy (k of n) requires."""

    code = "threshold_not_met"


class SameInstitution(Unauthorized):
    """A rule needs two institutions' signatures and one account would stand for both."""

    code = "same_institution"


class ConflictingRoles(InvalidField):
    """One account would hold two of the roles MEE, province, registry and exchange."""

    code = "conflicting_roles"


class ThresholdAboveKeys(InvalidTransaction):
    """A signing policy needs more signatures than the account has keys."""

    code = "threshold_above_keys"


class SigningPolicyTooWeak(InvalidTransaction):
    """An entity account's policy needs fewer signers than the market rule entity_min_signers (maker–checker)."""

    code = "signing_policy_too_weak"


class RecoveryPending(AlreadyExists):
    """The account already has a key recovery waiting: it is vetoed or completed before another starts."""

    code = "recovery_pending"


class RecoveryClosed(InvalidTransaction):
    """The key recovery was already vetoed or completed."""

    code = "recovery_closed"


class RecoveryWaitNotOver(InvalidTransaction):
    """A key recovery completes only after its waiting period of working days."""

    code = "recovery_wait_not_over"


class VetoWindowClosed(InvalidTransaction):
    """The waiting period of a key recovery is over: the account can no longer veto it."""

    code = "veto_window_closed"


class CalendarMissing(InvalidTransaction):
    """A count of working days reaches a year whose calendar the MEE has not put on the ledger."""

    code = "calendar_missing"
class CorrectionNotOpen(InvalidTransaction):
    """After the surrender deadline and before the province's enforcement order: no correction period yet."""

    code = "correction_not_open"


class CorrectionPeriodOver(InvalidTransaction):
    """The correction period (责令限期改正) the province's enforcement order set has ended."""

    code = "correction_period_over"


class PriceNotPublished(InvalidTransaction):
    """The exchange has not published the monthly average price a fine needs."""

    code = "price_not_published"


class WrongPriceMonth(InvalidTransaction):
    """The fine's price month is not the month of the deadline or the one before it (S1 Art.24)."""

    code = "wrong_price_month"


class MonthNotOver(InvalidTransaction):
    """A monthly average price can be published only once its month is over."""

    code = "month_not_over"


class OffsetNotRefundable(InvalidTransaction):
    """CCER cancelled as an offset is final: a correction or exemption cannot return it."""

    code = "offset_not_refundable"
