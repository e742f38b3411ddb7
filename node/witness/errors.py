"""The witness's refusals: each has the HTTP status C2SP tlog-witness gives it and a stable code."""
from __future__ import annotations


class WitnessError(Exception):
    """A refused request: `status` is the HTTP status, `code` a stable name, `message` what to do about it."""

    status = 400
    code = "witness_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class MalformedRequest(WitnessError):
    """The body is not `old <N>`, proof lines, a blank line and a signed note; or old > the checkpoint's size."""

    status, code = 400, "malformed_request"


class NotSigned(WitnessError):
    """The note lacks a quorum of the trusted validators' signatures."""

    status, code = 403, "no_quorum"


class UnknownLog(WitnessError):
    """The witness trusts no log of this origin."""

    status, code = 404, "unknown_origin"


class OldSizeMismatch(WitnessError):
    """`old` is not the size the witness last cosigned; the client retries from `size`."""

    status, code = 409, "old_size_mismatch"

    def __init__(self, old: int, size: int) -> None:
        super().__init__(f"old size {old} is not {size}, the size this witness last cosigned; retry from {size}")
        self.size = size


class SplitViewRefused(WitnessError):
    """A checkpoint of the size the witness cosigned, with another root: refused and kept as evidence."""

    status, code = 409, "split_view"


class Inconsistent(WitnessError):
    """The consistency proof does not show the checkpoint extends the one the witness cosigned."""

    status, code = 422, "invalid_consistency_proof"


class NoCheckpoint(WitnessError):
    """The witness has cosigned no checkpoint of this origin yet."""

    status, code = 404, "no_checkpoint"
