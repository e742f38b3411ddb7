"""CCER records for the read side's tests, in the layout of contracts/ccer.py, written straight into a node's store.

The transactions that write them belong to other modules; these tests check only how the API and the
explorer show them. `seed_ccer(node, cancel_tx)` writes: methodology CCER-01-002-V01 (offshore wind) and
CCER-14-001-V01 (afforestation); VVBs uscc(2) (active, fields 01 and 14) and uscc(3) (suspended); projects
WIND-001 (registered late, one report issued as CCER-WIND-001-2022 and -2023), WIND-002 (submitted, window
open), FOREST-01 (refused, province 46); certificates: `cancel_tx` (CEA) and one CCER certificate.
"""
from __future__ import annotations

from typing import Any

from helpers import uscc
from ledger import keys
from node.storage.store import _write_state

DAY = 86_400_000
T0 = 1_677_636_000_000  # 2023-03-01 10:00 CST (the test chain starts 2024-01-02)
H = "ab" * 32
CCER_TX = "cd" * 32


def step(tx: str, time: int, **extra: Any) -> dict[str, Any]:
    """A lifecycle step record {tx, height, time, …}."""
    return {"tx": tx, "height": 5, "time": time, **extra}


def project(pid: str, name: str, status: str, province: str = "32", methodology: str = "CCER-01-002-V01",
            **changes: Any) -> dict[str, Any]:
    """A project record of contracts/ccer.py (owner uscc(1), validating VVB uscc(2))."""
    return {"id": pid, "owner": uscc(1), "name": name, "methodology": methodology, "field": methodology[5:7],
            "province": province, "location": "江苏省盐城市", "facility": f"FAC-{pid}", "external_ref": None,
            "construction_start": "2019-06-01", "crediting_start": "2021-01-01", "crediting_end": "2030-12-31",
            "pdd_hash": H, "validating_vvb": uscc(2), "status": status, "submitted": step("01" * 32, T0),
            "publicity_closes": T0 + 28 * DAY, "comments": 0, "validation": None, "application": None,
            "decision": None, "registered_time": None, "cancellation": None, "reductions": 0, **changes}


def registered_wind() -> dict[str, Any]:
    """WIND-001: validated, applied, registered after its decision was due (late)."""
    return project("WIND-001", "如东海上风电 Rudong offshore wind", "registered", comments=1,
                   validation=step("02" * 32, T0 + 30 * DAY, report_hash="ef" * 32, conclusion="positive"),
                   application=step("03" * 32, T0 + 31 * DAY, commitment_hash="12" * 32, decision_due=T0 + 52 * DAY),
                   decision=step("04" * 32, T0 + 60 * DAY, outcome="registered", reason="", late=True),
                   registered_time=T0 + 60 * DAY, reductions=1)


def wind_report() -> dict[str, Any]:
    """Report 1 of WIND-001: 2022-07-01 … 2023-06-30, verified by uscc(3), issued on time."""
    return {"project": "WIND-001", "number": 1, "period_start": "2022-07-01", "period_end": "2023-06-30",
            "verifying_vvb": uscc(3), "report_hash": "34" * 32, "status": "issued", "submitted": step("05" * 32, T0 + 70 * DAY),
            "publicity_closes": T0 + 98 * DAY,
            "verification": step("06" * 32, T0 + 99 * DAY, report_hash="56" * 32, verified={"2022": 600, "2023": 400},
                                 amount=1000, conclusion="positive"),
            "application": step("07" * 32, T0 + 100 * DAY, amount=1000, commitment_hash="78" * 32, decision_due=T0 + 121 * DAY),
            "decision": step("08" * 32, T0 + 110 * DAY, outcome="registered", reason="", late=False,
                             issued={"CCER-WIND-001-2022": [[1, 600]], "CCER-WIND-001-2023": [[1, 400]]})}


def certificate(tx: str, instrument: str, ranges: list[list[int]], purpose: str, beneficiary: str, height: int,
                project_id: str | None = None) -> dict[str, Any]:
    """A certificate record as contracts/ccer.apply_certificate writes it."""
    amount = sum(b - a + 1 for a, b in ranges)
    return {"tx": tx, "height": height, "time": T0 + height * DAY, "account": uscc(1), "instrument": instrument,
            "project": project_id, "ranges": ranges, "amount": amount, "purpose": purpose, "beneficiary": beneficiary,
            "reason": "voluntary"}


def seed_ccer(node: Any, cancel_tx: str) -> None:
    """Write the module docstring's records into `node`'s store (its committed state as the API reads it)."""
    methodologies = [{"code": c, "name": n, "field": c[5:7], "max_crediting_years": y, "version": "V01",
                      "status": "active", "set_at": 0}
                     for c, n, y in (("CCER-01-002-V01", "并网海上风力发电 offshore wind", 10),
                                     ("CCER-14-001-V01", "造林碳汇 afforestation", 40))]
    entries: dict[str, Any] = {keys.methodology(m["code"]): m for m in methodologies}
    entries[keys.vvb(uscc(2))] = {"vvb": uscc(2), "fields": ["01", "14"], "status": "active",
                                  "history": [["active", ["01", "14"], T0 - DAY, 2]]}
    entries[keys.vvb(uscc(3))] = {"vvb": uscc(3), "fields": ["01"], "status": "suspended",
                                  "history": [["active", ["01"], T0 - DAY, 2], ["suspended", ["01"], T0 + 200 * DAY, 9]]}
    for record in (registered_wind(),
                   project("WIND-002", "大丰海上风电 Dafeng offshore wind", "submitted", publicity_closes=T0 + 400 * DAY),
                   project("FOREST-01", "海南造林 Hainan afforestation", "refused", province="46",
                           methodology="CCER-14-001-V01")):
        entries[keys.project(record["id"])] = record
    entries[keys.reduction("WIND-001", 1)] = wind_report()
    entries[keys.project_comment("WIND-001", 1)] = {"project": "WIND-001", "content_hash": "9a" * 32,
                                                    "by": uscc(3), "tx": "0a" * 32, "time": T0 + DAY}
    entries[keys.certificate(cancel_tx)] = certificate(cancel_tx, "CEA-2024", [[1, 50]], "public_interest", "公众", 4)
    entries[keys.certificate(CCER_TX)] = certificate(CCER_TX, "CCER-WIND-001-2022", [[1, 100]], "large_event_neutrality",
                                                     "杭州亚运会 Hangzhou Asian Games", 6, "WIND-001")
    with node.store.engine.begin() as conn:
        _write_state(conn, entries)


def forget_certificate(node: Any, tx: str) -> None:
    """Delete the certificate record of `tx` from `node`'s store, if any."""
    with node.store.engine.begin() as conn:
        _write_state(conn, {keys.certificate(tx): None})
