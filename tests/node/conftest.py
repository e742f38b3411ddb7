"""Fixtures of the node tests: a database of each kind, a node home, an open node, an API client.

PostgreSQL tests use the server of TANLEDGER_TEST_PG (default postgresql+psycopg://postgres@127.0.0.1:5432/test),
each in a fresh schema that is dropped afterwards. They never skip: a server that is down fails them.
"""
from __future__ import annotations

import os
import uuid
import warnings
from pathlib import Path
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from node_helpers import make_settings, open_node, write_home

with warnings.catch_warnings():  # Starlette's notice that its TestClient will move to httpx2
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PG_URL = os.environ.get("TANLEDGER_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture
def pg_url() -> Iterator[str]:
    """The URL of a fresh, empty PostgreSQL schema, dropped after the test."""
    schema = f"tl_node_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except OperationalError as exc:
        admin.dispose()
        pytest.fail(f"PostgreSQL at {PG_URL} is not reachable (set TANLEDGER_TEST_PG): {exc.orig}", pytrace=False)
    sep = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database URL: a SQLite file, then a PostgreSQL schema."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A node home with the test genesis and validator v1's key."""
    return write_home(tmp_path / "home")


@pytest.fixture
def node(home: Path):
    """An open node on a SQLite home, solo engine, simulated clock, blocks only on produce_now()."""
    opened = open_node(make_settings(home))
    yield opened
    opened.close()


@pytest.fixture
def client(node):
    """A TestClient on the API of `node`."""
    from node.api import create_app

    with TestClient(create_app(node.settings, node)) as test_client:
        yield test_client
