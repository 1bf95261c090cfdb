"""`SimulatedPaymentProvider`: a payment provider for tests and the demo. It takes no money.

Payments stay pending until `approve(reference)` (the kiosk's dev "pay" button, or a test) or
`decline(reference)`, or until `auto_approve_after_s` has passed on the given monotonic clock.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from store_controller.payments.port import PaymentRequest, PaymentState, PaymentStatus

if TYPE_CHECKING:
    from retail.wire import PaymentMethod


class SimulatedPaymentProvider:
    """Implements `PaymentProvider`; its payments are recorded as the method it stands in for."""

    name = "simulated"

    def __init__(
        self,
        *,
        auto_approve_after_s: float | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        method: PaymentMethod | None = None,  # None: PaymentMethod.SIMULATED
    ) -> None:
        self._auto_after = auto_approve_after_s
        self._monotonic = monotonic
        self._now = now
        self._method = method
        self._payments: dict[str, PaymentState] = {}
        self._requested_at: dict[str, float] = {}
        self.requests: list[PaymentRequest] = []

    async def request(self, request: PaymentRequest) -> PaymentState:
        self.requests.append(request)
        if self._method is None:
            from retail.wire import PaymentMethod  # the wire's sale types, with the first payment

            self._method = PaymentMethod.SIMULATED
        if (known := self._payments.get(request.reference)) is not None:
            return self._current(request.reference, known)
        state = PaymentState(
            reference=request.reference,
            status=PaymentStatus.PENDING,
            amount=request.amount,
            method=self._method,
            provider=self.name,
            provider_reference=f"SIM{len(self._payments) + 1:06d}",
            qr_data=f"simulated-payment:{request.reference}",
        )
        self._payments[request.reference] = state
        self._requested_at[request.reference] = self._monotonic()
        return self._current(request.reference, state)

    async def status(self, reference: str) -> PaymentState:
        return self._current(reference, self._payments[reference])

    async def cancel(self, reference: str) -> PaymentState:
        state = self._current(reference, self._payments[reference])
        if state.status is PaymentStatus.PENDING:
            state = self._set(reference, PaymentStatus.CANCELLED)
        return state

    def approve(self, reference: str) -> PaymentState:
        """The customer paid (simulated): a pending payment becomes PAID."""
        return self._finish(reference, PaymentStatus.PAID)

    def decline(self, reference: str) -> PaymentState:
        """The customer's bank said no (simulated)."""
        return self._finish(reference, PaymentStatus.DECLINED)

    def pending(self) -> list[str]:
        """References of payments still pending."""
        return [ref for ref, s in self._payments.items() if s.status is PaymentStatus.PENDING]

    def _finish(self, reference: str, status: PaymentStatus) -> PaymentState:
        state = self._payments[reference]
        if state.status is not PaymentStatus.PENDING:
            return state
        return self._set(reference, status)

    def _current(self, reference: str, state: PaymentState) -> PaymentState:
        waited = self._monotonic() - self._requested_at[reference]
        auto = self._auto_after is not None and waited >= self._auto_after
        if state.status is PaymentStatus.PENDING and auto:
            return self._set(reference, PaymentStatus.PAID)
        return state

    def _set(self, reference: str, status: PaymentStatus) -> PaymentState:
        confirmed = self._now() if status is PaymentStatus.PAID else None
        state = replace(self._payments[reference], status=status, confirmed_at=confirmed)
        self._payments[reference] = state
        return state
