"""Test configuration: make `tests/helpers.py` importable as `helpers`; mark tests needing PostgreSQL or Chromium."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from needs import mark_needs


def pytest_collection_modifyitems(items: list) -> None:
    """Mark every test whose fixtures open PostgreSQL `postgres` and every one that drives Chromium `browser`."""
    mark_needs(items)
