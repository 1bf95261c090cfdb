"""The simulator's payment requests and refunds: creation, lifecycle, scenarios and expiry.

Thread-safe (the API, the phone page and the callback thread share one store). Time-driven
changes (automatic scenarios, message-triggered outcomes, expiry with TM01) happen in `settle`,
which every read calls and the callback thread calls a few times a second; time comes from `clock`.
A payment request reaching PAID, DECLINED or ERROR (and a refund reaching PAID or ERROR) is
handed to `on_final` with the JSON Swish would POST to its callbackUrl.

Refunds are asynchronous as at Swish: created CREATED, they become PAID (or ERROR, when their
message holds an outcome code) `auto_after` seconds later, with a callback. A request or refund
may only name the merchant number of the client certificate that sends it (otherwise 422
ACMT07, swish.md section 2.1).
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from byabutik.runtime.clock import Clock
from swish_merchant.messages import OUTCOME_CODES
from swish_merchant.models import SwishStatus
from swish_merchant.simulator.state import (
    StateFile,
    payment_fields,
    payment_record,
    read_when,
    refund_fields,
    refund_record,
)
from swish_merchant.simulator.validation import (
    check_payment_request,
    check_refund,
    error_text,
    trigger,
)

SCENARIOS: tuple[str, ...] = ("manual", "pay", "decline", *OUTCOME_CODES)
"""What a new request does by itself: wait for the phone page, pay, decline, or fail with a code."""

FinalHook = Callable[[str, dict[str, Any], dict[str, str]], None]


class SimulatorError(Exception):
    """An answer other than success: HTTP status and Swish error codes."""

    def __init__(self, status: int, codes: tuple[str, ...] = ()) -> None:
        self.status = status
        self.codes = codes
        super().__init__(f"HTTP {status} {', '.join(codes)}")


def _iso(when: datetime | None) -> str | None:
    return when.isoformat(timespec="milliseconds").replace("+00:00", "Z") if when else None


def _amount(value: object) -> Decimal:
    return Decimal(str(value))


@dataclass
class SimPayment:
    id: str
    body: dict[str, Any]
    token: str | None
    created_at: float
    date_created: datetime
    scenario: str
    status: SwishStatus = SwishStatus.CREATED
    payment_reference: str | None = None
    date_paid: datetime | None = None
    error_code: str | None = None
    refunded: Decimal = Decimal(0)

    @property
    def amount(self) -> Decimal:
        return _amount(self.body["amount"])

    def to_wire(self) -> dict[str, Any]:
        body = self.body
        return {
            "id": self.id,
            "payeePaymentReference": body.get("payeePaymentReference"),
            "paymentReference": self.payment_reference,
            "callbackUrl": body.get("callbackUrl"),
            "payerAlias": body.get("payerAlias"),
            "payeeAlias": body.get("payeeAlias"),
            "amount": float(self.amount),
            "currency": body.get("currency"),
            "message": body.get("message", ""),
            "status": self.status.value,
            "dateCreated": _iso(self.date_created),
            "datePaid": _iso(self.date_paid),
            "errorCode": self.error_code,
            "errorMessage": error_text(self.error_code) if self.error_code else None,
        }


@dataclass
class SimRefund:
    id: str
    body: dict[str, Any]
    date_created: datetime
    created_at: float
    status: str = "CREATED"
    payment_reference: str | None = None
    date_paid: datetime | None = None
    error_code: str | None = None

    def to_wire(self) -> dict[str, Any]:
        body = self.body
        return {
            "id": self.id,
            "paymentReference": self.payment_reference,
            "payerPaymentReference": body.get("payerPaymentReference"),
            "originalPaymentReference": body.get("originalPaymentReference"),
            "callbackUrl": body.get("callbackUrl"),
            "payerAlias": body.get("payerAlias"),
            "amount": float(_amount(body["amount"])),
            "currency": body.get("currency"),
            "message": body.get("message", ""),
            "status": self.status,
            "dateCreated": _iso(self.date_created),
            "datePaid": _iso(self.date_paid),
            "errorCode": self.error_code,
            "errorMessage": error_text(self.error_code) if self.error_code else None,
        }


def _not_ours(alias: object, merchant: str | None, codes: list[str]) -> list[str]:
    """ACMT07 when a well-formed alias is not the certificate's merchant number."""
    if merchant is None or not isinstance(alias, str) or alias == merchant or "RP01" in codes:
        return []
    return ["ACMT07"]


def _final_headers(body: dict[str, Any]) -> dict[str, str]:
    identifier = body.get("callbackIdentifier")
    return {"callbackIdentifier": identifier} if isinstance(identifier, str) else {}


class PaymentStore:
    """Every payment request and refund the simulator knows, by instruction id."""

    def __init__(
        self,
        *,
        clock: Clock,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        scenario: str = "manual",
        auto_after: float = 2.0,
        expire_after: float = 330.0,
        allow_http_callbacks: bool = False,
        on_final: FinalHook | None = None,
        state: StateFile | None = None,
    ) -> None:
        """With `state`, every request and refund is kept in that file and read back here."""
        if scenario not in SCENARIOS:
            raise ValueError(f"unknown scenario {scenario!r}; one of {SCENARIOS}")
        self.scenario = scenario
        self.auto_after = auto_after
        self.expire_after = expire_after
        self.allow_http_callbacks = allow_http_callbacks
        self.on_final = on_final
        self._clock = clock
        self._now = now
        self._lock = threading.RLock()
        self._payments: dict[str, SimPayment] = {}
        self._refunds: dict[str, SimRefund] = {}
        self._state = state
        if state is not None:
            self._load(state)

    def _load(self, state: StateFile) -> None:
        now, monotonic = self._now(), self._clock.monotonic()
        for record in state.load("payments"):
            created = read_when(record["date_created"])
            age = (now - created).total_seconds() if created is not None else 0.0
            payment = SimPayment(**payment_fields(record, age_s=age, monotonic=monotonic))
            self._payments[payment.id] = payment
        for record in state.load("refunds"):
            created = read_when(record["date_created"])
            age = (now - created).total_seconds() if created is not None else 0.0
            refund = SimRefund(**refund_fields(record, age_s=age, monotonic=monotonic))
            self._refunds[refund.id] = refund

    def close(self) -> None:
        """Close the state file, if any (the store keeps answering from memory)."""
        with self._lock:
            state, self._state = self._state, None
        if state is not None:
            state.close()

    def _keep(self, payment: SimPayment) -> None:
        if self._state is not None:
            self._state.save("payments", payment.id, payment_record(payment))

    def create(
        self, request_id: str, body: dict[str, Any], *, merchant: str | None = None
    ) -> SimPayment:
        """A new CREATED request, or SimulatorError (409 if the id exists, 422 with codes).

        `merchant` is the Swish number of the sender's client certificate: a request for another
        payee is refused (ACMT07), as the real service refuses it.
        """
        with self._lock:
            self.settle()
            if request_id in self._payments:
                raise SimulatorError(409)
            codes = check_payment_request(body, allow_http_callbacks=self.allow_http_callbacks)
            codes += _not_ours(body.get("payeeAlias"), merchant, codes)
            codes += self._active_payer(body)
            if codes:
                raise SimulatorError(422, tuple(codes))
            ecommerce = body.get("payerAlias") is not None
            payment = SimPayment(
                id=request_id,
                body=dict(body),
                token=None if ecommerce else secrets.token_urlsafe(24),
                created_at=self._clock.monotonic(),
                date_created=self._now(),
                scenario=trigger(body.get("message")) or self.scenario,
            )
            self._payments[request_id] = payment
            self._keep(payment)
            return payment

    def _active_payer(self, body: dict[str, Any]) -> list[str]:
        payer = body.get("payerAlias")
        busy = any(
            p.status is SwishStatus.CREATED and p.body.get("payerAlias") == payer
            for p in self._payments.values()
        )
        return ["RP06"] if payer is not None and busy else []

    def get(self, request_id: str) -> SimPayment:
        with self._lock:
            self.settle()
            payment = self._payments.get(request_id)
            if payment is None:
                raise SimulatorError(404)
            return payment

    def by_token(self, token: str) -> SimPayment:
        """The request a scanned QR (token, or "D" + token) names; 422 RP04 if none."""
        with self._lock:
            self.settle()
            for payment in self._payments.values():
                if payment.token is not None and token in {payment.token, f"D{payment.token}"}:
                    return payment
            raise SimulatorError(422, ("RP04",))

    def payments(self) -> list[SimPayment]:
        with self._lock:
            self.settle()
            return sorted(self._payments.values(), key=lambda p: p.created_at, reverse=True)

    def cancel(self, request_id: str) -> SimPayment:
        with self._lock:
            payment = self.get(request_id)
            if payment.status is not SwishStatus.CREATED:
                raise SimulatorError(422, ("RP07",))
            payment.status = SwishStatus.CANCELLED
            self._keep(payment)
            return payment

    def pay(self, request_id: str, *, payer_age: int | None = None) -> SimPayment:
        """The payer approves in the app (too young for an ageLimit: ERROR VR01)."""
        with self._lock:
            payment = self._pending(request_id)
            limit = payment.body.get("ageLimit")
            if payer_age is not None and isinstance(limit, int) and payer_age < limit:
                return self._finish(payment, SwishStatus.ERROR, "VR01")
            return self._finish(payment, SwishStatus.PAID)

    def decline(self, request_id: str) -> SimPayment:
        with self._lock:
            return self._finish(self._pending(request_id), SwishStatus.DECLINED)

    def fail(self, request_id: str, code: str) -> SimPayment:
        with self._lock:
            return self._finish(self._pending(request_id), SwishStatus.ERROR, code)

    def _pending(self, request_id: str) -> SimPayment:
        payment = self.get(request_id)
        if payment.status is not SwishStatus.CREATED:
            raise SimulatorError(409)
        return payment

    def settle(self) -> None:
        """Apply what time decided: scenarios, triggered outcomes, expiry (TM01), refunds."""
        with self._lock:
            now = self._clock.monotonic()
            for refund in self._refunds.values():
                if refund.status == "CREATED" and now - refund.created_at >= self.auto_after:
                    self._finish_refund(refund)
            for payment in self._payments.values():
                if payment.status is not SwishStatus.CREATED:
                    continue
                age = now - payment.created_at
                if age >= self.expire_after:
                    self._finish(payment, SwishStatus.ERROR, "TM01")
                elif payment.scenario != "manual" and age >= self.auto_after:
                    self._auto(payment)

    def _auto(self, payment: SimPayment) -> None:
        if payment.scenario == "pay":
            self._finish(payment, SwishStatus.PAID)
        elif payment.scenario == "decline":
            self._finish(payment, SwishStatus.DECLINED)
        else:
            self._finish(payment, SwishStatus.ERROR, payment.scenario)

    def _finish(
        self, payment: SimPayment, status: SwishStatus, code: str | None = None
    ) -> SimPayment:
        payment.status = status
        payment.error_code = code
        if status is SwishStatus.PAID:
            payment.payment_reference = secrets.token_hex(16).upper()
            payment.date_paid = self._now()
        self._keep(payment)
        if self.on_final is not None and payment.body.get("callbackUrl"):
            self.on_final(
                payment.body["callbackUrl"], payment.to_wire(), _final_headers(payment.body)
            )
        return payment

    def create_refund(
        self, refund_id: str, body: dict[str, Any], *, merchant: str | None = None
    ) -> SimRefund:
        """A CREATED refund of a PAID request (paid later); 409 if the id exists, 422 with codes."""
        with self._lock:
            self.settle()
            if refund_id in self._refunds:
                raise SimulatorError(409)
            codes = check_refund(body, allow_http_callbacks=self.allow_http_callbacks)
            codes += _not_ours(body.get("payerAlias"), merchant, codes)
            if codes:
                raise SimulatorError(422, tuple(codes))
            original = self._paid(body["originalPaymentReference"])
            if original.body.get("payeeAlias") != body["payerAlias"]:
                raise SimulatorError(422, ("RF03",))
            amount = _amount(body["amount"])
            if original.refunded + amount > original.amount:
                raise SimulatorError(422, ("RF08",))
            original.refunded += amount
            refund = SimRefund(refund_id, dict(body), self._now(), self._clock.monotonic())
            self._refunds[refund_id] = refund
            self._keep(original)
            self._keep_refund(refund)
            return refund

    def _keep_refund(self, refund: SimRefund) -> None:
        if self._state is not None:
            self._state.save("refunds", refund.id, refund_record(refund))

    def _finish_refund(self, refund: SimRefund) -> None:
        """The bank answered: PAID, or ERROR with the outcome code the message asked for."""
        code = trigger(refund.body.get("message"))
        if code in OUTCOME_CODES:
            refund.status, refund.error_code = "ERROR", code
            original = self._paid_or_none(refund.body.get("originalPaymentReference"))
            if original is not None:  # the money did not move: it may be refunded again
                original.refunded -= _amount(refund.body["amount"])
                self._keep(original)
        else:
            refund.status = "PAID"
            refund.payment_reference = secrets.token_hex(16).upper()
            refund.date_paid = self._now()
        self._keep_refund(refund)
        if self.on_final is not None and refund.body.get("callbackUrl"):
            self.on_final(refund.body["callbackUrl"], refund.to_wire(), {})

    def _paid_or_none(self, payment_reference: object) -> SimPayment | None:
        for payment in self._payments.values():
            if payment.payment_reference == payment_reference:
                return payment
        return None

    def _paid(self, payment_reference: str) -> SimPayment:
        for payment in self._payments.values():
            if payment.payment_reference == payment_reference:
                return payment
        raise SimulatorError(422, ("RF02",))

    def refund(self, refund_id: str) -> SimRefund:
        with self._lock:
            self.settle()
            refund = self._refunds.get(refund_id)
            if refund is None:
                raise SimulatorError(404)
            return refund
