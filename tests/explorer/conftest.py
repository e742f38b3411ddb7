"""Fixtures of the explorer tests: one headless Chromium and one served node with a market, per session.

The browser tests never skip: without /usr/bin/chromium they fail and say that `.ci/run` installs it.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any
from collections.abc import Iterator

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "node"))  # node_helpers: genesis home, signed market

from cdp import CHROMIUM, Browser, Page
from served_node import ServedNode, build_market, serve

from pages import open_page


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """A headless Chromium driven over the DevTools protocol."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: the explorer's browser tests need Debian's chromium package; "
                    ".ci/run installs it (apt-get install -y chromium)", pytrace=False)
    started = Browser()
    yield started
    started.close()


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedNode]:
    """A node on 127.0.0.1 (SQLite in a temp home, test genesis) with the market of served_node.py committed."""
    node = serve(tmp_path_factory.mktemp("explorer") / "home")
    try:
        build_market(node)
        yield node
    finally:
        node.stop()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh tab at 1280 × 900, closed after the test."""
    tab = browser.new_page()
    yield tab
    tab.close()


@pytest.fixture(scope="module")
def verifier(browser: Browser, served: ServedNode) -> Iterator[Verifier]:
    """The explorer's verify.js, imported in a page served by the node, callable from Python (one tab per module)."""
    tab = browser.new_page()
    open_page(tab, served, "#/verify")
    tab.evaluate("import('/explorer/verify.js').then((m) => { window.V = m; return true; })")
    yield Verifier(tab)
    assert tab.console_errors() == []
    tab.close()


class Verifier:
    """Runs JS against `window.V` (verify.js) and returns {ok, value} or {ok: false, code, message}."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def run(self, body: str, **args: Any) -> dict[str, Any]:
        """Run the async JS `body` with `args` bound as constants (JSON); BigInts come back as strings."""
        bind = "".join(f"const {k} = {json.dumps(v)};\n" for k, v in args.items())
        script = (f"(async () => {{ {bind} const b64 = (t) => Uint8Array.from(atob(t), (c) => c.charCodeAt(0));\n"
                  f"try {{ const value = await (async () => {{ {body} }})();\n"
                  "return {ok: true, value: JSON.parse(JSON.stringify(value ?? null, (k, x) =>\n"
                  "  typeof x === 'bigint' ? String(x) : x instanceof Uint8Array ? V.hex(x) : x))}; }\n"
                  "catch (e) { return {ok: false, code: e.code ?? e.name, message: e.message}; } })()")
        return self.page.evaluate(script)

    def code(self, body: str, **args: Any) -> str:
        """'ok' or the ProofError code the JS `body` throws."""
        result = self.run(body, **args)
        return "ok" if result["ok"] else result["code"]


@pytest.fixture(scope="session")
def shots() -> Path:
    """Where screenshots go to be looked at."""
    folder = Path("/tmp/tanledger-explorer")
    folder.mkdir(exist_ok=True)
    return folder
