"""Reading a payment's status from Swish: the port the callback service uses, over `swish_merchant`.

The backoffice must not trust a callback's body, so it asks Swish (`GET .../v1/paymentrequests/
{id}` or `.../v1/refunds/{id}`) over mutual TLS with the merchant certificate, through the same
`swish_merchant.SwishClient` the stores use (one Swish client in the repository).
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol

from backoffice.payments.config import SwishStatusSettings
from swish_merchant import SwishClient, SwishConfig, SwishError, SwishRejected
from swish_merchant.models import PaymentRequestRead, RefundRead
from swish_merchant.tls import ssl_context_from_config

Kind = Literal["payment", "refund"]


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
    payee_alias: str | None = None
    payer_alias: str | None = None
    message: str | None = None
    payee_payment_reference: str | None = None
    date_paid: datetime | None = None


class SwishStatusReader(Protocol):
    async def fetch(self, kind: Kind, swish_id: str) -> SwishObjectStatus:
        """Swish's current view of `swish_id`; raises `SwishFetchError` when it cannot tell."""
        ...


class ClientStatusReader:
    """`SwishStatusReader` over the library's client; one connection per fetch."""

    def __init__(self, config: SwishConfig, *, ssl_context: ssl.SSLContext) -> None:
        self._config = config
        self._ssl_context = ssl_context

    @classmethod
    def from_settings(cls, settings: SwishStatusSettings) -> ClientStatusReader | None:
        """The reader the settings describe, or None when no Swish base URL is configured."""
        config = settings.client_config()
        if config is None:
            return None
        return cls(config, ssl_context=ssl_context_from_config(config))

    def _client(self) -> SwishClient:
        config = self._config
        return SwishClient(
            base_url=config.effective_base_url,
            ssl_context=self._ssl_context,
            payee_alias=config.payee_alias,
            callback_url=config.callback_url,
            timeout=config.request_timeout,
        )

    async def fetch(self, kind: Kind, swish_id: str) -> SwishObjectStatus:
        read: PaymentRequestRead | RefundRead
        try:
            async with self._client() as client:
                if kind == "refund":
                    read = await client.refund(swish_id)
                else:
                    read = await client.payment_request(swish_id)
        except SwishRejected as exc:
            raise SwishFetchError(f"Swish refused to tell: {exc.owner_reason}") from None
        except SwishError as exc:
            raise SwishFetchError(f"Swish unreachable: {type(exc).__name__}") from None
        if read.id != swish_id:
            raise SwishFetchError(f"Swish answered about {read.id} when asked for {swish_id}")
        return SwishObjectStatus(
            id=swish_id,
            status=str(read.status),
            amount_ore=read.amount.ore,
            payment_reference=read.payment_reference,
            error_code=read.error_code,
            payee_alias=getattr(read, "payee_alias", None),
            payer_alias=getattr(read, "payer_alias", None),
            message=getattr(read, "message", None),
            payee_payment_reference=getattr(read, "payee_payment_reference", None),
            date_paid=getattr(read, "date_paid", None),
        )
