"""The explorer's routes on a real node: the page with its pinned trust root, trust.json, the static files."""
from __future__ import annotations

import json
import re

import httpx
import pytest

from helpers import bilateral_genesis_doc
from node.explorer.routes import STATIC, render_page
from node.trust import trust_from_genesis

TRUST_ELEMENT = re.compile(r'<script type="application/json" id="trust">(.*?)</script>', re.S)


def test_page_pins_the_trust_root_of_genesis(served) -> None:
    response = httpx.get(f"{served.url}/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    pinned = json.loads(TRUST_ELEMENT.search(response.text).group(1))
    assert pinned == trust_from_genesis(bilateral_genesis_doc()).to_json()
    assert pinned["origin"] == "tanledger.devnet/tanledger-test"
    assert pinned["validator_sets"][0]["quorum"] == 1


def test_page_allows_only_its_own_origin(served) -> None:
    headers = httpx.get(f"{served.url}/").headers
    csp = headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "connect-src 'self'" in csp
    assert headers["x-content-type-options"] == "nosniff"
    page = httpx.get(f"{served.url}/").text
    assert "http://" not in page and "https://" not in page  # no CDN, nothing from elsewhere


def test_trust_json_is_the_pinned_value(served) -> None:
    response = httpx.get(f"{served.url}/explorer/trust.json")
    assert response.status_code == 200
    assert response.json() == trust_from_genesis(bilateral_genesis_doc()).to_json()


@pytest.mark.parametrize("name, media", [("app.js", "text/javascript"), ("verify.js", "text/javascript"),
                                         ("style.css", "text/css"), ("favicon.svg", "image/svg+xml")])
def test_static_files_with_their_media_types(served, name: str, media: str) -> None:
    response = httpx.get(f"{served.url}/explorer/{name}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    assert response.content == (STATIC / name).read_bytes()


def test_every_module_the_page_imports_is_served(served) -> None:
    modules = sorted(p.name for p in STATIC.glob("*.js"))
    imported = set()
    for name in modules:
        imported |= set(re.findall(r'from "\./([a-z_]+\.js)"', (STATIC / name).read_text()))
    assert imported <= set(modules)
    for name in modules:
        assert httpx.get(f"{served.url}/explorer/{name}").status_code == 200


@pytest.mark.parametrize("name", ["index.html", "nope.js", "VERIFY.JS", "..%2Froutes.py", "routes.py", ".hidden.js"])
def test_no_other_file_is_served(served, name: str) -> None:
    response = httpx.get(f"{served.url}/explorer/{name}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_render_page_keeps_hostile_names_inside_the_script_element() -> None:
    trust = {"origin": "</script><script>alert(1)</script>", "validator_sets": [{"note": "a&b<!--"}]}
    page = render_page(trust)
    assert "</script><script>alert" not in page and "<!--" not in TRUST_ELEMENT.search(page).group(1)
    assert json.loads(TRUST_ELEMENT.search(page).group(1)) == trust
