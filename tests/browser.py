"""The system Chromium for browser tests (Playwright drives it; nothing is downloaded)."""

from __future__ import annotations

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    # Without these Chromium calls home at start; this machine's network refuses it.
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
WAIT_MS = 45_000
"""How long a page may take to show what a test waits for. A passing test never waits this
long; the margin is for a 2-core machine running other suites beside this one, where a first
page or a generated download was seen to take over 10 s, and a sign-in page's load over 20 s
at load 12 (three test workers beside other work)."""
