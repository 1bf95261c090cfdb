"""The BankID relying-party client (RP API v6.0), async, over mutual TLS.

Every method sends exactly one POST with `Content-Type: application/json` and turns the answer into
a typed result or an exception of `bankid_rp.errors`. Only `maintenance` is retried,
silently, a few times (the reference allows it); `internalError` and `requestTimeout` are raised at
once (BankID says: do not auto-retry, let the user try again), and `invalidParameters` never is.
"""

from __future__ import annotations

import logging
import ssl
from types import TracebackType
from typing import Any, Self

import httpx

from bankid_rp.config import BankIdConfig
from bankid_rp.errors import (
    ClientTimeout,
    InvalidRequest,
    Maintenance,
    TransportFailure,
    UnexpectedResponse,
    error_from_response,
)
from bankid_rp.identity import PersonalNumber
from bankid_rp.models import (
    AppDeviceData,
    CallInitiator,
    CollectResult,
    OrderStarted,
    PhoneOrderStarted,
    Requirement,
    UserVisibleDataFormat,
    WebDeviceData,
)
from bankid_rp.userdata import OrderKind, checked_user_data
from byabutik.runtime.clock import Clock, SystemClock

_log = logging.getLogger(__name__)


class BankIdClient:
    """Async client of one BankID environment.

    Use as `async with BankIdClient.from_config(config) as client:` or call `aclose()`.
    Times (for QR frames and retries) come from `clock`. `transport` replaces the network in tests.
    Raises `BankIdRejected` subclasses when BankID says no, `BankIdUnavailable` subclasses when no
    usable answer came, `InvalidRequest` before sending when a field breaks a documented limit.
    """

    def __init__(
        self,
        *,
        base_url: str,
        ssl_context: ssl.SSLContext | None,
        timeout: float = 10.0,
        clock: Clock | None = None,
        maintenance_retries: int = 2,
        maintenance_backoff: float = 1.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._clock = clock or SystemClock()
        self._retries = maintenance_retries
        self._backoff = maintenance_backoff
        self._http = httpx.AsyncClient(
            base_url=base_url,
            verify=ssl_context if ssl_context is not None else True,
            timeout=timeout,
            transport=transport,
            headers={"Accept": "application/json"},
        )

    @classmethod
    def from_config(cls, config: BankIdConfig, *, clock: Clock | None = None) -> Self:
        """A client for the configured environment; reads and checks the certificate files now."""
        from bankid_rp.tls import ssl_context_from_config

        return cls(
            base_url=config.effective_base_url,
            ssl_context=ssl_context_from_config(config),
            timeout=config.request_timeout,
            clock=clock,
            maintenance_retries=config.maintenance_retries,
            maintenance_backoff=config.maintenance_backoff,
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

    async def auth(
        self,
        *,
        end_user_ip: str,
        requirement: Requirement | None = None,
        user_visible_data: str | None = None,
        user_non_visible_data: str | bytes | None = None,
        user_visible_data_format: UserVisibleDataFormat | None = None,
        return_url: str | None = None,
        return_risk: bool | None = None,
        web: WebDeviceData | None = None,
        app: AppDeviceData | None = None,
    ) -> OrderStarted:
        """Start an authentication order (POST auth); show its QR or use its autostart token."""
        body = _order_body(
            "auth",
            end_user_ip=end_user_ip,
            requirement=requirement,
            user_visible_data=user_visible_data,
            user_non_visible_data=user_non_visible_data,
            user_visible_data_format=user_visible_data_format,
            return_url=return_url,
            return_risk=return_risk,
            web=web,
            app=app,
        )
        return await self._start("auth", body)

    async def sign(
        self,
        *,
        end_user_ip: str,
        user_visible_data: str,
        requirement: Requirement | None = None,
        user_non_visible_data: str | bytes | None = None,
        user_visible_data_format: UserVisibleDataFormat | None = None,
        return_url: str | None = None,
        return_risk: bool | None = None,
        web: WebDeviceData | None = None,
        app: AppDeviceData | None = None,
    ) -> OrderStarted:
        """Start a signing order (POST sign); `user_visible_data` is what the user signs."""
        body = _order_body(
            "sign",
            end_user_ip=end_user_ip,
            requirement=requirement,
            user_visible_data=user_visible_data,
            user_non_visible_data=user_non_visible_data,
            user_visible_data_format=user_visible_data_format,
            return_url=return_url,
            return_risk=return_risk,
            web=web,
            app=app,
        )
        return await self._start("sign", body)

    async def phone_auth(
        self,
        *,
        personal_number: PersonalNumber,
        call_initiator: CallInitiator,
        requirement: Requirement | None = None,
        user_visible_data: str | None = None,
        user_non_visible_data: str | bytes | None = None,
        user_visible_data_format: UserVisibleDataFormat | None = None,
    ) -> PhoneOrderStarted:
        """Authenticate a caller on the phone (POST phone/auth); no endUserIp, no QR."""
        body = _phone_body(
            "auth",
            personal_number=personal_number,
            call_initiator=call_initiator,
            requirement=requirement,
            user_visible_data=user_visible_data,
            user_non_visible_data=user_non_visible_data,
            user_visible_data_format=user_visible_data_format,
        )
        return await self._start_phone("phone/auth", body)

    async def phone_sign(
        self,
        *,
        personal_number: PersonalNumber,
        call_initiator: CallInitiator,
        user_visible_data: str,
        requirement: Requirement | None = None,
        user_non_visible_data: str | bytes | None = None,
        user_visible_data_format: UserVisibleDataFormat | None = None,
    ) -> PhoneOrderStarted:
        """Let a caller on the phone sign (POST phone/sign)."""
        body = _phone_body(
            "sign",
            personal_number=personal_number,
            call_initiator=call_initiator,
            requirement=requirement,
            user_visible_data=user_visible_data,
            user_non_visible_data=user_non_visible_data,
            user_visible_data_format=user_visible_data_format,
        )
        return await self._start_phone("phone/sign", body)

    async def collect(self, order_ref: str) -> CollectResult:
        """One collect (POST collect): every 2 s while pending, never more than once a second."""
        data = await self._post("collect", {"orderRef": order_ref})
        try:
            return CollectResult.model_validate(data)
        except ValueError as exc:
            raise UnexpectedResponse(f"malformed collect answer: {type(exc).__name__}") from None

    async def cancel(self, order_ref: str) -> None:
        """Cancel a pending order (POST cancel); BankID answers `{}`."""
        await self._post("cancel", {"orderRef": order_ref})

    async def _start(self, path: str, body: dict[str, Any]) -> OrderStarted:
        data = await self._post(path, body)
        try:
            started = OrderStarted(
                order_ref=str(data["orderRef"]),
                auto_start_token=str(data["autoStartToken"]),
                qr_start_token=str(data["qrStartToken"]),
                qr_start_secret=str(data["qrStartSecret"]),
                started_at=self._clock.monotonic(),
            )
        except (KeyError, TypeError):
            raise UnexpectedResponse(f"{path} answer lacks the order fields") from None
        _log.info("bankid order started", extra={"order_ref": started.order_ref, "path": path})
        return started

    async def _start_phone(self, path: str, body: dict[str, Any]) -> PhoneOrderStarted:
        data = await self._post(path, body)
        if not isinstance(data.get("orderRef"), str):
            raise UnexpectedResponse(f"{path} answer lacks orderRef")
        _log.info("bankid order started", extra={"order_ref": data["orderRef"], "path": path})
        return PhoneOrderStarted(order_ref=data["orderRef"], started_at=self._clock.monotonic())

    async def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        attempt = 0
        while True:
            try:
                return await self._post_once(path, body)
            except Maintenance:
                if attempt >= self._retries:
                    raise
                attempt += 1
                _log.warning(
                    "bankid maintenance, retrying", extra={"path": path, "attempt": attempt}
                )
                await self._clock.sleep(self._backoff * attempt)

    async def _post_once(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        try:
            response = await self._http.post(path, json=body)
        except httpx.TimeoutException as exc:
            raise ClientTimeout(f"BankID {path} timed out: {type(exc).__name__}") from None
        except httpx.TransportError as exc:
            raise TransportFailure(
                f"BankID {path} unreachable: {type(exc).__name__}: {exc}"
            ) from None
        if not response.is_success:
            raise error_from_response(response)
        try:
            data = response.json()
        except ValueError:
            raise UnexpectedResponse(f"BankID {path} answered with a non-JSON body") from None
        if not isinstance(data, dict):
            raise UnexpectedResponse(f"BankID {path} answered with a JSON {type(data).__name__}")
        return data


def _order_body(
    kind: OrderKind,
    *,
    end_user_ip: str,
    requirement: Requirement | None,
    user_visible_data: str | None,
    user_non_visible_data: str | bytes | None,
    user_visible_data_format: UserVisibleDataFormat | None,
    return_url: str | None,
    return_risk: bool | None,
    web: WebDeviceData | None,
    app: AppDeviceData | None,
) -> dict[str, Any]:
    if not end_user_ip:
        raise InvalidRequest("endUserIp is required")
    if return_url is not None and not 1 <= len(return_url) <= 512:
        raise InvalidRequest("returnUrl must be 1-512 characters")
    body: dict[str, Any] = {"endUserIp": end_user_ip}
    body.update(
        _common(
            kind,
            requirement=requirement,
            user_visible_data=user_visible_data,
            user_non_visible_data=user_non_visible_data,
            user_visible_data_format=user_visible_data_format,
        )
    )
    optional = {
        "returnUrl": return_url,
        "returnRisk": return_risk,
        "web": web.to_wire() if web else None,
        "app": app.to_wire() if app else None,
    }
    body.update({key: value for key, value in optional.items() if value is not None})
    return body


def _phone_body(
    kind: OrderKind,
    *,
    personal_number: PersonalNumber,
    call_initiator: CallInitiator,
    requirement: Requirement | None,
    user_visible_data: str | None,
    user_non_visible_data: str | bytes | None,
    user_visible_data_format: UserVisibleDataFormat | None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "personalNumber": personal_number.digits,
        "callInitiator": call_initiator,
    }
    body.update(
        _common(
            kind,
            requirement=requirement,
            user_visible_data=user_visible_data,
            user_non_visible_data=user_non_visible_data,
            user_visible_data_format=user_visible_data_format,
        )
    )
    return body


def _common(
    kind: OrderKind,
    *,
    requirement: Requirement | None,
    user_visible_data: str | None,
    user_non_visible_data: str | bytes | None,
    user_visible_data_format: UserVisibleDataFormat | None,
) -> dict[str, Any]:
    body: dict[str, Any] = {}
    visible = checked_user_data(user_visible_data, kind=kind, visible=True)
    non_visible = checked_user_data(user_non_visible_data, kind=kind, visible=False)
    if kind == "sign" and visible is None:
        raise InvalidRequest("userVisibleData is required for sign")
    if visible is not None:
        body["userVisibleData"] = visible
    if non_visible is not None:
        body["userNonVisibleData"] = non_visible
    if user_visible_data_format is not None:
        body["userVisibleDataFormat"] = user_visible_data_format
    wire = requirement.to_wire() if requirement else {}
    if wire:
        body["requirement"] = wire
    return body
