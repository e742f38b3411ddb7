"""A validator network: one genesis, one home per institution's validator, and their CometBFT configs.

`init_network` writes, in a folder:

    genesis.json        the TanLedger genesis (also CometBFT's `app_state`)
    keys/               the authorities' transaction keys (MEE, REGISTRY, EXCHANGE, PROV-xx)
    network.json        each validator's name, home and ports (what `network status` reads)
    <NAME>/             one validator home per institution: genesis.json, validator.key (its
                        TanLedger co-signing key), node.db, and cometbft/ (config.toml,
                        genesis.json, priv_validator_key.json, node_key.json, data/)

On one machine (the default), validator i listens on 127.0.0.1 with API base+i, CometBFT RPC
base_rpc+10·i and P2P base_rpc−1+10·i. Given one host name per validator (containers, one
machine each), every validator uses the same ports on its own host, listens on `listen`
(0.0.0.0) and reaches the others at host:P2P. Either way each knows the others as persistent peers. The institutions are, in order: the registry
operator, the exchange, the national authority (MEE), then provincial authorities.
"""
from __future__ import annotations

import json
import re
import subprocess
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .cometbft import find_binary

INSTITUTIONS = ("REGISTRY", "EXCHANGE", "MEE", "PROV-32", "PROV-44", "PROV-31", "PROV-11", "PROV-37", "PROV-33", "PROV-51")
NETWORK_FILE = "network.json"


@dataclass(frozen=True)
class ValidatorSpec:
    """Where one validator lives and listens."""

    name: str
    home: str
    api_port: int
    rpc_port: int
    p2p_port: int
    node_id: str
    db_url: str
    p2p_host: str = "127.0.0.1"  # where the other validators reach its P2P port
    listen: str = "127.0.0.1"  # the address its CometBFT RPC and P2P listen on

    @property
    def api(self) -> str:
        return f"http://{self.reach}:{self.api_port}"

    @property
    def rpc(self) -> str:
        return f"http://{self.reach}:{self.rpc_port}"

    @property
    def reach(self) -> str:
        """The address a client on this machine uses: the listen address, or loopback when it is 0.0.0.0."""
        return "127.0.0.1" if self.listen in ("0.0.0.0", "127.0.0.1") else self.listen


def set_toml(text: str, section: str, key: str, value: Any) -> str:
    """`text` with `key` of `[section]` ("" for the top) set to `value` (TOML-encoded); the key must exist."""
    encoded = json.dumps(value) if isinstance(value, str) else ("true" if value is True else "false" if value is False
                                                                 else str(value))
    lines, current, done = text.split("\n"), "", False
    for i, line in enumerate(lines):
        header = re.match(r"^\[([\w.]+)\]\s*$", line)
        if header:
            current = header.group(1)
        elif current == section and re.match(rf"^{re.escape(key)}\s*=", line):
            lines[i], done = f"{key} = {encoded}", True
            break
    if not done:
        raise KeyError(f"config.toml has no {key} in [{section or 'top'}]")
    return "\n".join(lines)


def consensus_settings(timeout_commit_ms: int) -> dict[tuple[str, str], Any]:
    """The config.toml values every validator of a local network shares."""
    return {
        ("", "abci"): "socket", ("", "log_level"): "state:info,*:error",
        ("rpc", "max_body_bytes"): 64 * 1024 * 1024, ("rpc", "max_request_batch_size"): 1000,
        ("rpc", "max_open_connections"): 900, ("rpc", "timeout_broadcast_tx_commit"): "30s",
        ("p2p", "addr_book_strict"): False, ("p2p", "allow_duplicate_ip"): True, ("p2p", "pex"): False,
        ("p2p", "flush_throttle_timeout"): "10ms",
        ("mempool", "size"): 100_000, ("mempool", "cache_size"): 200_000, ("mempool", "recheck_timeout"): "30s",
        ("mempool", "max_tx_bytes"): 256 * 1024, ("mempool", "max_txs_bytes"): 1024 * 1024 * 1024,
        ("consensus", "timeout_commit"): f"{timeout_commit_ms}ms", ("consensus", "timeout_propose"): "2s",
        ("consensus", "create_empty_blocks"): True, ("consensus", "create_empty_blocks_interval"): "1s",
        ("tx_index", "indexer"): "null", ("instrumentation", "prometheus"): False,
    }


def cometbft_init(binary: Path, home: Path) -> tuple[dict[str, Any], str]:
    """Run `cometbft init` in `home`; return its priv_validator_key.json and node id."""
    subprocess.run([str(binary), "init", "--home", str(home)], check=True, capture_output=True)
    key = json.loads((home / "config" / "priv_validator_key.json").read_text())
    node_id = subprocess.run([str(binary), "show-node-id", "--home", str(home)], check=True, capture_output=True,
                             text=True).stdout.strip()
    return key, node_id


def write_config(spec: ValidatorSpec, peers: list[ValidatorSpec], timeout_commit_ms: int) -> None:
    """Set one validator's config.toml: its ports, ABCI socket, peers and the shared consensus settings."""
    home = Path(spec.home)
    path = home / "cometbft" / "config" / "config.toml"
    text = path.read_text()
    values = {("", "moniker"): spec.name, ("", "proxy_app"): f"unix://{(home / 'abci.sock').resolve()}",
              ("rpc", "laddr"): f"tcp://{spec.listen}:{spec.rpc_port}", ("p2p", "laddr"): f"tcp://{spec.listen}:{spec.p2p_port}",
              ("p2p", "persistent_peers"): ",".join(f"{p.node_id}@{p.p2p_host}:{p.p2p_port}" for p in peers if p != spec),
              **consensus_settings(timeout_commit_ms)}
    for (section, key), value in values.items():
        text = set_toml(text, section, key, value)
    path.write_text(text)


def cometbft_genesis(template: dict[str, Any], chain_id: str, validators: list[tuple[str, dict[str, Any]]],
                     app_state: dict[str, Any], time: datetime) -> dict[str, Any]:
    """CometBFT's genesis: its consensus params with vote extensions from height 1, the validators, our app_state."""
    params = template["consensus_params"]
    params["abci"] = {"vote_extensions_enable_height": "1"}
    params["block"]["max_bytes"] = str(8 * 1024 * 1024)
    return {**template, "genesis_time": time.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), "chain_id": chain_id,
            "initial_height": "1", "consensus_params": params, "app_hash": "", "app_state": app_state,
            "validators": [{"address": key["address"], "pub_key": key["pub_key"], "power": "1", "name": name}
                           for name, key in validators]}


def save_specs(folder: Path, specs: list[ValidatorSpec]) -> None:
    (folder / NETWORK_FILE).write_text(json.dumps({"validators": [asdict(s) for s in specs]}, indent=2) + "\n")


def load_specs(folder: Path) -> list[ValidatorSpec]:
    """The validators of the network in `folder`; FileNotFoundError if there is none."""
    return [ValidatorSpec(**v) for v in json.loads((folder / NETWORK_FILE).read_text())["validators"]]


def now_utc() -> datetime:
    return datetime.now(UTC)


def plan_specs(folder: Path, count: int, api_base: int, rpc_base: int, db_urls: list[str],
               hosts: list[str] | None = None, listen: str = "0.0.0.0") -> list[ValidatorSpec]:
    """Names, homes and ports of `count` validators (node ids filled in by `init_network`).

    Without `hosts`, all listen on 127.0.0.1 with ports counting up from the bases; with one host per
    validator, each listens on `listen` with the base ports and is reached at its host.
    """
    if not 1 <= count <= len(INSTITUTIONS):
        raise ValueError(f"a network has 1 to {len(INSTITUTIONS)} validators, not {count}")
    if hosts is not None and len(hosts) != count:
        raise ValueError(f"{len(hosts)} P2P hosts for {count} validators; give one host per validator")
    specs = []
    for i, name in enumerate(INSTITUTIONS[:count]):
        home, db_url = str((folder / name).resolve()), db_urls[i] if i < len(db_urls) else ""
        if hosts is None:
            specs.append(ValidatorSpec(name, home, api_base + i, rpc_base + 10 * i, rpc_base - 1 + 10 * i, "", db_url))
        else:
            specs.append(ValidatorSpec(name, home, api_base, rpc_base, rpc_base - 1, "", db_url, hosts[i], listen))
    return specs


def init_network(folder: Path, specs: list[ValidatorSpec], tanledger_genesis: dict[str, Any],
                 seeds: dict[str, bytes], timeout_commit_ms: int = 300, binary: Path | None = None) -> list[ValidatorSpec]:
    """Write every validator's home for `tanledger_genesis`, whose validators carry no consensus keys yet;
    `seeds` holds each validator's TanLedger co-signing seed. Returns the specs with node ids."""
    binary = find_binary(binary)
    keys, done = [], []
    for spec in specs:
        home = Path(spec.home)
        home.mkdir(parents=True)
        key, node_id = cometbft_init(binary, home / "cometbft")
        keys.append((spec.name, key))
        done.append(ValidatorSpec(**{**asdict(spec), "node_id": node_id}))
    import base64
    genesis = json.loads(json.dumps(tanledger_genesis))
    for v, (_, key) in zip(genesis["validators"], keys, strict=True):
        v["consensus_pubkey"] = base64.b64decode(key["pub_key"]["value"]).hex()
    template = json.loads((Path(done[0].home) / "cometbft" / "config" / "genesis.json").read_text())
    cbft = cometbft_genesis(template, genesis["chain_id"], keys, genesis, now_utc())
    for spec in done:
        home = Path(spec.home)
        (home / "genesis.json").write_text(json.dumps(genesis, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        (home / "cometbft" / "config" / "genesis.json").write_text(json.dumps(cbft, ensure_ascii=False, indent=2) + "\n",
                                                                  encoding="utf-8")
        key_file = home / "validator.key"
        key_file.write_text(seeds[spec.name].hex() + "\n")
        key_file.chmod(0o600)
        write_config(spec, done, timeout_commit_ms)
    save_specs(folder, done)
    return done


def add_validator_home(folder: Path, spec: ValidatorSpec, seed: bytes, peers: list[ValidatorSpec],
                       timeout_commit_ms: int = 300, binary: Path | None = None) -> tuple[ValidatorSpec, str]:
    """Write the home of a new validator that joins a running network: the network's genesis files, its
    own keys, a config naming the `peers`. It follows the chain as a full node until a governance change
    adds it. Returns its spec (with node id) and its consensus public key in hex."""
    import base64

    binary = find_binary(binary)
    home = Path(spec.home)
    home.mkdir(parents=True)
    key, node_id = cometbft_init(binary, home / "cometbft")
    done = ValidatorSpec(**{**asdict(spec), "node_id": node_id})
    source = Path(peers[0].home)
    (home / "genesis.json").write_bytes((source / "genesis.json").read_bytes())
    (home / "cometbft" / "config" / "genesis.json").write_bytes(
        (source / "cometbft" / "config" / "genesis.json").read_bytes())
    key_file = home / "validator.key"
    key_file.write_text(seed.hex() + "\n")
    key_file.chmod(0o600)
    write_config(done, [*peers, done], timeout_commit_ms)
    save_specs(folder, [*load_specs(folder), done])
    return done, base64.b64decode(key["pub_key"]["value"]).hex()
