"""`SwishPaymentProvider`: the checkout's payment port on top of `SwishClient`.

- `request` creates the Swish payment request whose instruction id comes from the sale id; asking
  again (also after a restart, when only Swish remembers) finds the same request: no second charge.
  M-commerce (no phone number) gives `qr_data` for the kiosk; `payer_alias=` makes it e-commerce.
- `status` reads Swish, at most once per poll delay (growing from `poll_interval` to
  `poll_max_interval`); between reads it answers the last state. PAID only when Swish said PAID
  for the amount asked for; unknown references raise KeyError (Swish answers 404).
- `cancel` withdraws a CREATED request; one that is no longer cancellable comes back as it is.
- Swish unreachable (transport, timeout, 5xx): `SwishPaymentUnavailable`, a
  `PaymentUnavailableError`. Swish refused (422 codes, certificate): `SwishPaymentRejected`. Both
  carry the customer text and the owner reason.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Self

from retail import Money
from retail.wire import PaymentMethod
from store_controller.i18n import Text
from store_controller.payments.port import (
    PaymentError,
    PaymentRequest,
    PaymentState,
    PaymentStatus,
    PaymentUnavailableError,
)
from swish_merchant.config import SwishConfig
from swish_merchant.errors import (
    AlreadyExists,
    InvalidRequest,
    NotCancellable,
    NotFound,
    SwishError,
    SwishRejected,
    SwishUnavailable,
)
from swish_merchant.models import (
    PaymentRequestRead,
    RefundRead,
    SwishStatus,
    clean_message,
    instruction_id,
    qr_data,
)
from swish_merchant.models import payer_alias as normalized_alias

if TYPE_CHECKING:
    from swish_merchant.client import SwishClient

_log = logging.getLogger(__name__)

_STATUS = {
    SwishStatus.CREATED: PaymentStatus.PENDING,
    SwishStatus.DECLINED: PaymentStatus.DECLINED,
    SwishStatus.ERROR: PaymentStatus.ERROR,
    SwishStatus.CANCELLED: PaymentStatus.CANCELLED,
}


class _TranslatedError(PaymentError):
    def __init__(self, error: SwishError) -> None:
        self.codes = error.codes
        self.customer_text: Text = error.customer_text
        self.owner_reason = error.owner_reason
        super().__init__(str(error))


class SwishPaymentRejected(_TranslatedError):  # noqa: N818 - house naming
    """Swish refused the request (error codes in `codes`); asking again will not help."""


class SwishPaymentUnavailable(_TranslatedError, PaymentUnavailableError):  # noqa: N818
    """Swish could not be reached or answered unusably; the checkout tries again."""


@dataclass
class _Tracked:
    request_id: str
    amount: Money
    state: PaymentState
    next_read: float
    delay: float


class SwishPaymentProvider:
    """Implements `PaymentProvider` with Swish; see the module docstring for the behaviour."""

    name = "swish"

    def __init__(
        self,
        client: SwishClient | Callable[[], SwishClient],
        *,
        poll_interval: float = 1.0,
        poll_max_interval: float = 5.0,
        monotonic: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        from swish_merchant.client import SwishClient  # httpx only once Swish is configured

        built = client if isinstance(client, SwishClient) else None
        self._client: SwishClient | None = built
        self._make_client: Callable[[], SwishClient] = (
            client if not isinstance(client, SwishClient) else lambda: client
        )
        self._poll = poll_interval
        self._poll_max = poll_max_interval
        self._monotonic = monotonic
        self._now = now
        self._tracked: dict[str, _Tracked] = {}

    @classmethod
    def from_config(
        cls,
        config: SwishConfig,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> Self:
        """A provider with its own client, built (certificate files read) at first use."""
        return cls(
            lambda: _client(config),
            poll_interval=config.poll_interval,
            poll_max_interval=config.poll_max_interval,
            monotonic=monotonic,
            now=now,
        )

    @property
    def client(self) -> SwishClient:
        """The Swish client; a configuration that cannot be used is `SwishPaymentUnavailable`."""
        if self._client is None:
            try:
                self._client = self._make_client()
            except SwishError as error:
                raise SwishPaymentUnavailable(error) from error
        return self._client

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()

    async def request(
        self, request: PaymentRequest, *, payer_alias: str | None = None
    ) -> PaymentState:
        if request.reference in self._tracked:
            return await self.status(request.reference)
        try:
            created = await self.client.create_payment_request(
                reference=request.reference,
                amount=request.amount,
                message=clean_message(request.message),
                payer_alias=None if payer_alias is None else normalized_alias(payer_alias),
                age_limit=request.age_limit,
            )
        except AlreadyExists:
            _log.info("swish request exists already", extra={"reference": request.reference})
            return await self._adopt(request.reference, request.amount)
        except (SwishError, InvalidRequest) as error:
            raise _translate(error) from error
        state = PaymentState(
            reference=request.reference,
            status=PaymentStatus.PENDING,
            amount=request.amount,
            method=PaymentMethod.SWISH,
            provider=self.name,
            provider_reference=created.id,
            qr_data=qr_data(created.token) if created.token else None,
        )
        self._track(request.reference, created.id, request.amount, state)
        return state

    async def status(self, reference: str) -> PaymentState:
        tracked = self._tracked.get(reference)
        if tracked is None:
            return await self._adopt(reference, None)
        if tracked.state.status.final or self._monotonic() < tracked.next_read:
            return tracked.state
        read = await self._read(tracked.request_id)
        tracked.delay = min(tracked.delay * 1.5, self._poll_max)
        tracked.next_read = self._monotonic() + tracked.delay
        return self._update(reference, tracked, read)

    async def cancel(self, reference: str) -> PaymentState:
        tracked = self._tracked.get(reference)
        if tracked is None:
            await self._adopt(reference, None)
            tracked = self._tracked[reference]
        if tracked.state.status.final:
            return tracked.state
        try:
            read = await self.client.cancel_payment_request(tracked.request_id)
        except NotCancellable:
            read = await self._read(tracked.request_id)
        except SwishError as error:
            raise _translate(error) from error
        return self._update(reference, tracked, read)

    async def refund(
        self, reference: str, *, amount: Money, number: int = 1, message: str = ""
    ) -> RefundRead:
        """Give `amount` back for the paid sale `reference`; refund `number` n is one refund only.

        Raises ValueError unless the payment is PAID, `SwishPaymentRejected` for Swish's refusals
        (e.g. RF08: more than was paid), `SwishPaymentUnavailable` when Swish cannot be reached.
        """
        state = await self.status(reference)
        if state.status is not PaymentStatus.PAID or state.provider_reference is None:
            raise ValueError(f"only a paid payment can be refunded ({state.status})")
        refund_reference = f"{reference}/refund-{number}"
        try:
            created = await self.client.create_refund(
                reference=refund_reference,
                original_payment_reference=state.provider_reference,
                amount=amount,
                message=clean_message(message),
            )
        except AlreadyExists:
            return await self._read_refund(instruction_id(refund_reference, kind="refund"))
        except (SwishError, InvalidRequest) as error:
            raise _translate(error) from error
        return await self._read_refund(created.id)

    async def _read_refund(self, refund_id: str) -> RefundRead:
        try:
            return await self.client.refund(refund_id)
        except SwishError as error:
            raise _translate(error) from error

    async def _adopt(self, reference: str, amount: Money | None) -> PaymentState:
        """Track a request Swish knows but we do not (a retry, or a restart); KeyError if none."""
        request_id = instruction_id(reference)
        try:
            read = await self._read(request_id)
        except SwishPaymentRejected as error:
            raise KeyError(reference) from error
        asked = amount if amount is not None else read.amount
        pending = PaymentState(
            reference=reference,
            status=PaymentStatus.PENDING,
            amount=asked,
            method=PaymentMethod.SWISH,
            provider=self.name,
            provider_reference=request_id,
        )
        tracked = self._track(reference, request_id, asked, pending)
        return self._update(reference, tracked, read)

    async def _read(self, request_id: str) -> PaymentRequestRead:
        try:
            return await self.client.payment_request(request_id)
        except NotFound as error:
            raise SwishPaymentRejected(error) from error
        except SwishError as error:
            raise _translate(error) from error

    def _track(
        self, reference: str, request_id: str, amount: Money, state: PaymentState
    ) -> _Tracked:
        tracked = _Tracked(request_id, amount, state, self._monotonic() + self._poll, self._poll)
        self._tracked[reference] = tracked
        return tracked

    def _update(self, reference: str, tracked: _Tracked, read: PaymentRequestRead) -> PaymentState:
        status = self._status_of(reference, tracked, read)
        confirmed = (read.date_paid or self._now()) if status is PaymentStatus.PAID else None
        tracked.state = replace(
            tracked.state,
            status=status,
            confirmed_at=confirmed,
            provider_reference=read.payment_reference or tracked.request_id,
        )
        return tracked.state

    def _status_of(
        self, reference: str, tracked: _Tracked, read: PaymentRequestRead
    ) -> PaymentStatus:
        if read.status is not SwishStatus.PAID:
            if read.error_code:
                _log.info(
                    "swish payment failed",
                    extra={"reference": reference, "code": read.error_code},
                )
            return _STATUS[read.status]
        if read.amount != tracked.amount or not read.payment_reference:
            _log.error(
                "swish says PAID for another amount or without a reference; not paid",
                extra={"reference": reference, "asked": tracked.amount.ore, "got": read.amount.ore},
            )
            return PaymentStatus.ERROR
        return PaymentStatus.PAID


def _translate(error: SwishError) -> PaymentError:
    if isinstance(error, SwishUnavailable):
        return SwishPaymentUnavailable(error)
    if isinstance(error, SwishRejected | InvalidRequest):
        return SwishPaymentRejected(error)
    return SwishPaymentUnavailable(error)


def _client(config: SwishConfig) -> SwishClient:
    from swish_merchant.client import SwishClient

    return SwishClient.from_config(config)
