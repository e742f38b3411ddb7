"""The repository stands alone: no file points outside it, and the data it ships is what the code reads."""
from __future__ import annotations

import ast
import json
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Built from pieces so that this file does not name the folder it looks for.
FOREIGN = ("/".join(["..", "sha" + "red"]) + "/", "/".join(["", "work", "sha" + "red"]))
SHIPPED_PACKAGES = ("ledger", "contracts", "node", "cli")
TEST_ONLY = {"rfc8785", "pytest", "hypothesis", "pytest_bdd"}


def tracked_files() -> list[Path]:
    """Every file git tracks in the repository (the checkout CI runs on is a git clone)."""
    listing = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    return [ROOT / name for name in listing.decode("utf-8").split("\0") if name]


def foreign_mentions(text: str) -> list[str]:
    """The lines of `text` that name a folder outside the repository."""
    return [line.strip() for line in text.splitlines() if any(needle in line for needle in FOREIGN)]


def test_no_tracked_file_points_outside_the_repository():
    files = tracked_files()
    assert len(files) > 100 and ROOT / "README.md" in files
    found = {}
    for path in files:
        if path.is_file():
            lines = foreign_mentions(path.read_bytes().decode("utf-8", errors="replace"))
            if lines:
                found[path.relative_to(ROOT).as_posix()] = lines
    assert not found, f"files naming a folder outside the repository: {found}"


@pytest.mark.parametrize("text", ["see ../" + "shared/DOMAIN.md", "open('/work/" + "shared/x')"])
def test_the_search_finds_a_mention(text):
    assert foreign_mentions(f"first line\n{text}\n") == [text]


def imported_roots(path: Path) -> set[str]:
    """The top-level names of every module `path` imports."""
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def test_shipped_code_imports_no_test_only_dependency():
    found = {path.relative_to(ROOT).as_posix(): sorted(imported_roots(path) & TEST_ONLY)
             for package in SHIPPED_PACKAGES for path in sorted((ROOT / package).rglob("*.py"))
             if "pb" not in path.relative_to(ROOT).parts}
    assert not {name: roots for name, roots in found.items() if roots}
    assert "ledger/encoding.py" in found


def test_the_merkle_vectors_ship_with_their_licence_and_source():
    folder = ROOT / "tests" / "vectors" / "transparency-dev-merkle"
    assert "Apache License" in (folder / "LICENSE").read_text(encoding="utf-8")
    assert "transparency-dev/merkle" in (folder / "README.md").read_text(encoding="utf-8")
    assert len(list(folder.glob("*/**/*.json"))) == 196


def test_the_calendar_names_its_source_for_every_year():
    from cli.workdays import DATA_FILE, load_calendar

    doc = json.loads((ROOT / "cli" / "data" / DATA_FILE).read_text(encoding="utf-8"))
    assert "State Council" in doc["about"]
    assert [body["year"] for body in load_calendar()] == sorted(body["year"] for body in doc["years"])
    for body in doc["years"]:
        assert f"{body['year']}年部分节假日安排的通知" in body["source"] and "国办发明电" in body["source"]


# -- the marks of tests that need PostgreSQL or Chromium (tests/needs.py) --------------------------

@pytest.mark.parametrize("fixtures, params, expected", [
    (["tmp_path", "pg_url"], {}, {"postgres"}),
    (["make_network", "pg_schemas"], {}, {"postgres"}),
    (["db_url", "home"], {"db_url": "postgresql"}, {"postgres"}),
    (["db_url", "home"], {"db_url": "sqlite"}, set()),
    (["page", "browser", "served"], {}, {"browser"}),
    (["verifier", "browser", "pg_url"], {}, {"browser", "postgres"}),
    (["tmp_path"], {}, set()),
])
def test_needs_reads_the_fixtures(fixtures, params, expected):
    from needs import needs

    assert needs(fixtures, params) == expected
