"""Layers point down only, and the kernel and the rules stay pure: checked by reading the source."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PURE_PACKAGES = ("ledger", "contracts")
FORBIDDEN_IMPORTS = {"fastapi", "sqlmodel", "sqlalchemy", "httpx", "typer", "uvicorn", "requests", "node", "cli"}
# Modules whose mere import means randomness.
RANDOM_MODULES = {"random", "secrets"}
# Calls that read the clock, draw randomness or mint unique ids.
FORBIDDEN_CALLS = {
    "datetime.now", "datetime.utcnow", "datetime.today", "date.today",
    "time.time", "time.time_ns", "time.monotonic", "time.perf_counter",
    "os.urandom", "os.getrandom", "uuid.uuid1", "uuid.uuid4", "uuid1", "uuid4",
}
FORBIDDEN_NAMES = {"urandom", "uuid1", "uuid4", "getrandom"}  # `from os import urandom` and the like


def imported_modules(tree: ast.Module, package: str) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import; relative imports resolved against `package`."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = parts[: len(parts) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            found += [(node.lineno, f"{module}.{alias.name}" if module else alias.name) for alias in node.names]
    return found


def dotted(node: ast.AST) -> str:
    """`a.b.c` for an attribute chain or a name; '' for anything else."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = dotted(node.value)
        return f"{inner}.{node.attr}" if inner else ""
    return ""


def violations(source: str, package: str) -> list[str]:
    """Every layering or purity violation in one module of `package` (e.g. 'ledger' or 'contracts')."""
    tree = ast.parse(source)
    top = package.split(".")[0]
    out = []
    for line, module in imported_modules(tree, package):
        root = module.split(".")[0]
        if root in FORBIDDEN_IMPORTS:
            out.append(f"line {line}: imports {root}")
        if root in RANDOM_MODULES:
            out.append(f"line {line}: imports {root} (randomness)")
        if top == "ledger" and root == "contracts":
            out.append(f"line {line}: the kernel imports contracts (layers point down only)")
        if module.split(".")[-1] in FORBIDDEN_NAMES and root in ("os", "uuid"):
            out.append(f"line {line}: imports {module}")
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = dotted(node.func)
            if any(name == call or name.endswith("." + call) for call in FORBIDDEN_CALLS):
                out.append(f"line {node.lineno}: calls {name}()")
    return list(dict.fromkeys(out))  # `from x import a, b` names x once per line


def sources() -> list[str]:
    """Every .py under the pure packages, relative to the repository root."""
    return [path.relative_to(ROOT).as_posix() for package in PURE_PACKAGES for path in sorted((ROOT / package).rglob("*.py"))]


def package_of(relative: str) -> str:
    """The package a module belongs to: 'ledger/state.py' -> 'ledger', 'ledger/__init__.py' -> 'ledger'."""
    return ".".join(Path(relative).parent.parts)


def test_the_pure_packages_have_sources():
    assert {"ledger/state.py", "ledger/chain.py", "contracts/execute.py", "contracts/transfer.py"} <= set(sources())


@pytest.mark.parametrize("relative", sources())
def test_module_is_pure_and_points_down(relative):
    found = violations((ROOT / relative).read_text(encoding="utf-8"), package_of(relative))
    assert not found, f"{relative}:\n" + "\n".join(found)


# -- the checker itself catches what it claims to ------------------------------------------

@pytest.mark.parametrize("source, package", [
    ("import fastapi", "contracts"),
    ("from sqlmodel import Session", "ledger"),
    ("import sqlalchemy.orm", "contracts"),
    ("import httpx", "ledger"),
    ("from typer import Typer", "contracts"),
    ("import uvicorn", "ledger"),
    ("import requests", "contracts"),
    ("from node.storage import db", "contracts"),
    ("import cli.main", "ledger"),
    ("from contracts import execute_block", "ledger"),
    ("from ..contracts import roles", "ledger"),
    ("from ...contracts.roles import MEE", "ledger.sub"),
    ("from .. import contracts", "ledger"),
    ("from ..node import api", "contracts"),
    ("import random", "contracts"),
    ("from random import Random", "ledger"),
    ("import secrets", "ledger"),
    ("from datetime import datetime\nx = datetime.now()", "contracts"),
    ("import datetime\nx = datetime.datetime.now(datetime.timezone.utc)", "ledger"),
    ("from datetime import datetime\nx = datetime.utcnow()", "contracts"),
    ("import time\nx = time.time()", "ledger"),
    ("import time\nx = time.time_ns()", "contracts"),
    ("import os\nx = os.urandom(32)", "ledger"),
    ("from os import urandom", "contracts"),
    ("import uuid\nx = uuid.uuid4()", "ledger"),
    ("from uuid import uuid4\nx = uuid4()", "contracts"),
])
def test_checker_finds_a_violation(source, package):
    assert violations(source, package)


@pytest.mark.parametrize("source, package", [
    ("from ledger import keys\nfrom ledger.state import State", "contracts"),
    ("from . import fields\nfrom .roles import MEE", "contracts"),
    ("from .errors import Malformed", "ledger"),
    ("from datetime import datetime, timezone\nx = datetime.fromisoformat('2024-01-01T00:00:00+08:00')", "contracts"),
    ("from datetime import datetime, timezone, timedelta\nx = datetime(1970, 1, 1, tzinfo=timezone.utc)", "contracts"),
    ("import hashlib\nx = hashlib.sha256(b'').digest()", "ledger"),
])
def test_checker_allows_pure_code(source, package):
    assert violations(source, package) == []
