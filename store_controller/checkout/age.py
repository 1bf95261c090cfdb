"""The age-check port: one identification at the kiosk that proves a customer's birth date.

Implementations (`bankid_age.BankIdAgeVerifier`; fakes in tests) yield `AgeProgress` updates
for the screen and end with one `done` update. A `ProvenIdentity` carries only the birth date
and a keyed hash of the identity number, never the number itself. Closing the iterator early
(`aclose()`, or cancelling the task iterating it) must withdraw the identification order.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from store_controller.checkout.cart import AgeCheckResult
from store_controller.i18n import Text


@dataclass(frozen=True, slots=True)
class ProvenIdentity:
    """Who identified, as far as the checkout may know it."""

    order_ref: str
    birth_date: date
    identity_hash: str

    def age_on(self, day: date) -> int:
        """Completed years on `day`."""
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def check(self, *, required_age: int, today: date, at: datetime) -> AgeCheckResult:
        """The cart's record of this identification against `required_age`."""
        return AgeCheckResult(
            order_ref=self.order_ref,
            identity_hash=self.identity_hash,
            age=self.age_on(today),
            required_age=required_age,
            checked_at=at,
        )


@dataclass(frozen=True, slots=True)
class AgeProgress:
    """What to show now: a message, maybe a QR code to scan with the phone; and the end."""

    message: Text
    qr_data: str | None = None
    done: bool = False
    proven: ProvenIdentity | None = None


class AgeVerifier(Protocol):
    """Runs identifications at the kiosk, one at a time."""

    def verify(self) -> AsyncIterator[AgeProgress]:
        """Start an identification and follow it to its end (see the module docstring)."""
        ...
