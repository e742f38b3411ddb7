"""`tanledger genesis init`: the authorities' keys, the validator key and a genesis the ledger accepts."""
from __future__ import annotations

import json
import stat

import pytest

from cli.keyfile import load_key
from cli.provinces import CODES
from contracts.genesis import genesis_state
from ledger import keys
from ledger.crypto import public_key


def test_genesis_init_writes_a_valid_genesis(invoke, tmp_path):
    folder = tmp_path / "node"
    result = invoke("genesis", "init", folder, "--chain-id", "tanledger-x", "--time", "2025-01-02T08:00:00+08:00")
    assert result.exit_code == 0, result.output
    doc = json.loads((folder / "genesis.json").read_text())
    state, tip = genesis_state(doc)
    assert tip.chain_id == "tanledger-x" and tip.height == 0
    assert doc["network"] == "devnet" and doc["genesis_time"] == "2025-01-02T08:00:00+08:00"
    ids = {p["id"] for p in doc["participants"]}
    assert {"MEE", "REGISTRY", "EXCHANGE"} <= ids
    assert {f"PROV-{code}" for code in CODES} <= ids and len(CODES) == 31


def test_genesis_init_keys_match_the_genesis(invoke, tmp_path):
    folder = tmp_path / "node"
    invoke("genesis", "init", folder)
    doc = json.loads((folder / "genesis.json").read_text())
    state, _ = genesis_state(doc)
    for participant in doc["participants"]:
        key = load_key(folder / "keys" / f"{participant['id']}.json")
        assert state.get(keys.signer(key.pubkey.hex())) == participant["id"]
    seed = bytes.fromhex((folder / "validator.key").read_text().strip())
    assert doc["validators"][0]["pubkey"] == public_key(seed).hex()
    assert stat.S_IMODE((folder / "validator.key").stat().st_mode) == 0o600


def test_genesis_init_provinces_have_their_codes(invoke, tmp_path):
    invoke("genesis", "init", tmp_path / "node")
    doc = json.loads((tmp_path / "node" / "genesis.json").read_text())
    province = next(p for p in doc["participants"] if p["id"] == "PROV-44")
    assert province["province"] == "44" and province["roles"] == ["province"]
    assert province["name"] == "广东省生态环境厅"


def test_invalid_genesis_init_twice(invoke, tmp_path):
    assert invoke("genesis", "init", tmp_path / "node").exit_code == 0
    result = invoke("genesis", "init", tmp_path / "node")
    assert result.exit_code == 1
    assert "error[file_exists]" in result.output


def test_invalid_genesis_init_bad_time(invoke, tmp_path):
    result = invoke("genesis", "init", tmp_path / "node", "--time", "yesterday")
    assert result.exit_code == 1
    assert result.output.startswith("error[invalid_field]: genesis_time must be an RFC 3339")
    assert not (tmp_path / "node" / "genesis.json").exists()


# -- genesis init --import: an existing registry's books as opening balances -------------------------

ENTITY = "91110000000000001H"
FILES = {
    "accounts.csv": f"id,name,roles,province,sector,pubkey\n{ENTITY},北京发电第0001有限公司,entity,11,power,\n",
    "holdings.csv": ("account,instrument,first,last,state\n"
                     f"{ENTITY},CEA-2023,1,600,\n{ENTITY},CEA-2023,601,700,frozen\n"
                     "SURRENDERED-2023,CEA-2023,701,1500,\n"
                     f"{ENTITY},CEA-2019-2020,1,50,\nSURRENDERED-2020,CEA-2019-2020,51,80,\n"),
    "emissions.csv": f"account,year,verified,surrendered\n{ENTITY},2023,800,800\n",
    "cycles.csv": "year,deadline,eligible_vintages\n2023,2024-12-31T23:59:59+08:00,CEA-2019-2020 CEA-2023\n",
}
OPTIONS = {"accounts.csv": "--import-accounts", "holdings.csv": "--import", "emissions.csv": "--import-emissions",
           "cycles.csv": "--import-cycles"}


def import_files(invoke, tmp_path, **changed: str):
    """Run `genesis init` with the four CSV files, `changed` replacing some ({name with _ for .}: text)."""
    args = []
    for name, text in FILES.items():
        path = tmp_path / name
        path.write_text(changed.get(name.replace(".", "_"), text), encoding="utf-8")
        args += [OPTIONS[name], path]
    return invoke("genesis", "init", tmp_path / "node", "--time", "2025-01-02T08:00:00+08:00", *args)


def test_genesis_init_imports_the_books(invoke, tmp_path):
    result = import_files(invoke, tmp_path)
    assert result.exit_code == 0, result.output
    assert "opening: 2 vintages, 5 holdings, 1 obligation records, 1 cycles" in result.output
    doc = json.loads((tmp_path / "node" / "genesis.json").read_text())
    state, _ = genesis_state(doc)
    assert state.get(keys.holding(ENTITY, "CEA-2023")) == {"available": ((1, 600),), "frozen": ((601, 700),)}
    assert state.get(keys.instrument("CEA-2023"))["issued"] == 1500
    assert state.get(keys.instrument("CEA-2019-2020"))["vintage"] == 2020
    assert state.get(keys.obligation(2023, ENTITY))["verified"] == 800
    assert state.get(keys.cycle(2023))["eligible_vintages"] == ("CEA-2019-2020", "CEA-2023")
    key = load_key(tmp_path / "node" / "keys" / f"{ENTITY}.json")
    assert state.get(keys.signer(key.pubkey.hex())) == ENTITY
    # an imported entity without keys gets an initiator's and a confirmer's, both needed (maker–checker)
    confirmer = load_key(tmp_path / "node" / "keys" / f"{ENTITY}-confirmer.json")
    record = state.get(keys.participant(ENTITY))
    assert (record["pubkeys"], record["threshold"]) == ((key.pubkey.hex(), confirmer.pubkey.hex()), 2)
    assert doc["params"]["calendar"][0]["year"] == 2024  # the working days the rules count on


BAD_ROWS = [
    ("holdings_csv", FILES["holdings.csv"] + f"{ENTITY},CEA-2023,1400,1600,\n",
     "holdings.csv line 7: serials 1400–1600 of CEA-2023 overlap 701–1500 in holdings.csv line 4"),
    ("holdings_csv", FILES["holdings.csv"] + f"{ENTITY},CEA-2023,1502,1600,\n",
     "holdings.csv line 7: serials 1501–1501 of CEA-2023 are in no holding"),
    ("holdings_csv", FILES["holdings.csv"] + f"{ENTITY},CEA-2023,1501,x1600,\n",
     "holdings.csv line 7: last must be a whole number, got 'x1600'"),
    ("holdings_csv", FILES["holdings.csv"] + "NOBODY,CEA-2023,1501,1600,\n",
     "holdings.csv line 7: account 'NOBODY' is neither a genesis participant nor a terminal account"),
    ("holdings_csv", FILES["holdings.csv"] + f"{ENTITY},CEA-2023,1501,1600,locked\n",
     "holdings.csv line 7: sub_state 'locked' of"),
    ("holdings_csv", FILES["holdings.csv"] + f"{ENTITY},CCER-X1,1,10,\n",
     "holdings.csv line 7: instrument 'CCER-X1' is not a CEA vintage id"),
    ("holdings_csv", FILES["holdings.csv"] + f"{ENTITY},CEA-2023,1501\n", "holdings.csv line 7: 3 values for 5 columns"),
    ("holdings_csv", "account,instrument,from,to\n", "holdings.csv line 1: the header must name account,instrument,first,last"),
    ("emissions_csv", FILES["emissions.csv"] + "PROV-11,2023,5,\n",
     "emissions.csv line 3: account 'PROV-11' is not a key emitting entity of the genesis"),
    ("emissions_csv", FILES["emissions.csv"] + f"{ENTITY},2023,-5,\n",
     "emissions.csv line 3: verified must be an integer from 0"),
    ("emissions_csv", f"account,year,verified,surrendered\n{ENTITY},2023,900,900\n",
     "emissions.csv line 2: SURRENDERED-2023 holds 800 t ≠ 900 t handed in (surrendered, offset, late) by the 2023 records"),
    ("cycles_csv", "year,deadline,eligible_vintages\n2023,2024-12-31,CEA-2023\n",
     "cycles.csv line 2: deadline must be an RFC 3339 date-time"),
    ("accounts_csv", FILES["accounts.csv"] + "91110000000000001X,某公司,entity,11,power,\n",
     "accounts.csv line 3: id 91110000000000001X is not a valid unified social credit code"),
    ("accounts_csv", FILES["accounts.csv"] + f"{ENTITY},重复,entity,11,power,\n",
     f"accounts.csv line 3: account {ENTITY} is already a participant"),
]


@pytest.mark.parametrize("file, text, message", BAD_ROWS, ids=[m.split(":")[0] + " " + m.split(":")[1][:30] for _, _, m in BAD_ROWS])
def test_invalid_genesis_import_names_the_file_and_line(invoke, tmp_path, file, text, message):
    result = import_files(invoke, tmp_path, **{file: text})
    assert result.exit_code == 1
    assert result.output.startswith(f"error[invalid_field]: {message}"), result.output
    assert not (tmp_path / "node" / "genesis.json").exists()
