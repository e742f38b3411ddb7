"""The API's documentation pages, served whole by the node: Swagger UI at /docs and ReDoc at /redoc work offline.

Their scripts and style sheet come from the `fastapi-offline` package's copy of swagger-ui-dist and ReDoc (MIT), served
under /docs/assets/; no page refers to a CDN or any other origin. The OpenAPI document stays at /openapi.json.
"""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse

from ledger.errors import NotFound

ASSETS = Path(str(files("fastapi_offline") / "static"))
ASSET_NAMES = {"swagger-ui-bundle.js": "text/javascript; charset=utf-8", "swagger-ui.css": "text/css; charset=utf-8",
               "redoc.standalone.js": "text/javascript; charset=utf-8", "favicon.png": "image/png"}
PREFIX = "/docs/assets"

router = APIRouter(include_in_schema=False)


def _title(request: Request) -> str:
    return request.app.title


@router.get("/docs")
def get_swagger_ui(request: Request) -> HTMLResponse:
    """Swagger UI on this node's OpenAPI document, with every asset from this node."""
    return get_swagger_ui_html(openapi_url=request.app.openapi_url, title=f"{_title(request)} — API",
                               swagger_js_url=f"{PREFIX}/swagger-ui-bundle.js", swagger_css_url=f"{PREFIX}/swagger-ui.css",
                               swagger_favicon_url=f"{PREFIX}/favicon.png")


@router.get("/redoc")
def get_redoc(request: Request) -> HTMLResponse:
    """ReDoc on this node's OpenAPI document, without web fonts from elsewhere."""
    return get_redoc_html(openapi_url=request.app.openapi_url, title=f"{_title(request)} — API reference",
                          redoc_js_url=f"{PREFIX}/redoc.standalone.js", redoc_favicon_url=f"{PREFIX}/favicon.png",
                          with_google_fonts=False)


@router.get(PREFIX + "/{name}")
def get_docs_asset(name: str) -> FileResponse:
    """One file of the documentation pages (script, style sheet, icon)."""
    # Verify the name is one of the assets the pages use: no path, no other file
    if name not in ASSET_NAMES:
        raise NotFound(f"the API documentation has no file {name!r}")
    return FileResponse(ASSETS / name, media_type=ASSET_NAMES[name], headers={"Cache-Control": "public, max-age=86400"})


def install_docs(app: FastAPI) -> None:
    """Serve the documentation pages on `app` (created with docs_url=None and redoc_url=None)."""
    app.include_router(router)
