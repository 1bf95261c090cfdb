"""The Swish commerce API client (payment requests v2, refunds v2), async, over mutual TLS.

Every method sends one request and turns the answer into a typed result or an exception of
`swish_merchant.errors`; nothing is retried behind the caller's back except the
polling of `wait_for_payment`. Instruction ids come from the caller's reference
(`models.instruction_id`), so sending a sale again names the same request and never charges twice.
"""

from __future__ import annotations

import json
import logging
import ssl
from types import TracebackType
from typing import Any, Literal, Self, TypeVar

import httpx
from pydantic import ValidationError

from byabutik.runtime.clock import Clock, SystemClock
from retail import Money
from swish_merchant.config import SwishConfig
from swish_merchant.errors import (
    ClientTimeout,
    InvalidRequest,
    SwishConfigError,
    TransportFailure,
    UnexpectedResponse,
    error_from_response,
)
from swish_merchant.models import (
    Created,
    PaymentRequestCreate,
    PaymentRequestRead,
    RefundCreate,
    RefundRead,
    SwishStatus,
    instruction_id,
    payee_reference,
)

_log = logging.getLogger(__name__)
QrFormat = Literal["png", "svg"]
_Read = TypeVar("_Read", PaymentRequestRead, RefundRead)
JSON_PATCH = "application/json-patch+json"
CANCEL_PATCH = [{"op": "replace", "path": "/status", "value": "cancelled"}]


class SwishClient:
    """Async client of one Swish environment for one merchant (payee alias).

    Use as `async with SwishClient.from_config(config) as client:` or call `aclose()`.

    - `create_payment_request(reference=..., amount=...)` PUTs the request whose instruction id is
      derived from `reference`; without `payer_alias` (m-commerce) the answer carries the token for
      the QR code (`models.qr_data`), with it (e-commerce) Swish asks that phone.
    - `payment_request(id)` reads the status; only `SwishStatus.PAID` means money moved.
    - `wait_for_payment(id, within=...)` polls with backoff until a final status or the timeout.
    - `cancel_payment_request(id)` withdraws a CREATED request (`NotCancellable` otherwise).
    - `create_refund(...)` / `refund(id)` give money back for a paid request. Refunds are
      asynchronous: 201 means CREATED, not paid; `wait_for_refund(id, within=...)` polls until
      PAID or ERROR (Swish also calls the callback URL then).
    - `commerce_qr(token, format="svg")` asks Swish's QR service for the code of an m-commerce
      request's token (PNG or SVG bytes).

    Raises `SwishRejected` subclasses when Swish says no (422 carries the error codes),
    `SwishUnavailable` subclasses when no usable answer came (transport, timeout, 5xx),
    `InvalidRequest` before sending a field Swish cannot take (negative amount, odd reference).
    Times for polling come from `clock`; `transport` replaces the network in tests.
    """

    def __init__(
        self,
        *,
        base_url: str,
        ssl_context: ssl.SSLContext | None,
        payee_alias: str,
        callback_url: str,
        callback_identifier: str | None = None,
        timeout: float = 10.0,
        poll_interval: float = 1.0,
        poll_max_interval: float = 5.0,
        clock: Clock | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        qr_url: str | None = None,
    ) -> None:
        self.payee_alias = payee_alias
        self.qr_url = qr_url
        self.callback_url = callback_url
        self._callback_identifier = callback_identifier
        self._clock = clock or SystemClock()
        self._poll = poll_interval
        self._poll_max = poll_max_interval
        self._http = httpx.AsyncClient(
            base_url=base_url,
            verify=ssl_context if ssl_context is not None else True,
            timeout=timeout,
            transport=transport,
            headers={"Accept": "application/json"},
        )

    @classmethod
    def from_config(cls, config: SwishConfig, *, clock: Clock | None = None) -> Self:
        """A client for the configured environment; reads and checks the certificate files now."""
        from swish_merchant.tls import ssl_context_from_config

        identifier = config.callback_identifier
        return cls(
            base_url=config.effective_base_url,
            ssl_context=ssl_context_from_config(config),
            payee_alias=config.payee_alias,
            callback_url=config.callback_url,
            callback_identifier=identifier.get_secret_value() if identifier else None,
            timeout=config.request_timeout,
            poll_interval=config.poll_interval,
            poll_max_interval=config.poll_max_interval,
            clock=clock,
            qr_url=config.effective_qr_url,
        )

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    async def create_payment_request(
        self,
        *,
        reference: str,
        amount: Money,
        message: str = "",
        payer_alias: str | None = None,
        age_limit: int | None = None,
    ) -> Created:
        """PUT v2/paymentrequests/{id} for `reference` (the sale id); 201 gives `Created`."""
        body = PaymentRequestCreate(
            payee_alias=self.payee_alias,
            amount=amount,
            callback_url=self.callback_url,
            payee_payment_reference=payee_reference(reference),
            message=message,
            payer_alias=payer_alias,
            age_limit=age_limit,
            callback_identifier=self._callback_identifier,
        )
        request_id = instruction_id(reference)
        response = await self._send(
            "PUT", f"v2/paymentrequests/{request_id}", "create payment request", body=body.to_wire()
        )
        token = response.headers.get("PaymentRequestToken")
        location = response.headers.get("Location", "")
        _log.info(
            "swish payment request created",
            extra={"instruction_id": request_id, "mcommerce": payer_alias is None},
        )
        return Created(id=request_id, location=location, token=token or None)

    async def payment_request(self, request_id: str) -> PaymentRequestRead:
        """GET v1/paymentrequests/{id}: the request as Swish sees it now."""
        response = await self._send("GET", f"v1/paymentrequests/{request_id}", "read payment")
        return _parse(PaymentRequestRead, response)

    async def cancel_payment_request(self, request_id: str) -> PaymentRequestRead:
        """PATCH v1/paymentrequests/{id} to `cancelled`; 422 RP07 unless still CREATED."""
        response = await self._send(
            "PATCH",
            f"v1/paymentrequests/{request_id}",
            "cancel payment",
            body=CANCEL_PATCH,
            headers={"Content-Type": JSON_PATCH},
        )
        return _parse(PaymentRequestRead, response)

    async def wait_for_payment(self, request_id: str, *, within: float) -> PaymentRequestRead:
        """Poll until the status is final or `within` seconds passed (then the last state).

        The delay starts at `poll_interval` and grows by half each time up to `poll_max_interval`.
        """
        deadline = self._clock.monotonic() + within
        delay = self._poll
        while True:
            state = await self.payment_request(request_id)
            left = deadline - self._clock.monotonic()
            if state.status is not SwishStatus.CREATED or left <= 0:
                return state
            await self._clock.sleep(min(delay, left))
            delay = min(delay * 1.5, self._poll_max)

    async def create_refund(
        self,
        *,
        reference: str,
        original_payment_reference: str,
        amount: Money,
        message: str = "",
        payer_payment_reference: str | None = None,
    ) -> Created:
        """PUT v2/refunds/{id}: `amount` back for the paid request `original_payment_reference`.

        `reference` names this refund (e.g. "<sale id>/refund-1"); the same reference is the same
        refund, never a second one.
        """
        body = RefundCreate(
            original_payment_reference=original_payment_reference,
            payer_alias=self.payee_alias,
            amount=amount,
            callback_url=self.callback_url,
            payer_payment_reference=payer_payment_reference,
            message=message,
        )
        refund_id = instruction_id(reference, kind="refund")
        response = await self._send(
            "PUT", f"v2/refunds/{refund_id}", "create refund", body=body.to_wire()
        )
        return Created(id=refund_id, location=response.headers.get("Location", ""))

    async def refund(self, refund_id: str) -> RefundRead:
        """GET v1/refunds/{id}."""
        response = await self._send("GET", f"v1/refunds/{refund_id}", "read refund")
        return _parse(RefundRead, response)

    async def wait_for_refund(self, refund_id: str, *, within: float) -> RefundRead:
        """Poll a refund until PAID or ERROR, or `within` seconds passed (then its last state)."""
        deadline = self._clock.monotonic() + within
        delay = self._poll
        while True:
            state = await self.refund(refund_id)
            left = deadline - self._clock.monotonic()
            if state.is_final or left <= 0:
                return state
            await self._clock.sleep(min(delay, left))
            delay = min(delay * 1.5, self._poll_max)

    async def commerce_qr(
        self,
        token: str,
        *,
        format: QrFormat = "svg",
        size: int = 300,
        border: int = 0,
        transparent: bool = False,
    ) -> bytes:
        """POST {qr_url}v1/commerce: the QR code (PNG or SVG) of an m-commerce request's token.

        Swish's QR service needs no client certificate; it is asked with the system's trust
        unless it is the simulator beside our API (then with the API's pinned trust).
        """
        if self.qr_url is None:
            raise SwishConfigError("no QR code service configured (qr_url)")
        if not token or format not in ("png", "svg") or not 300 <= size <= 2000:
            raise InvalidRequest("a QR code needs a token, format png or svg and size 300-2000")
        body = {"token": token, "format": format, "size": size, "border": border}
        if transparent:
            body["transparent"] = True
        url = f"{self.qr_url}v1/commerce"
        same_host = httpx.URL(url).host == self._http.base_url.host
        try:
            if same_host:
                response = await self._http.post(url, json=body)
            else:
                async with httpx.AsyncClient(timeout=self._http.timeout) as http:
                    response = await http.post(url, json=body)
        except httpx.TimeoutException as exc:
            raise ClientTimeout(f"Swish QR code timed out: {type(exc).__name__}") from None
        except httpx.TransportError as exc:
            raise TransportFailure(f"Swish QR code unreachable: {type(exc).__name__}") from None
        if not response.is_success:
            raise error_from_response(response, action="make QR code")
        return response.content

    async def _send(
        self,
        method: str,
        path: str,
        action: str,
        *,
        body: Any = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        content = None
        if body is not None:
            content = json.dumps(body).encode()
            headers = {"Content-Type": "application/json", **(headers or {})}
        try:
            response = await self._http.request(method, path, content=content, headers=headers)
        except httpx.TimeoutException as exc:
            raise ClientTimeout(f"Swish {action} timed out: {type(exc).__name__}") from None
        except httpx.TransportError as exc:
            raise TransportFailure(
                f"Swish {action} unreachable: {type(exc).__name__}: {exc}"
            ) from None
        if not response.is_success:
            raise error_from_response(response, action=action)
        return response


def _parse(kind: type[_Read], response: httpx.Response) -> _Read:
    try:
        return kind.model_validate_json(response.content)
    except ValidationError as exc:
        raise UnexpectedResponse(
            f"Swish answered with a malformed {kind.__name__}: {exc.error_count()} errors"
        ) from None
