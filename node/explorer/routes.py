"""The public explorer: one HTML page at `/`, its static modules under `/explorer/`, the pinned trust root.

The page is plain HTML, CSS and JavaScript modules served from `static/` (no build step, no CDN:
the Content-Security-Policy allows this origin only). When serving `/` the node writes the trust
root of its genesis (`node/trust.py`, the same function as `tanledger trust export`) into the page
as a JSON script element, so the Verify button checks proofs against keys pinned in the page it
came with; `GET /explorer/trust.json` serves the same value for users to compare with theirs.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from ledger.errors import NotFound

router = APIRouter(tags=["explorer"])

STATIC = Path(__file__).parent / "static"
MEDIA_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml"}
ASSET_NAME = re.compile(r"^[a-z][a-z0-9_]*\.(js|css|svg)$")
TRUST_MARK = "<!--TRUST-->"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
           "Cache-Control": "no-cache"}


def _trust_of(request: Request) -> dict[str, Any]:
    """The node's trust root (`node.trust.trust_from_genesis`, what `tanledger trust export` writes) as JSON."""
    return request.app.state.node.trust.to_json()


def render_page(trust: dict[str, Any]) -> str:
    """index.html with `trust` pinned in it; `<`, `>` and `&` escaped so no value can end the script element."""
    text = json.dumps(trust, ensure_ascii=False, sort_keys=True)
    safe = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return (STATIC / "index.html").read_text(encoding="utf-8").replace(TRUST_MARK, safe, 1)


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def get_page(request: Request) -> HTMLResponse:
    """The explorer page, with the trust root of this chain's genesis pinned in it."""
    return HTMLResponse(render_page(_trust_of(request)), headers=HEADERS)


TRUST_SCHEMA = {"$ref": "#/components/schemas/Trust"}  # the model of GET /v1/trust (node.api imports this module)


@router.get("/explorer/trust.json", responses={200: {"description": "the pinned trust root",
                                                    "content": {"application/json": {"schema": TRUST_SCHEMA}}}})
def get_trust(request: Request) -> JSONResponse:
    """The trust root pinned in the explorer page: origin, validator keys by log size, quorum."""
    return JSONResponse(_trust_of(request), headers={"Cache-Control": "no-cache"})


@router.get("/explorer/{name}", include_in_schema=False)
def get_asset(name: str) -> Response:
    """One static file of the explorer (a module, the style sheet, the icon)."""
    path = STATIC / name
    # Verify the name is a plain file name of an explorer asset: no path, no other kind of file
    if not ASSET_NAME.fullmatch(name) or not path.is_file():
        raise NotFound(f"the explorer has no file {name!r}")
    return Response(path.read_bytes(), media_type=MEDIA_TYPES[path.suffix], headers=HEADERS)
