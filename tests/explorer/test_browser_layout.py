"""Every main page of the explorer at a phone's 420 px and a desktop's 1,400 px: no sideways scroll, nothing wider
than the screen (tables may scroll inside their own box), and a screenshot of each under the test's tmp dir."""
from __future__ import annotations

from pathlib import Path

import pytest
from helpers import uscc
from pages import open_page

WIDTHS = (420, 1400)
PAGES = {
    "home": "#/", "search": "#/search/重点排放单位", "transaction": "#/tx/{cancel}", "block": "#/block/4",
    "account": f"#/account/{uscc(2)}", "instrument": "#/instrument/CEA-2024", "provenance": "#/serial/CEA-2024/1420",
    "certificate": "#/certificate/{cancel}", "compliance": "#/compliance/2024", "checkpoints": "#/checkpoints",
    "verify": "#/verify", "projects": "#/projects", "cancellations": "#/cancellations", "methodologies": "#/methodologies",
}

# Elements sticking out of the viewport, leaving out what a scrolling box (a wide table's wrapper) clips.
OVERFLOWING = """(() => {
  const width = document.documentElement.clientWidth;
  const clipped = (el) => { for (let p = el.parentElement; p; p = p.parentElement) {
    const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return true; }
    return false; };
  return [...document.body.querySelectorAll('*')].filter((el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && (r.right > width + 1 || r.left < -1 || r.width > width + 1) && !clipped(el);
  }).map((el) => `${el.tagName.toLowerCase()}#${el.id}.${el.className?.baseVal ?? el.className}: ${Math.round(el.getBoundingClientRect().width)}px`);
})()"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(PAGES))
def test_page_fits_the_screen(page, served, tmp_path: Path, name: str, width: int) -> None:
    page.set_viewport(width, 900, mobile=width < 700)
    open_page(page, served, PAGES[name].format(cancel=served.txs["cancel"]))
    assert page.evaluate("document.querySelectorAll('#main .notice.error').length") == 0
    shot = page.screenshot(tmp_path / f"{name}-{width}.png")
    assert shot.stat().st_size > 0
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate(OVERFLOWING) == []
    assert page.console_errors() == []


def test_overflow_check_names_a_wide_element(page, served) -> None:
    page.set_viewport(420, 900, mobile=True)
    open_page(page, served, "#/")
    page.evaluate("const d = document.createElement('div'); d.id = 'wide'; d.style.width = '600px'; d.textContent = 'wide';"
                  "document.getElementById('main').append(d); true")
    assert page.evaluate("document.documentElement.scrollWidth") > 420
    assert any(line.startswith("div#wide.") for line in page.evaluate(OVERFLOWING))
