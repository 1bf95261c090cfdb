"""Watching a page for Content-Security-Policy violations the way a browser reports them: the
`securitypolicyviolation` event, the console error Chromium prints ("Refused to ... because it
violates the following Content Security Policy directive"), and any uncaught script error."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import ConsoleMessage, Error, Page

LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} ` +
      `at ${event.sourceFile || document.location.href}:${event.lineNumber}`
  );
});
"""


@dataclass
class CspWatch:
    """Attach before the first `goto`: it follows the page through every navigation."""

    page: Page
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.add_init_script(LISTENER)
        self.page.on("console", self._console)
        self.page.on("pageerror", self._page_error)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error" and ("Content Security Policy" in message.text):
            self.console_errors.append(f"{message.text} ({message.location.get('url')})")

    def _page_error(self, error: Error) -> None:
        self.page_errors.append(str(error))

    def violations(self) -> list[str]:
        """The current document's violation events, plus every console and script error seen."""
        events: list[str] = self.page.evaluate("() => window.__cspViolations || []")
        return events + self.console_errors + self.page_errors

    def assert_clean(self, what: str) -> None:
        found = self.violations()
        assert not found, f"{what} broke the Content-Security-Policy or threw:\n" + "\n".join(found)
