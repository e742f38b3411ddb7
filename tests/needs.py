"""Which outside service a test needs, read from its fixtures: marked `postgres` or `browser` at collection.

Marks only select (`pytest -m "not browser"`); they never skip. A test whose server or browser is
missing fails and says what to install, so CI (.ci/run, which installs both) stays strict.
"""
from __future__ import annotations

from typing import Any
from collections.abc import Iterable

# Fixtures that open a PostgreSQL connection (tests/node/conftest.py, tests/network/test_network.py).
POSTGRES_FIXTURES = {"pg_url", "pg_schemas"}
# Fixtures parametrized over the database kind, and the parameter that means PostgreSQL.
DATABASE_PARAMS = {"db_url": "postgresql"}
# Fixtures that start Debian's Chromium (tests/explorer/conftest.py).
BROWSER_FIXTURES = {"browser"}


def needs(fixturenames: Iterable[str], params: dict[str, Any]) -> set[str]:
    """The marker names a test with these fixtures and parameters must carry: 'postgres', 'browser'."""
    names = set(fixturenames)
    found = set()
    if names & POSTGRES_FIXTURES or any(params.get(f) == kind for f, kind in DATABASE_PARAMS.items()):
        found.add("postgres")
    if names & BROWSER_FIXTURES:
        found.add("browser")
    return found


def mark_needs(items: list[Any]) -> None:
    """Add the `postgres` and `browser` marks to every collected test whose fixtures need them."""
    import pytest

    for item in items:
        callspec = getattr(item, "callspec", None)
        for name in sorted(needs(getattr(item, "fixturenames", ()), callspec.params if callspec else {})):
            if item.get_closest_marker(name) is None:
                item.add_marker(getattr(pytest.mark, name))
