"""Protocol constants: fixed by the code, never changed by a transaction.

Chain parameters (deadlines, caps, ratios) are ledger data set by the authority's
transactions; node settings (ports, database URL) live in `node.settings`.
"""
from __future__ import annotations

# Domain separation prefixes: a signature or hash made for one purpose is useless for another.
TX_SIGN_PREFIX = b"tanledger/tx/v1\n"
BLOCK_HASH_PREFIX = b"tanledger/block/v1\n"
APP_HASH_PREFIX = b"tanledger/apphash/v2\n"  # v2: binds the state tree's size too (v1 did not)

# RFC 8785 (I-JSON) integers: exact only up to 2^53 - 1.
MAX_SAFE_INTEGER = 2**53 - 1

# How deep JSON arrays and objects may nest: a fixed limit, so that admission and execution
# agree whatever their call stacks (a transaction body needs fewer than 8 levels).
MAX_JSON_DEPTH = 64

# Ed25519 (RFC 8032) sizes, bytes.
PUBKEY_BYTES = 32
SIGNATURE_BYTES = 64

# A transaction's raw size cap, bytes: large enough for a batch order of 1,000 accounts.
MAX_TX_BYTES = 256 * 1024

# Basis points: 10,000 bp = 100 %. Ratios on the ledger are integers in basis points.
BP = 10_000

# The 80 % shortfall floor of S3 §五(三), in basis points: a default the cycle may override.
DEFAULT_SHORTFALL_FLOOR_BP = 8_000

# Fine multiples of S1 Art.24: 5 to 10 times the average price.
FINE_MULTIPLE_MIN = 5
FINE_MULTIPLE_MAX = 10

# Terminal account ids: units that reach them never move again.
CANCELLED_ACCOUNT = "CANCELLED"
WITHDRAWN_ACCOUNT = "WITHDRAWN"
SURRENDERED_PREFIX = "SURRENDERED-"  # one per compliance year, e.g. SURRENDERED-2024

# China Standard Time, the market's legal time zone (UTC+8), in milliseconds.
CST_OFFSET_MS = 8 * 3600 * 1000

# Holding sub-states.
AVAILABLE = "available"
FROZEN = "frozen"
PENDING_SURRENDER = "pending_surrender"
PENDING_CANCELLATION = "pending_cancellation"
# Units a province's account holds for one entity under forced compliance (S3 §五(四)): only that
# entity's forced surrender, its release or a true-up take-back moves them; transfer, cancel and
# surrender take only available units.
EARMARKED = "earmarked"
# CCER an entity froze to offset part of one compliance year's obligation (S2 Art.29): consumed by its
# surrender, or released at the cycle's deadline (contracts/ccer.py, the pending_offset record).
PENDING_OFFSET = "pending_offset"
SUB_STATES = (AVAILABLE, FROZEN, PENDING_SURRENDER, PENDING_CANCELLATION, EARMARKED, PENDING_OFFSET)


def surrendered_account(year: int) -> str:
    """The terminal account that receives the surrenders of compliance year `year`."""
    return f"{SURRENDERED_PREFIX}{year}"


def is_terminal_account(account_id: str) -> bool:
    """True for the accounts from which units never move."""
    return account_id in (CANCELLED_ACCOUNT, WITHDRAWN_ACCOUNT) or account_id.startswith(SURRENDERED_PREFIX)
