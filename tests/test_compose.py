"""docker-compose.yml cannot run on these machines, so this test keeps it honest by reading it.

It checks the four validators: the `init` service that writes the network, each node running
the home `network init` writes for it, its database URL pointing at its own PostgreSQL, the
published ports, the volumes; that the Dockerfile builds the CometBFT the Makefile pins; and,
for real, that the init service's own `tanledger network init` command writes configs whose
peers are the other nodes' services. PyYAML is not a dependency: the file is written in a
small subset of YAML (block mappings, block lists of scalars or of mappings, plain or
double-quoted scalars, JSON-style flow lists) that `load_compose` reads and that refuses
anything else.
"""
from __future__ import annotations

import json
import re
import shlex
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "docker-compose.yml"
PLAIN = re.compile(r"^[A-Za-z0-9_./:@+-][A-Za-z0-9_./:@+ -]*$")
MAPPING_ITEM = re.compile(r"^[A-Za-z_][\w.-]*:( |$)")  # `- key: value` opens a mapping in a list


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
        if is_list and MAPPING_ITEM.match(text[2:]):
            lines[i] = (indent + 2, text[2:])  # the item's first key, aligned with the rest of it
            item, i = parse_block(lines, i, indent + 2)
            out.append(item)
            continue
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
    """The validator services in order: node-1, node-2, …"""
    found = {name: s for name, s in compose["services"].items() if name.startswith("node-")}
    return dict(sorted(found.items(), key=lambda item: int(item[0].removeprefix("node-"))))


def option(words: list[str], name: str) -> str:
    return words[words.index(name) + 1]


def init_command(compose: dict[str, Any]) -> list[str]:
    """The init service's `tanledger network init …` as words (after the shell's `test -f … ||`)."""
    command = compose["services"]["init"]["command"]
    assert command[:2] == ["sh", "-c"]
    guard, sep, rest = command[2].partition(" || exec ")
    assert sep and guard == "test -f /net/network.json", "init writes the network only when the volume has none"
    return shlex.split(rest)


def mounts(service: dict[str, Any]) -> list[tuple[str, str, str]]:
    """The service's volume mounts as (volume, subpath or "", target)."""
    out = []
    for mount in service["volumes"]:
        if isinstance(mount, str):
            source, target = mount.split(":")
            out.append((source, "", target))
        else:
            assert mount["type"] == "volume"
            out.append((mount["source"], (mount.get("volume") or {}).get("subpath", ""), mount["target"]))
    return out


def host_ports(compose: dict[str, Any]) -> list[int]:
    return [int(p.split(":")[0]) for s in compose["services"].values() for p in s.get("ports", [])]


def test_compose_has_four_validators_each_with_its_postgres(compose):
    names = {f"{kind}-{i}" for kind in ("node", "postgres") for i in range(1, 5)}
    assert set(compose["services"]) == {"init", *names}
    for i in range(1, 5):
        assert compose["services"][f"postgres-{i}"]["image"] == "postgres:16"
    for name in ["init", *nodes(compose)]:
        service = compose["services"][name]
        assert service["image"] == "tanledger:0.1.0" and service["build"] == ".", name


def test_compose_init_writes_one_network_for_the_node_services(compose):
    words = init_command(compose)
    assert words[:3] == ["tanledger", "network", "init"]
    assert option(words, "--home") == "/net" and option(words, "--listen") == "0.0.0.0"
    assert int(option(words, "--validators")) == len(nodes(compose))
    assert option(words, "--p2p-hosts").split(",") == list(nodes(compose))
    assert mounts(compose["services"]["init"]) == [("network", "", "/net")]


def test_compose_each_node_runs_the_home_network_init_writes_for_it(compose):
    from node.network import INSTITUTIONS

    for (name, service), institution in zip(nodes(compose).items(), INSTITUTIONS, strict=False):
        words = service["command"]
        assert words[:3] == ["tanledger", "node", "start"]
        assert option(words, "--home") == f"/net/{institution}", name
        assert mounts(service) == [("network", institution, f"/net/{institution}")], name
        assert option(words, "--host") == "0.0.0.0" and option(words, "--port") == "1317"
        assert service["depends_on"]["init"]["condition"] == "service_completed_successfully"


def test_compose_each_node_uses_its_own_postgres(compose):
    for name, service in nodes(compose).items():
        url = urlsplit(option(service["command"], "--db"))
        own = name.replace("node-", "postgres-")
        assert url.scheme == "postgresql+psycopg" and url.hostname == own and url.port == 5432
        assert service["depends_on"][own]["condition"] == "service_healthy"
        env = compose["services"][own]["environment"]
        assert (url.username, url.password, url.path) == (env["POSTGRES_USER"], env["POSTGRES_PASSWORD"], f"/{env['POSTGRES_DB']}")
        assert mounts(compose["services"][own]) == [(f"{own}-data", "", "/var/lib/postgresql/data")]


def test_compose_publishes_each_nodes_api_and_rpc_on_distinct_host_ports(compose):
    for service in nodes(compose).values():
        inside = sorted(int(p.split(":")[1]) for p in service["ports"])
        assert inside == [int(option(service["command"], "--port")), 26657]
    ports = host_ports(compose)
    assert len(ports) == 2 * len(nodes(compose)) and len(set(ports)) == len(ports)
    assert [int(s["ports"][0].split(":")[0]) for s in nodes(compose).values()] == [1317, 1318, 1319, 1320]


def test_compose_declares_exactly_the_volumes_it_mounts(compose):
    used = {volume for s in compose["services"].values() for volume, _, _ in mounts(s)}
    assert used == set(compose["volumes"]) == {"network", *(f"postgres-{i}-data" for i in range(1, 5))}


def test_compose_postgres_and_nodes_have_healthchecks(compose):
    for i in range(1, 5):
        check = compose["services"][f"postgres-{i}"]["healthcheck"]
        assert check["test"][0] == "CMD-SHELL" and check["test"][1].startswith("pg_isready")
        assert "http://127.0.0.1:1317/v1/status" in compose["services"][f"node-{i}"]["healthcheck"]["test"][-1]


def makefile_cometbft_version() -> str:
    return re.search(r"^COMETBFT_VERSION := (v\S+)$", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M).group(1)


def test_dockerfile_builds_the_pinned_cometbft_and_its_abci_classes():
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    from node.cometbft import COMETBFT_VERSION

    version = re.search(r"^ARG COMETBFT_VERSION=(v\S+)$", text, re.M).group(1)
    assert version == makefile_cometbft_version() == f"v{COMETBFT_VERSION}"
    assert re.search(r"^FROM golang:1\.2[2-9]\S* AS cometbft$", text, re.M)
    assert "go install github.com/cometbft/cometbft/cmd/cometbft@${COMETBFT_VERSION}" in text
    assert "python -m node.abci.gen ${COMETBFT_VERSION}" in text
    assert "COPY --from=cometbft /go/bin/cometbft /usr/local/bin/cometbft" in text
    assert "COPY --from=proto /src/node/abci/pb ./node/abci/pb" in text


def test_dockerfile_pins_the_build_tools_as_pyproject_does():
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = [p for p in project["dependencies"] + project["optional-dependencies"]["build"] if p.startswith(("protobuf", "grpcio-tools"))]
    installed = re.search(r"^RUN pip install (grpcio-tools\S+ protobuf\S+)$", text, re.M).group(1).split()
    assert sorted(installed) == sorted(pins)


def test_dockerfile_runs_the_node():
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert text.startswith("#") and "\nFROM python:3.11-slim\n" in text and "RUN pip install ." in text
    assert "EXPOSE 1317 26656 26657" in text
    cmd = json.loads(next(line for line in text.splitlines() if line.startswith("CMD "))[4:])
    assert cmd[:3] == ["tanledger", "node", "start"] and option(cmd, "--port") == "1317"
    for package in ("ledger", "contracts", "node", "cli"):
        assert f"COPY {package} ./{package}" in text


def cometbft_config(home: Path) -> dict[str, Any]:
    return tomllib.loads((home / "cometbft" / "config" / "config.toml").read_text(encoding="utf-8"))


def test_network_init_of_the_init_service_names_the_other_nodes_as_peers(compose, tmp_path):
    from typer.testing import CliRunner

    from cli.main import app
    from node.errors import NodeStartError
    from node.network import load_specs

    try:
        from node.cometbft import find_binary
        find_binary(None)
    except NodeStartError as exc:
        pytest.fail(f"{exc} (`make test` builds it first)", pytrace=False)
    words = init_command(compose)
    words[words.index("--home") + 1] = str(tmp_path / "net")
    result = CliRunner().invoke(app, words[1:])
    assert result.exit_code == 0, result.output
    specs = load_specs(tmp_path / "net")
    hosts = dict(zip((s.name for s in specs), nodes(compose), strict=True))
    ids = {s.name: s.node_id for s in specs}
    for spec in specs:
        config = cometbft_config(Path(spec.home))
        assert config["p2p"]["laddr"] == "tcp://0.0.0.0:26656" and config["rpc"]["laddr"] == "tcp://0.0.0.0:26657"
        assert config["proxy_app"] == f"unix://{spec.home}/abci.sock"
        peers = sorted(config["p2p"]["persistent_peers"].split(","))
        assert peers == sorted(f"{ids[n]}@{h}:26656" for n, h in hosts.items() if n != spec.name)


def test_network_init_without_hosts_keeps_the_local_ports(tmp_path):
    from node.network import plan_specs

    local = plan_specs(tmp_path, 2, 1317, 26657, [])
    assert [(s.api_port, s.rpc_port, s.p2p_port, s.p2p_host, s.listen) for s in local] == [
        (1317, 26657, 26656, "127.0.0.1", "127.0.0.1"), (1318, 26667, 26666, "127.0.0.1", "127.0.0.1")]


def test_invalid_network_init_hosts_not_one_per_validator(tmp_path):
    from node.network import plan_specs

    with pytest.raises(ValueError, match="2 P2P hosts for 4 validators"):
        plan_specs(tmp_path, 4, 1317, 26657, [], hosts=["node-1", "node-2"])


@pytest.mark.parametrize("bad", ["a: b: c", "key:value", "a:\n  - x\n  y: z", "a: {x: 1}", "a: 'single'",
                                 "a:\n  - k: v\n    - x"])
def test_invalid_compose_subset_refuses_what_it_cannot_read(bad):
    with pytest.raises(ValueError):
        load_compose(bad)


def test_compose_subset_reads_a_list_of_mappings():
    text = "v:\n  - type: volume\n    volume:\n      subpath: A\n  - b:/c\n"
    assert load_compose(text) == {"v": [{"type": "volume", "volume": {"subpath": "A"}}, "b:/c"]}
