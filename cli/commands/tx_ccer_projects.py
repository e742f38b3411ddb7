"""`tanledger tx` for the CCER registry's reference data and project lifecycle (contracts/set_methodology.py …
contracts/cancel_project.py): set-methodology, accredit-vvb, record-external-claim, submit-project,
comment-project, validate-project, apply-project (signed by the owner and the VVB: two --key), decide-project,
cancel-project. Dates are YYYY-MM-DD; documents are given by their SHA-256 (64 hex characters).
"""
from __future__ import annotations

from typing import Annotated

import typer

from ..methodologies import get_methodology_body
from ..submit import compact, send
from .options import DEFAULT_NODE, KeyFiles, Nonce, NodeUrl, Wait, account_option
from .tx import app

Project = Annotated[str, typer.Option(help="the project id (3 to 24 of A-Z, 0-9, '-'), e.g. HW-JS-001")]
Hash = Annotated[str, typer.Option(help="the document's SHA-256, 64 lowercase hex characters")]
Reason = Annotated[str, typer.Option(help="the reason, at most 512 characters")]


@app.command("set-methodology")
def set_methodology(key: KeyFiles, code: Annotated[str, typer.Option(help="e.g. CCER-01-002-V01 (field 01, version V01)")],
                    name: Annotated[str | None, typer.Option(help="default: the project's file's name of the code")] = None,
                    max_crediting_years: Annotated[int | None, typer.Option(help="default: the project's file's")] = None,
                    status: Annotated[str, typer.Option(help="active or withdrawn")] = "active",
                    node: NodeUrl = DEFAULT_NODE, nonce: Nonce = None, wait: Wait = True) -> None:
    """Publish, update or withdraw a methodology (the MEE signs); field and version come from the code."""
    known = get_methodology_body(code) if name is None or max_crediting_years is None else {}
    body = {"code": code, "name": name or known["name"], "field": code[5:7],
            "max_crediting_years": max_crediting_years or known["max_crediting_years"], "version": code[-3:], "status": status}
    send(node, "set_methodology", body, key, nonce, wait)


@app.command("accredit-vvb")
def accredit_vvb(key: KeyFiles, vvb: Annotated[str, account_option(help="the VVB's account id")],
                 status: Annotated[str, typer.Option(help="active, suspended or revoked")],
                 field: Annotated[list[str] | None, typer.Option(help="a 2-digit sector field, e.g. 01; repeat "
                                                                    "(required for active; kept when suspending)")] = None,
                 node: NodeUrl = DEFAULT_NODE, nonce: Nonce = None, wait: Wait = True) -> None:
    """Accredit a VVB for its fields, suspend or revoke it (the MEE signs)."""
    send(node, "accredit_vvb", compact(vvb=vvb, status=status, fields=field or None), key, nonce, wait)


@app.command("record-external-claim")
def record_external_claim(key: KeyFiles,
                          kind: Annotated[str, typer.Option(help="green_certificate, other_registry or local_ets")],
                          ref: Annotated[str, typer.Option(help="the reference elsewhere, e.g. a green certificate's id")],
                          facility: Annotated[str | None, typer.Option(help="the facility's id, when known")] = None,
                          node: NodeUrl = DEFAULT_NODE, nonce: Nonce = None, wait: Wait = True) -> None:
    """Record that a reference or facility is claimed elsewhere (the registry signs): it never registers here."""
    send(node, "record_external_claim", compact(kind=kind, ref=ref, facility=facility), key, nonce, wait)


@app.command("submit-project")
def submit_project(key: KeyFiles, project: Project, name: Annotated[str, typer.Option(help="the project's name")],
                   methodology: Annotated[str, typer.Option(help="methodology code, e.g. CCER-01-002-V01")],
                   province: Annotated[str, typer.Option(help="2-digit province code, e.g. 32")],
                   location: Annotated[str, typer.Option(help="where the project is, e.g. 江苏省盐城市")],
                   facility: Annotated[str, typer.Option(help="the facility's id (A-Z, 0-9, '-')")],
                   construction_start: Annotated[str, typer.Option(help="YYYY-MM-DD")],
                   crediting_start: Annotated[str, typer.Option(help="YYYY-MM-DD")],
                   crediting_years: Annotated[int, typer.Option(help="at most the methodology's maximum")],
                   pdd_hash: Hash, validating_vvb: Annotated[str, account_option(help="the validating VVB's account id")],
                   external_ref: Annotated[str | None, typer.Option(help="a green certificate's or other registry's id")] = None,
                   node: NodeUrl = DEFAULT_NODE, nonce: Nonce = None, wait: Wait = True) -> None:
    """Publish a project design document (the owner signs); its 20-working-day publicity window opens."""
    body = compact(project=project, name=name, methodology=methodology, province=province, location=location,
                   facility=facility, external_ref=external_ref, construction_start=construction_start,
                   crediting_start=crediting_start, crediting_years=crediting_years, pdd_hash=pdd_hash,
                   validating_vvb=validating_vvb)
    send(node, "submit_project", body, key, nonce, wait)


@app.command("validate-project")
def validate_project(key: KeyFiles, project: Project, report_hash: Hash,
                     conclusion: Annotated[str, typer.Option(help="positive or negative")],
                     node: NodeUrl = DEFAULT_NODE, nonce: Nonce = None, wait: Wait = True) -> None:
    """File the validation report after the publicity window (the project's VVB signs)."""
    send(node, "validate_project", {"project": project, "report_hash": report_hash, "conclusion": conclusion},
         key, nonce, wait)


@app.command("apply-project")
def apply_project(key: KeyFiles, project: Project, commitment_hash: Hash,
                  node: NodeUrl = DEFAULT_NODE, nonce: Nonce = None, wait: Wait = True) -> None:
    """Apply for registration with both commitments: give the owner's and the VVB's key files (-k twice)."""
    send(node, "apply_project", {"project": project, "commitment_hash": commitment_hash}, key, nonce, wait)


@app.command("decide-project")
def decide_project(key: KeyFiles, project: Project, outcome: Annotated[str, typer.Option(help="register or refuse")],
                   reason: Annotated[str | None, typer.Option(help="required to refuse; at most 512 characters")] = None,
                   node: NodeUrl = DEFAULT_NODE, nonce: Nonce = None, wait: Wait = True) -> None:
    """Register or refuse an applied project (the registry signs)."""
    send(node, "decide_project", compact(project=project, outcome=outcome, reason=reason), key, nonce, wait)


@app.command("comment-project")
def comment_project(key: KeyFiles, project: Project, content_hash: Hash,
                    node: NodeUrl = DEFAULT_NODE, nonce: Nonce = None, wait: Wait = True) -> None:
    """File a public comment while the project's publicity window is open (any registered participant signs)."""
    send(node, "comment_project", {"project": project, "content_hash": content_hash}, key, nonce, wait)


@app.command("cancel-project")
def cancel_project(key: KeyFiles, project: Project, reason: Reason,
                   node: NodeUrl = DEFAULT_NODE, nonce: Nonce = None, wait: Wait = True) -> None:
    """Cancel a project for good (its owner or the registry signs)."""
    send(node, "cancel_project", {"project": project, "reason": reason}, key, nonce, wait)
