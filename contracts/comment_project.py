"""Comment on a project: any registered participant files a public comment while the publicity window is open.

The comment is a document kept off the ledger and named by its hash; the ledger numbers the comments of
each project (1, 2, …) and keeps who filed each and when. After the window closes no comment is taken
(publicity_window_closed). Source: S8 Art.12. Feature: tests/features/comment_project.feature.
"""
from __future__ import annotations

from typing import Any

from ledger import keys
from ledger.ccer_errors import PublicityWindowClosed
from ledger.chain import BlockContext
from ledger.state import State
from ledger.tx import Transaction

from . import fields
from .ccer import put_project
from .project_checks import compute_stamp, get_open_project
from .roles import signer_ids

REQUIRED = {"project", "content_hash"}


def check_shape(body: dict[str, Any]) -> None:
    """The project and the comment's hash."""
    fields.check_keys(body, REQUIRED)
    fields.get_project_id(body)
    fields.get_hash(body, "content_hash")


def check(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """A registered participant signed; the project is open for comments."""
    # Verify a registered participant signed (every key belongs to one, its signing policy met)
    signer_ids(state, tx)
    project = get_open_project(state, tx.body["project"])
    # Verify the publicity window is still open
    if ctx.time >= project["publicity_closes"]:
        raise PublicityWindowClosed(f"the publicity window of project {project['id']} closed at "
                                    f"{fields.format_time(project['publicity_closes'])}; block time is "
                                    f"{fields.format_time(ctx.time)}: comments are taken while it is open")


def apply(state: State, tx: Transaction, ctx: BlockContext) -> None:
    """Write comment number n + 1 of the project and count it; emit it."""
    project = get_open_project(state, tx.body["project"])
    number = project["comments"] + 1
    comment = {"project": project["id"], "number": number, "by": signer_ids(state, tx)[0],
               "content_hash": tx.body["content_hash"], **compute_stamp(tx, ctx)}
    state.put(keys.project_comment(project["id"], number), comment)
    put_project(state, project, comments=number)
    state.emit({"op": "project_comment", **comment})
