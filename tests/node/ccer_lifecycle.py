"""A CCER project's life by real transactions, for the read side's tests: design document to a cancelled CCER."""
from __future__ import annotations

from typing import Any
from collections.abc import Callable

from helpers import pub, uscc
from node_helpers import Signer

OWNER, V1, V2 = uscc(41), uscc(42), uscc(43)
DAY = 86_400_000


def participant(pid: str, role: str) -> dict[str, Any]:
    """A register_participant body of a project owner or a VVB in province 32."""
    return {"id": pid, "name": f"{role} {pid[-4:]}", "roles": [role], "pubkeys": [pub(pid)], "province": "32"}


def run_lifecycle(node: Any, commit: Callable[[list], None], signer: Signer | None = None) -> dict[str, str]:
    """Project WIND-9 of OWNER validated by V1, registered; report 1 (2021) verified by V2 and issued (1000 t);
    OWNER cancelled 100 t of CCER-WIND-9-2021 for a company's offset. `commit` makes one block of its transactions;
    the simulated calendar moves on between steps; `signer` knows the nonces already used. Returns the transactions'
    ids by step."""
    s, txs = signer or Signer(), {}

    def step(name: str, type_: str, body: dict[str, Any], *signers: str, days: int = 0) -> None:
        node.clock.advance(days * DAY)
        tx = s.sign(type_, body, *signers)
        commit([tx])
        txs[name] = tx.id_hex

    commit([s.sign("register_participant", participant(p, role), "REGISTRY")
            for p, role in ((OWNER, "project_owner"), (V1, "vvb"), (V2, "vvb"))])
    wind = {"code": "CCER-01-002-V01", "name": "offshore wind", "field": "01", "max_crediting_years": 10, "version": "V01",
            "status": "active"}
    commit([s.sign("set_methodology", wind, "MEE")] +
           [s.sign("accredit_vvb", {"vvb": v, "status": "active", "fields": ["01"]}, "MEE") for v in (V1, V2)])
    step("submit", "submit_project", {"project": "WIND-9", "name": "如东海上风电九期", "methodology": "CCER-01-002-V01",
                                      "province": "32", "location": "江苏省南通市", "facility": "FAC-WIND-9",
                                      "construction_start": "2019-06-01", "crediting_start": "2021-01-01",
                                      "crediting_years": 10, "pdd_hash": "ab" * 32, "validating_vvb": V1}, OWNER)
    step("validate", "validate_project", {"project": "WIND-9", "report_hash": "cd" * 32, "conclusion": "positive"}, V1,
         days=40)
    step("apply", "apply_project", {"project": "WIND-9", "commitment_hash": "ef" * 32}, OWNER, V1, days=1)
    step("decide", "decide_project", {"project": "WIND-9", "outcome": "register"}, "REGISTRY", days=2)
    step("report", "submit_reduction", {"project": "WIND-9", "period_start": "2021-01-01", "period_end": "2021-12-31",
                                        "verifying_vvb": V2, "report_hash": "12" * 32}, OWNER, days=1)
    step("verify", "verify_reduction", {"project": "WIND-9", "report": 1, "report_hash": "34" * 32,
                                        "conclusion": "positive", "verified": {"2021": 1000}}, V2, days=40)
    step("apply_issuance", "apply_issuance", {"project": "WIND-9", "report": 1, "amount": 1000,
                                              "commitment_hash": "56" * 32}, OWNER, V2, days=1)
    step("issue", "decide_issuance", {"project": "WIND-9", "report": 1, "outcome": "register"}, "REGISTRY", days=2)
    step("cancel", "cancel", {"account": OWNER, "instrument": "CCER-WIND-9-2021", "amount": 100, "purpose": "company_offset",
                              "beneficiary": "某公司 2024 年碳中和", "reason": "voluntary"}, OWNER, days=1)
    return txs
