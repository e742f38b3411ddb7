"""`tanledger genesis init`: the authorities' keys, the validator key and genesis.json in a node home.

The home folder holds `genesis.json`, `keys/<ACCOUNT>.json` (one key file per authority) and
`validator.key` (the validator's seed in hex, as the node reads it). The genesis document names the national authority (MEE), the registry
operator, the exchange, the 31 provincial authorities and the validator set; with imports, also the accounts
and opening balances of the registry it replaces (cli/genesis_import.py).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from contracts.genesis import check_genesis

from .workdays import load_calendar
from .methodologies import load_methodologies
from .console import CliError
from .genesis_import import Imports, add_imports
from .keyfile import KeyFile, NewSeed, random_seed, write_key, write_private
from .provinces import PROVINCES, authority_name, province_account

GENESIS_FILE = "genesis.json"
VALIDATOR_KEY_FILE = "validator.key"
KEYS_DIR = "keys"
AUTHORITIES = (
    ("MEE", "生态环境部", "mee"),
    ("REGISTRY", "全国碳排放权注册登记机构", "registry"),
    ("EXCHANGE", "全国碳排放权交易机构", "exchange"),
)


@dataclass(frozen=True)
class Home:
    """The files of a node home folder."""

    folder: Path

    @property
    def genesis(self) -> Path:
        return self.folder / GENESIS_FILE

    @property
    def validator_key(self) -> Path:
        return self.folder / VALIDATOR_KEY_FILE

    def key(self, account: str) -> Path:
        return self.folder / KEYS_DIR / f"{account}.json"


def make_keys(new_seed: NewSeed, validator_name: str = "validator-1") -> dict[str, KeyFile]:
    """One fresh key per authority, per province and for the validator."""
    names = [a for a, _, _ in AUTHORITIES] + [province_account(code) for code, _, _ in PROVINCES]
    found = {name: KeyFile(name, new_seed()) for name in names}
    found[validator_name] = KeyFile(validator_name, new_seed())
    return found


def compose_genesis(chain_id: str, network: str, time: str, found: dict[str, KeyFile],
                    validator_name: str = "validator-1") -> dict[str, Any]:
    """The genesis document for the authorities and the validator of `found`, with the project's working-day calendar
    and the published CCER methodologies."""
    participants = [{"id": a, "name": name, "roles": [role], "pubkeys": [found[a].pubkey.hex()]} for a, name, role in AUTHORITIES]
    for code, _name, _ in PROVINCES:
        account = province_account(code)
        participants.append({"id": account, "name": authority_name(code), "roles": ["province"],
                             "province": code, "pubkeys": [found[account].pubkey.hex()]})
    validators = [{"name": validator_name, "pubkey": found[validator_name].pubkey.hex(), "power": 1}]
    doc = {"chain_id": chain_id, "network": network, "genesis_time": time, "participants": participants, "validators": validators,
           "params": {"calendar": load_calendar(),  # the working days every "N working days" rule counts on
                      "methodologies": load_methodologies()}}  # the six published CCER methodologies
    check_genesis(doc)
    return doc


def init_home(folder: Path, chain_id: str, network: str, time: str, new_seed: NewSeed = random_seed,
              imports: Imports = Imports()) -> tuple[dict[str, Any], dict[str, KeyFile]]:
    """Write genesis.json, keys/ and validator.key into `folder`; return the document and the keys.
    With `imports`, the genesis also carries an existing registry's books (cli/genesis_import.py).

    Refuses (CliError) if `folder` already holds a genesis; an InvalidField names a bad imported row."""
    home = Home(Path(folder))
    if home.genesis.exists():
        raise CliError("file_exists", f"{home.genesis} already exists; choose an empty folder")
    found = make_keys(new_seed)
    doc = compose_genesis(chain_id, network, time, found)
    found |= add_imports(doc, imports, new_seed)
    check_genesis(doc)
    home.folder.mkdir(parents=True, exist_ok=True)
    for name, key in found.items():
        if name == "validator-1":
            write_private(home.validator_key, key.seed.hex() + "\n")  # the node reads a hex seed
        else:
            write_key(home.key(name), key)
    home.genesis.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return doc, found


def load_genesis(folder: Path) -> dict[str, Any]:
    """The genesis document of a node home."""
    path = Home(Path(folder)).genesis
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CliError("no_genesis", f"no genesis at {path}: run `tanledger genesis init {folder}` first") from None
