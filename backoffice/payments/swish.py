"""Reading a payment's status from Swish: the port the callback service uses, and its httpx twin.

The backoffice must not trust a callback's body, so it asks Swish (`GET .../v1/paymentrequests/
{id}` or `.../v1/refunds/{id}`) over mutual TLS with the merchant certificate. This is a second,
deliberately small client: the backoffice may not import the controller's (import rules), and
only needs two GETs. PEM certificates only (convert a .p12 with openssl once at install).
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Literal, Protocol

import httpx

from backoffice.payments.config import SwishStatusSettings

Kind = Literal["payment", "refund"]
_PATHS: dict[Kind, str] = {"payment": "v1/paymentrequests", "refund": "v1/refunds"}


class SwishFetchError(Exception):
    """Swish could not be asked or answered unusably (the callback will be retried by Swish)."""


@dataclass(frozen=True)
class SwishObjectStatus:
    """What Swish says about one payment request or refund."""

    id: str
    status: str
    amount_ore: int | None
    payment_reference: str | None
    error_code: str | None


class SwishStatusReader(Protocol):
    async def fetch(self, kind: Kind, swish_id: str) -> SwishObjectStatus:
        """Swish's current view of `swish_id`; raises `SwishFetchError` when it cannot tell."""
        ...


def _ore(value: object) -> int | None:
    try:
        return int(Decimal(str(value)) * 100) if value is not None else None
    except InvalidOperation:
        return None


def _parse(swish_id: str, data: Any) -> SwishObjectStatus:
    if not isinstance(data, dict) or not isinstance(data.get("status"), str):
        raise SwishFetchError(f"Swish answered without a status for {swish_id}")
    if data.get("id") not in (None, swish_id):
        raise SwishFetchError(f"Swish answered about {data.get('id')} when asked for {swish_id}")
    return SwishObjectStatus(
        id=swish_id,
        status=data["status"],
        amount_ore=_ore(data.get("amount")),
        payment_reference=data.get("paymentReference"),
        error_code=data.get("errorCode"),
    )


class HttpxSwishStatusReader:
    """`SwishStatusReader` over HTTPS with the merchant certificate; one connection per fetch."""

    def __init__(
        self,
        *,
        base_url: str,
        verify: ssl.SSLContext | bool = True,
        timeout: float = 10.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._base_url = base_url if base_url.endswith("/") else base_url + "/"
        self._verify = verify
        self._timeout = timeout
        self._transport = transport

    @classmethod
    def from_settings(cls, settings: SwishStatusSettings) -> HttpxSwishStatusReader | None:
        """The reader the settings describe, or None when no Swish base URL is configured."""
        if settings.base_url is None:
            return None
        context = ssl.create_default_context(
            cafile=str(settings.ca_file) if settings.ca_file else None
        )
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        if settings.certificate is not None:
            password = settings.certificate_password
            context.load_cert_chain(
                settings.certificate,
                settings.key,
                password.get_secret_value() if password else None,
            )
        return cls(base_url=settings.base_url, verify=context, timeout=settings.request_timeout)

    async def fetch(self, kind: Kind, swish_id: str) -> SwishObjectStatus:
        url = f"{self._base_url}{_PATHS[kind]}/{swish_id}"
        try:
            async with httpx.AsyncClient(
                verify=self._verify, timeout=self._timeout, transport=self._transport
            ) as client:
                response = await client.get(url, headers={"Accept": "application/json"})
        except httpx.HTTPError as exc:
            raise SwishFetchError(f"Swish unreachable: {type(exc).__name__}") from None
        if response.status_code != 200:
            raise SwishFetchError(f"Swish answered HTTP {response.status_code} for {swish_id}")
        try:
            data = response.json()
        except ValueError:
            raise SwishFetchError("Swish answered with a non-JSON body") from None
        return _parse(swish_id, data)
