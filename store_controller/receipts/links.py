"""The absolute URL of a receipt, for the QR code a phone scans at the kiosk."""

from __future__ import annotations

import uuid
from typing import Protocol

from store_controller.receipts.config import ReceiptConfig


class _Http(Protocol):
    @property
    def host(self) -> str: ...

    @property
    def port(self) -> int: ...


class _Settings(Protocol):
    @property
    def receipts(self) -> ReceiptConfig: ...

    @property
    def http(self) -> _Http: ...


def receipt_base_url(settings: _Settings) -> str:
    """`[receipts] base_url`, or the controller's own address (/receipt) when unset."""
    base = settings.receipts.base_url
    if base is None:
        base = f"http://{settings.http.host}:{settings.http.port}/receipt"
    return base.rstrip("/")


def receipt_url(settings: _Settings, sale_id: uuid.UUID | str) -> str:
    return f"{receipt_base_url(settings)}/{sale_id}"
