"""Test doubles for the checkout: an age verifier driven by the test."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import date

from store_controller.checkout.age import AgeProgress, ProvenIdentity
from store_controller.i18n import Text

SCAN_QR = Text("Skanna QR-koden", "Scan the QR code")
ADULT_HASH = "ab" * 32


def adult(order_ref: str = "order-1", born: date = date(1990, 6, 2)) -> AgeProgress:
    proven = ProvenIdentity(order_ref=order_ref, birth_date=born, identity_hash=ADULT_HASH)
    return AgeProgress(Text("Klart", "Done"), done=True, proven=proven)


class ScriptedAgeVerifier:
    """Yields what the test puts in `steps`; counts identifications and cancellations."""

    def __init__(self) -> None:
        self.steps: asyncio.Queue[AgeProgress] = asyncio.Queue()
        self.started = 0
        self.cancelled = 0

    async def verify(self) -> AsyncIterator[AgeProgress]:
        self.started += 1
        finished = False
        try:
            while not finished:
                progress = await self.steps.get()
                finished = progress.done
                yield progress
        finally:
            if not finished:
                self.cancelled += 1
