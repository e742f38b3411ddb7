"""`tanledger tx submit-reduction | verify-reduction | apply-issuance | decide-issuance`: a CCER project's reduction
report, its verification, the owner's and VVB's application (both sign: -k owner.json -k vvb.json) and the
registry's decision, which issues CCER-<project>-<year>. The rules: contracts/submit_reduction.py and the next three."""
from __future__ import annotations

from typing import Annotated

import typer

from ..console import CliError
from ..submit import send
from .options import DEFAULT_NODE, KeyFiles, Nonce, NodeUrl, Wait, account_option, tonnes_option
from .tx import app

Project = Annotated[str, typer.Option(help="the project id, e.g. WIND-01")]
Report = Annotated[int, typer.Option(help="the reduction report's number (1, 2, …)")]
Hash = Annotated[str, typer.Option(help="the document's SHA-256, 64 hex characters")]


def parse_tonnes(text: str) -> tuple[str, int]:
    """'2024=1000' → ("2024", 1000)."""
    year, _, tonnes = text.partition("=")
    if not (len(year) == 4 and year.isdigit() and tonnes.isdigit()):
        raise CliError("invalid_option", f"--verified {text!r} is not like 2024=1000")
    return year, int(tonnes)


@app.command("submit-reduction")
def submit_reduction(key: KeyFiles, project: Project,
                     period_start: Annotated[str, typer.Option(help="first day of the monitoring period, YYYY-MM-DD")],
                     period_end: Annotated[str, typer.Option(help="last day of the monitoring period, YYYY-MM-DD")],
                     verifying_vvb: Annotated[str, account_option(help="the VVB that verifies (not the validating one)")],
                     report_hash: Hash, node: NodeUrl = DEFAULT_NODE, nonce: Nonce = None, wait: Wait = True) -> None:
    """File a reduction report of a registered project (the owner signs); public for 20 working days."""
    body = {"project": project, "period_start": period_start, "period_end": period_end, "verifying_vvb": verifying_vvb,
            "report_hash": report_hash}
    send(node, "submit_reduction", body, key, nonce, wait)


@app.command("verify-reduction")
def verify_reduction(key: KeyFiles, project: Project, report: Report, report_hash: Hash,
                     verified: Annotated[list[str], typer.Option(
                         help="YEAR=TONNES verified; repeat for each year the period touches")],
                     conclusion: Annotated[str, typer.Option(help="positive or negative")] = "positive",
                     node: NodeUrl = DEFAULT_NODE, nonce: Nonce = None, wait: Wait = True) -> None:
    """File the verification report after the publicity window (the verifying VVB signs: its commitment)."""
    body = {"project": project, "report": report, "report_hash": report_hash, "conclusion": conclusion,
            "verified": dict(parse_tonnes(v) for v in verified)}
    send(node, "verify_reduction", body, key, nonce, wait)


@app.command("apply-issuance")
def apply_issuance(key: KeyFiles, project: Project, report: Report,
                   amount: Annotated[int, tonnes_option(help="tonnes: exactly the verified total")],
                   commitment_hash: Hash, node: NodeUrl = DEFAULT_NODE, nonce: Nonce = None, wait: Wait = True) -> None:
    """Apply for issuance with both commitments: the owner and the verifying VVB sign (-k owner.json -k vvb.json)."""
    body = {"project": project, "report": report, "amount": amount, "commitment_hash": commitment_hash}
    send(node, "apply_issuance", body, key, nonce, wait)


@app.command("decide-issuance")
def decide_issuance(key: KeyFiles, project: Project, report: Report,
                    outcome: Annotated[str, typer.Option(help="register (issue the CCER) or refuse")] = "register",
                    reason: Annotated[str | None, typer.Option(help="why (required to refuse; ≤ 512 characters)")] = None,
                    node: NodeUrl = DEFAULT_NODE, nonce: Nonce = None, wait: Wait = True) -> None:
    """Issue the applied reductions as CCER-<project>-<year>, or refuse them (the registry signs)."""
    body = {"project": project, "report": report, "outcome": outcome} | ({"reason": reason} if reason is not None else {})
    send(node, "decide_issuance", body, key, nonce, wait)
