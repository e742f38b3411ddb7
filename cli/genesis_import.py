"""`tanledger genesis init --import …`: an existing registry's books, from CSV files, as the genesis's opening.

Each file is UTF-8 CSV with a header line; extra columns are refused, empty optional cells are absent:
- holdings (`--import`): account,instrument,first,last[,state] — a serial range an account holds
  (state: its sub-state, default available); the accounts are participants or terminal accounts.
- accounts (`--import-accounts`): id,name,roles,province,sector[,pubkey,threshold] — participants opened at
  genesis (roles, and several pubkeys, separated by spaces); without a pubkey a fresh key is written to
  keys/<id>.json, and for an entity a second one, its confirmer's, to keys/<id>-confirmer.json, with threshold 2
  (maker–checker: market rule entity_min_signers).
- emissions (`--import-emissions`): account,year,verified[,allocated,surrendered,…] — past obligation records,
  any field of contracts/records.py as a column.
- cycles (`--import-cycles`): year,deadline,eligible_vintages[,offset_cap_bp,pre_allocation_bp,shortfall_floor_bp]
  — past compliance cycles (vintages separated by spaces).
Instruments are declared from the vintage ids the files name (CEA-<year>, CEA-<year>-<year>); their issuance
follows from the ranges. A bad row is refused as `FILE line N: …` with the ledger's own error code.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from contracts.create_instrument import CEA_PATTERN
from contracts.opening import check_opening
from contracts.opening_holdings import labelled
from contracts.records import EMPTY_OBLIGATION
from contracts.register_participant import check_shape as check_participant_shape
from ledger.errors import InvalidField

from .keyfile import KeyFile, NewSeed

BOOLEANS = {"true": True, "false": False}


@dataclass(frozen=True)
class Imports:
    """The CSV files to bring in; any may be absent."""

    holdings: Path | None = None
    accounts: Path | None = None
    emissions: Path | None = None
    cycles: Path | None = None


@dataclass
class Table:
    """The rows of one CSV file (cells as text, empty ones dropped), each with its line number."""

    path: Path
    rows: list[dict[str, str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)

    def where(self, index: int) -> str:
        return f"{self.path.name} line {self.lines[index]}"


def read_table(path: Path, required: tuple[str, ...], optional: tuple[str, ...]) -> Table:
    """Read `path`; raise InvalidField naming the line for a bad header or a row of the wrong width."""
    table = Table(path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = [h.strip() for h in next(reader, [])]
        # Verify the header names every required column and no unknown one
        missing, unknown = set(required) - set(header), set(header) - set(required) - set(optional)
        if missing or unknown or len(set(header)) != len(header):
            raise InvalidField(f"{path.name} line 1: the header must name {','.join(required)} and optionally "
                               f"{','.join(optional)}, got {','.join(header)!r}")
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            # Verify the row has one value per column
            if len(row) != len(header):
                raise InvalidField(f"{path.name} line {reader.line_num}: {len(row)} values for {len(header)} columns")
            table.rows.append({h: cell.strip() for h, cell in zip(header, row, strict=False) if cell.strip()})
            table.lines.append(reader.line_num)
    return table


def to_int(row: dict[str, str], name: str) -> None:
    """Turn cell `name`, if present, into an integer in place; raise InvalidField for anything else."""
    if name in row:
        text = row[name]
        if not (text.isascii() and text.lstrip("-").isdigit()):
            raise InvalidField(f"{name} must be a whole number, got {text!r}")
        row[name] = int(text)  # type: ignore[assignment]


def read_holdings(path: Path) -> tuple[Table, list[dict[str, Any]]]:
    """The opening holdings rows of the document."""
    table = read_table(path, ("account", "instrument", "first", "last"), ("state",))
    out = []
    for index, row in enumerate(table.rows):
        with labelled(table.where(index)):
            for name in ("first", "last"):
                to_int(row, name)
        ranges = [[row.get("first"), row.get("last")]]
        state = {"sub_state": row["state"]} if "state" in row else {}
        out.append({"account": row.get("account"), "instrument": row.get("instrument"), "ranges": ranges, **state})
    return table, out


def read_emissions(path: Path) -> tuple[Table, list[dict[str, Any]]]:
    """The past obligation records: account, year, verified and any other field of the record."""
    table = read_table(path, ("account", "year", "verified"), tuple(n for n in EMPTY_OBLIGATION if n != "verified"))
    for index, row in enumerate(table.rows):
        with labelled(table.where(index)):
            for name in [n for n in row if n != "account"]:
                if isinstance(EMPTY_OBLIGATION.get(name), bool):
                    row[name] = BOOLEANS.get(row[name].lower(), row[name])  # type: ignore[assignment]
                else:
                    to_int(row, name)
    return table, table.rows


def read_cycles(path: Path) -> tuple[Table, list[dict[str, Any]]]:
    """The past compliance cycles, vintages split on spaces."""
    ratios = ("offset_cap_bp", "pre_allocation_bp", "shortfall_floor_bp")
    table = read_table(path, ("year", "deadline", "eligible_vintages"), ratios)
    for index, row in enumerate(table.rows):
        with labelled(table.where(index)):
            for name in ("year", *ratios):
                to_int(row, name)
        row["eligible_vintages"] = row.get("eligible_vintages", "").split()  # type: ignore[assignment]
    return table, table.rows


def read_accounts(path: Path, new_seed: NewSeed) -> tuple[Table, list[dict[str, Any]], dict[str, KeyFile]]:
    """Participants to open at genesis, and fresh keys for each one the file gives no pubkey (two for an entity)."""
    table = read_table(path, ("id", "name", "roles", "province", "sector"), ("pubkey", "threshold"))
    participants, made = [], {}
    for index, row in enumerate(table.rows):
        body: dict[str, Any] = {**row, "roles": row.get("roles", "").split(), "pubkeys": body_keys(row, made, new_seed)}
        body.pop("pubkey", None)
        with labelled(table.where(index)):
            if "threshold" in row:
                to_int(body, "threshold")
            elif "pubkey" not in row and "entity" in body["roles"]:
                body["threshold"] = 2
            check_participant_shape(body)
        participants.append(body)
    return table, participants, made


def body_keys(row: dict[str, str], made: dict[str, KeyFile], new_seed: NewSeed) -> list[str]:
    """The row's pubkeys (separated by spaces), or fresh ones added to `made`: an initiator's, and for an entity a confirmer's."""
    if "pubkey" in row:
        return row["pubkey"].split()
    if "id" not in row:
        return []
    names = [row["id"], f"{row['id']}-confirmer"] if "entity" in row.get("roles", "").split() else [row["id"]]
    for name in names:
        made[name] = KeyFile(name, new_seed())
    return [made[name].pubkey.hex() for name in names]


def declare_instruments(named: list[tuple[str, str]]) -> tuple[list[dict[str, Any]], list[str]]:
    """The CEA vintages named (id, where), each once, with where it was first named."""
    declared: dict[str, str] = {}
    for iid, where in named:
        if isinstance(iid, str) and iid not in declared:
            declared[iid] = where
    rows = []
    for iid, where in declared.items():
        match = CEA_PATTERN.match(iid)
        # Verify the instrument is a CEA vintage id, whose vintage the id gives
        if match is None:
            raise InvalidField(f"{where}: instrument {iid!r} is not a CEA vintage id such as CEA-2023 or CEA-2019-2020")
        rows.append({"id": iid, "vintage": int(match.group(2) or match.group(1))})
    return rows, list(declared.values())


def add_imports(doc: dict[str, Any], imports: Imports, new_seed: NewSeed) -> dict[str, KeyFile]:
    """Add the imported participants and opening to `doc`; return the keys made for accounts without one.

    Raises InvalidField naming the file and line of the first bad row."""
    made: dict[str, KeyFile] = {}
    if imports.accounts:
        table, participants, made = read_accounts(imports.accounts, new_seed)
        check_new_ids(doc, participants, table)
        doc["participants"] = [*doc["participants"], *participants]
    tables: dict[str, Table] = {}
    opening: dict[str, Any] = {}
    for section, path, read in (("holdings", imports.holdings, read_holdings),
                                ("obligations", imports.emissions, read_emissions), ("cycles", imports.cycles, read_cycles)):
        if path is not None:
            tables[section], opening[section] = read(path)
    if not opening:
        return made
    named = [(row["instrument"], tables["holdings"].where(i)) for i, row in enumerate(opening.get("holdings", []))]
    named += [(iid, tables["cycles"].where(i)) for i, row in enumerate(opening.get("cycles", []))
              for iid in row["eligible_vintages"]]
    opening["instruments"], first_named = declare_instruments(named)
    doc["opening"] = opening
    check_opening(doc, lambda section, index: first_named[index] if section == "instruments" else tables[section].where(index))
    return made


def check_new_ids(doc: dict[str, Any], participants: list[dict[str, Any]], table: Table) -> None:
    """Raise InvalidField if an imported account repeats a genesis participant or an earlier row."""
    seen = {p["id"] for p in doc["participants"]}
    for index, participant in enumerate(participants):
        # Verify each account is opened once
        if participant["id"] in seen:
            raise InvalidField(f"{table.where(index)}: account {participant['id']} is already a participant "
                               "(one participant, one account)")
        seen.add(participant["id"])
