"""The BankID simulator's phone page scanning the QR code an RP screen shows, as a person holds a
phone up to it."""

from __future__ import annotations

import time
from collections.abc import Callable

from playwright.sync_api import Page

from tests.waits import WAIT_S


def scan_live_qr(phone: Page, shown_qr: Callable[[], str]) -> None:
    """Fill in the code `shown_qr` reads off the screen now and press Scan. BankID refuses a frame
    more than a few seconds old, like the real app, and on a loaded machine the time between
    reading the screen and the phone's request can pass that: a frame refused as too old is read
    off the screen again, as a person would hold the phone up again. Any other refusal fails."""
    deadline = time.monotonic() + WAIT_S
    while True:
        phone.fill("#qr", shown_qr())
        with phone.expect_response("**/phone/api/scan") as answer:
            phone.get_by_role("button", name="Läs av / Scan").click()
        if answer.value.ok:
            return
        error = str(answer.value.json().get("error", ""))
        if "too old" not in error or time.monotonic() > deadline:
            raise AssertionError(f"the phone page refused the QR code: {error}")
