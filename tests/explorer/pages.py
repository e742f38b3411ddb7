"""Opening explorer pages in the test browser (imported by the tests; conftest modules are not importable by name)."""
from __future__ import annotations

from cdp import Page
from served_node import ServedNode

READY = "document.body.dataset.state === 'ready'"


def open_page(page: Page, served: ServedNode, route: str) -> None:
    """Load the explorer at `route` (like '#/tx/<id>') and wait until the page says it is ready."""
    page.goto(f"{served.url}/{route}")
    page.wait_for(READY)
