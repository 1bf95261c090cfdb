"""The automated accessibility check every page passes: axe-core, from the npm registry
(`package.json`, installed by `./dev test`), injected into the page under test."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tests.conftest import missing_component

if TYPE_CHECKING:
    from playwright.sync_api import Page

AXE_JS = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = frozenset({"serious", "critical"})
"""Impacts that fail a page; minor and moderate findings are reported, not failed."""


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Every axe-core violation on the page as it is now (all impacts)."""
    if not AXE_JS.exists():
        missing_component(f"axe-core at {AXE_JS} (run ./dev test, which runs npm ci)")
    # A page still loading has no document for axe to walk: the caller waits for the page it
    # means (its URL or a heading) and this waits for that page to finish loading.
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # A <script> element would be refused by a strict Content-Security-Policy; evaluate is not.
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result: list[dict[str, Any]] = page.evaluate(
        "async () => (await window.axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return result


def assert_accessible(page: Page, *, what: str = "") -> None:
    """Fail with every serious or critical axe-core finding, each with the elements it names."""
    blocking = [v for v in axe_violations(page) if v.get("impact") in BLOCKING]
    if blocking:
        summary = [
            {
                "rule": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "nodes": [n.get("target") for n in v.get("nodes", [])][:5],
            }
            for v in blocking
        ]
        where = f" on {what}" if what else f" on {page.url}"
        raise AssertionError(f"accessibility{where}:\n{json.dumps(summary, indent=2)}")
