"""Ids as people type them: a transaction id by the unique prefix the command line prints, resolved by the node's search."""
from __future__ import annotations

import re

from .client import NodeClient
from .console import ApiError, CliError

TX_ID_CHARS = 64
MIN_PREFIX = 6  # the node's search looks transaction ids up from 6 hex characters on
HEX = re.compile(r"[0-9a-f]+")
SHOWN_CANDIDATES = 5


def resolve_tx_id(client: NodeClient, text: str) -> str:
    """The full id of the transaction `text` names (64 hex, or a prefix of at least 6); raise CliError otherwise."""
    prefix = text.strip().lower()
    if not HEX.fullmatch(prefix) or not MIN_PREFIX <= len(prefix) <= TX_ID_CHARS:
        raise CliError("invalid_id", f"{text!r} is not a transaction id: give its {TX_ID_CHARS} hex characters "
                                     f"or a prefix of at least {MIN_PREFIX}, as the command line prints it")
    if len(prefix) == TX_ID_CHARS:
        return prefix
    found = find_tx_ids(client, prefix)
    if not found:
        raise CliError("not_found", f"no transaction id starts with {prefix} on this node")
    if len(found) > 1:
        shown = ", ".join(found[:SHOWN_CANDIDATES]) + (" …" if len(found) > SHOWN_CANDIDATES else "")
        raise CliError("ambiguous_id", f"{len(found)} transaction ids start with {prefix}: {shown}; type more characters")
    return found[0]


def find_tx_ids(client: NodeClient, prefix: str) -> list[str]:
    """The ids of the transactions whose id starts with `prefix`, as the node's search finds them, sorted."""
    try:
        answer = client.search(prefix)
    except ApiError as exc:
        if exc.status == 404:  # the search answers an empty list when nothing matches: 404 means no such route
            raise CliError("not_found", "this node cannot look up an id prefix (it has no GET /v1/search): "
                                        f"give the transaction's whole id of {TX_ID_CHARS} hex characters") from None
        raise
    ids = {str(r["id"]).lower() for r in answer.get("results", []) if r.get("kind") == "transaction"}
    return sorted(i for i in ids if i.startswith(prefix))
