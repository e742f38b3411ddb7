"""Rich tables of the node's single records for people: status, a transaction, a block, an account, an instrument,
a compliance notice, prices, a replay. `--json` prints the answer itself instead."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.table import Table

from .submit import describe_event

SHORT_ID = 12  # hex characters of an id shown in a table; `query tx` takes such a prefix back
BLOCK_TXS_SHOWN = 20  # transaction ids a block's table lists; --json has them all


def kv_table(title: str, rows: Iterable[tuple[str, Any]]) -> Table:
    """A two-column table of labelled values (None shown as —)."""
    table = Table(title=title, title_justify="left", show_header=False)
    table.add_column("field", style="bold")
    table.add_column("value", overflow="fold")
    for label, value in rows:
        table.add_row(label, "—" if value is None else str(value))
    return table


def when(text: str | None) -> str | None:
    """An RFC 3339 time as `YYYY-MM-DD HH:MM:SS` (its offset is the chain's, CST)."""
    return text[:19].replace("T", " ") if text else None


def tonnes(value: int | None) -> str | None:
    """Tonnes with thousands separators."""
    return None if value is None else f"{value:,} t"


def status_table(s: dict[str, Any]) -> Table:
    """GET /v1/status."""
    return kv_table(f"chain {s['chain_id']}", [
        ("height", f"{s['height']:,}"), ("time (CST)", when(s.get("time"))), ("block hash", s.get("block_hash")),
        ("state root", s.get("state_root")), ("log size", f"{s.get('log_size', 0):,}"), ("log root", s.get("log_root")),
        ("mempool", f"{s.get('mempool_size', 0):,} pending"), ("validator", s.get("validator_name")),
        ("engine", s.get("engine")), ("clock", s.get("clock")),
    ])


def tx_table(t: dict[str, Any]) -> Table:
    """GET /v1/tx/{id}: pending, or committed/failed with block, body, signers and the receipt's events."""
    if t["status"] == "pending":
        return kv_table(f"transaction {t['id']}", [("status", "pending: admitted, not yet in a block")])
    payload, receipt = t.get("payload") or {}, t.get("receipt") or {}
    rows: list[tuple[str, Any]] = [
        ("status", t["status"]), ("type", t.get("type")), ("height", t.get("height")), ("index in block", t.get("index")),
        ("time (CST)", when(t.get("time"))), ("log index", t.get("log_index")), ("nonce", payload.get("nonce")),
        ("signers", ", ".join(t.get("signer_accounts") or [s[:SHORT_ID] for s in payload.get("signers", [])])),
    ]
    rows += [(f"body: {k}", v) for k, v in (payload.get("body") or {}).items()]
    rows.append(("receipt", receipt.get("code") if receipt.get("code") == "ok" else
                 f"{receipt.get('code')}: {receipt.get('message')}"))
    rows += [("event", describe_event(e)) for e in receipt.get("events", [])]
    return kv_table(f"transaction {t['id']}", rows)


def block_table(b: dict[str, Any]) -> Table:
    """GET /v1/blocks/{height}: the header's hashes and the transaction ids (short)."""
    h = b.get("header", {})
    ids = b.get("tx_ids", [])
    rows = [("hash", b.get("hash")), ("time (CST)", when(b.get("time"))), ("previous", h.get("prev_hash")),
            ("state root", h.get("state_root")), ("state entries", h.get("state_size")), ("log size", h.get("log_size")),
            ("log root", h.get("log_root")), ("app hash", b.get("app_hash")), ("signatures", len((b.get("commit") or {}).get("signatures", []))),
            ("transactions", f"{len(ids):,}")]
    rows += [(f"tx {n}", tx_id[:SHORT_ID]) for n, tx_id in enumerate(ids[:BLOCK_TXS_SHOWN])]
    if len(ids) > BLOCK_TXS_SHOWN:
        rows.append(("…", f"{len(ids) - BLOCK_TXS_SHOWN:,} more transactions: --json lists every id"))
    return kv_table(f"block {b['height']:,}", rows)


def account_table(a: dict[str, Any]) -> Table:
    """GET /v1/accounts/{id}."""
    return kv_table(f"account {a['id']}", [
        ("name", a.get("name")), ("roles", ", ".join(a.get("roles", []))), ("status", a.get("status")),
        ("province", a.get("province")), ("sector", a.get("sector")), ("opened at height", a.get("opened_at")),
        ("keys", f"{len(a.get('pubkeys', []))}, {a.get('threshold', 1)} must sign"), ("last nonce", a.get("nonce")),
    ])


def instrument_table(i: dict[str, Any]) -> Table:
    """GET /v1/instruments/{id}: the record and its supply."""
    s = i.get("supply", {})
    rows = [("name", i.get("name")), ("kind", i.get("kind")), ("vintage", i.get("vintage")),
            ("issued", tonnes(s.get("issued"))), ("held", tonnes(s.get("held")))]
    rows += [(f"  {sub}", tonnes(v)) for sub, v in s.get("held_by_sub_state", {}).items() if v]
    rows += [("surrendered", tonnes(s.get("surrendered"))), ("cancelled", tonnes(s.get("cancelled"))),
             ("withdrawn", tonnes(s.get("withdrawn"))), ("holders", s.get("holders")),
             ("balanced", "yes" if s.get("balanced") else "NO")]
    return kv_table(f"instrument {i['id']}", rows)


def notice_table(n: dict[str, Any]) -> Table:
    """GET /v1/compliance/{year}/{account}/notice: the entity's compliance notice (履约通知)."""
    a = n.get("allocation", {})
    return kv_table(f"compliance notice {n['year']}: {n['account']} {n.get('name') or ''}".rstrip(), [
        ("status", n.get("status")), ("obligation", tonnes(n.get("obligation_t"))), ("deadline", n.get("deadline_text")),
        ("eligible vintages", ", ".join(n.get("eligible_vintages", []))),
        ("CCER offset cap", tonnes(n.get("offset_cap_t"))), ("allocated", tonnes(a.get("allocated"))),
        ("deduction", tonnes(a.get("deduction"))), ("covered", tonnes(n.get("covered"))),
        ("outstanding", tonnes(n.get("outstanding"))), ("exempt", "yes" if n.get("exempt") else "no"),
    ])


def prices_table(p: dict[str, Any]) -> Table:
    """GET /v1/prices/{instrument}: one row per month, yuan per tonne."""
    table = Table(title=f"published monthly average prices of {p['instrument']}", title_justify="left")
    for column in ("month", "yuan per tonne", "published at height", "tx"):
        table.add_column(column, justify="right" if column != "month" else "left")
    for r in p.get("prices", []):
        table.add_row(r["month"], f"{r['avg_price_fen'] / 100:,.2f}", str(r.get("published_at", "—")),
                      str(r.get("tx", ""))[:SHORT_ID])
    return table
