"""Paging of the API's lists: `limit` items, then `next`, the opaque cursor to pass back for the following page.

`page_of` pages a list held in memory by one of its keys; `encode_position`/`decode_position` make the cursor of a
list read from the database by position (height, index), newest first.
"""
from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import Query

from ..errors import InvalidRequest

MAX_LIMIT = 1000
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="items per page (1 to 1000)")]
Cursor = Annotated[str | None, Query(max_length=128, description="the `next` of the previous page")]
POSITION = re.compile(r"(\d{1,16})\.(\d{1,9})")


def page_of(items: list[dict[str, Any]], key: str, cursor: str | None, limit: int) -> tuple[list[dict[str, Any]], str | None]:
    """The `limit` items after the one whose `key` is `cursor` (from the start if None), and the next cursor."""
    start = 0
    if cursor is not None:
        ids = [item[key] for item in items]
        # Verify the cursor names an item of this list
        if cursor not in ids:
            raise InvalidRequest(f"cursor {cursor!r} is not a {key} of this list: pass the `next` of the previous page")
        start = ids.index(cursor) + 1
    page = items[start:start + limit]
    more = start + limit < len(items)
    return page, page[-1][key] if more and page else None


def encode_position(height: int, index: int) -> str:
    """The cursor of the item at (height, index)."""
    return f"{height}.{index}"


def decode_position(cursor: str | None) -> tuple[int, int] | None:
    """(height, index) of a cursor made by `encode_position`, None for none; raise InvalidRequest otherwise."""
    if cursor is None:
        return None
    match = POSITION.fullmatch(cursor)
    # Verify the cursor is one this API made
    if match is None:
        raise InvalidRequest(f"cursor {cursor!r} is not one this list made: pass the `next` of the previous page")
    return int(match[1]), int(match[2])
