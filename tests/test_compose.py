"""docker-compose.yml cannot run on these machines, so this test keeps it honest by reading it.

It checks the services, images, ports, volumes and the node command, and that each node's
database URL points at its own PostgreSQL service. PyYAML is not a dependency: the file is
written in a small subset of YAML (block mappings, block lists, plain or double-quoted
scalars, JSON-style flow lists) that `load_compose` reads and that refuses anything else.
"""
from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "docker-compose.yml"
PLAIN = re.compile(r"^[A-Za-z0-9_./:@+-][A-Za-z0-9_./:@+ -]*$")


def scalar(text: str) -> Any:
    """A plain, double-quoted or flow-list scalar; raise ValueError outside the subset."""
    if text.startswith(("\"", "[")):
        return json.loads(text)
    if re.fullmatch(r"-?[0-9]+", text):
        return int(text)
    if not PLAIN.match(text) or ": " in text or " #" in text:
        raise ValueError(f"not in the compose subset: {text!r}")
    return text


def parse_block(lines: list[tuple[int, str]], i: int, indent: int) -> tuple[Any, int]:
    """The mapping or list starting at line `i` whose lines are indented exactly `indent`."""
    is_list = lines[i][1].startswith("- ")
    out: Any = [] if is_list else {}
    while i < len(lines) and lines[i][0] == indent:
        text = lines[i][1]
        if is_list != text.startswith("- "):
            raise ValueError(f"mixed list and mapping at {text!r}")
        if is_list:
            out.append(scalar(text[2:].strip()))
            i += 1
            continue
        key, sep, rest = text.partition(":")
        if not sep or (rest and not rest.startswith(" ")):
            raise ValueError(f"not a 'key: value' line: {text!r}")
        if rest.strip():
            out[key], i = scalar(rest.strip()), i + 1
        elif i + 1 < len(lines) and lines[i + 1][0] > indent:
            out[key], i = parse_block(lines, i + 1, lines[i + 1][0])
        else:
            out[key], i = None, i + 1
    if i < len(lines) and lines[i][0] > indent:
        raise ValueError(f"unexpected indentation at {lines[i][1]!r}")
    return out, i


def load_compose(text: str) -> dict[str, Any]:
    """Parse the compose file's YAML subset."""
    lines = [(len(raw) - len(raw.lstrip(" ")), raw.strip()) for raw in text.splitlines()
             if raw.strip() and not raw.lstrip().startswith("#")]
    value, end = parse_block(lines, 0, 0)
    if end != len(lines):
        raise ValueError("trailing lines")
    return value


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return load_compose(COMPOSE.read_text(encoding="utf-8"))


def nodes(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {name: s for name, s in compose["services"].items() if name.startswith("node-")}


def node_command(service: dict[str, Any]) -> list[str]:
    """The node's command as words (the shell line after `sh -c` split the way sh would)."""
    command = service["command"]
    assert command[:2] == ["sh", "-c"]
    return shlex.split(command[2].split("exec ", 1)[1])


def test_compose_has_a_node_and_its_postgres(compose):
    assert set(compose["services"]) == {"node-1", "postgres-1"}
    assert compose["services"]["postgres-1"]["image"] == "postgres:16"
    assert compose["services"]["node-1"]["image"] == "tanledger:0.1.0" and compose["services"]["node-1"]["build"] == "."


def test_compose_node_command_starts_the_node(compose):
    for name, service in nodes(compose).items():
        words = node_command(service)
        assert words[:3] == ["tanledger", "node", "start"]
        assert words[words.index("--home") + 1] == "/var/lib/tanledger"
        assert words[words.index("--host") + 1] == "0.0.0.0"
        assert "genesis init /var/lib/tanledger" in service["command"][2]


def test_compose_each_node_uses_its_own_postgres(compose):
    for name, service in nodes(compose).items():
        words = node_command(service)
        url = urlsplit(words[words.index("--db") + 1])
        own = name.replace("node-", "postgres-")
        assert url.scheme == "postgresql+psycopg" and url.hostname == own and url.port == 5432
        assert service["depends_on"][own]["condition"] == "service_healthy"
        env = compose["services"][own]["environment"]
        assert (url.username, url.password, url.path) == (env["POSTGRES_USER"], env["POSTGRES_PASSWORD"], f"/{env['POSTGRES_DB']}")


def test_compose_ports_and_volumes(compose):
    node = compose["services"]["node-1"]
    words = node_command(node)
    assert node["ports"] == [f"{words[words.index('--port') + 1]}:26657"]
    declared = set(compose["volumes"])
    mounts = {s.split(":")[0]: s.split(":")[1] for svc in compose["services"].values() for s in svc["volumes"]}
    assert mounts == {"node-1-home": "/var/lib/tanledger", "postgres-1-data": "/var/lib/postgresql/data"}
    assert set(mounts) == declared


def test_compose_postgres_has_a_healthcheck(compose):
    check = compose["services"]["postgres-1"]["healthcheck"]
    assert check["test"][0] == "CMD-SHELL" and check["test"][1].startswith("pg_isready")


def test_dockerfile_runs_the_node():
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert text.startswith("#") and "FROM python:3.11-slim" in text and "RUN pip install ." in text
    cmd = json.loads(next(line for line in text.splitlines() if line.startswith("CMD "))[4:])
    assert cmd[:3] == ["tanledger", "node", "start"] and "/var/lib/tanledger" in cmd
    for package in ("ledger", "contracts", "node", "cli"):
        assert f"COPY {package} ./{package}" in text


@pytest.mark.parametrize("bad", ["a: b: c", "key:value", "a:\n  - x\n  y: z", "a: {x: 1}", "a: 'single'"])
def test_invalid_compose_subset_refuses_what_it_cannot_read(bad):
    with pytest.raises(ValueError):
        load_compose(bad)
