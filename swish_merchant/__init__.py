"""Swish commerce API, merchant side: the client (mTLS), typed requests and answers, errors.

A library of its own: it imports neither app. The store controller wraps `SwishClient` in its
checkout's payment provider; the backoffice uses it to verify callbacks and to refund. The
simulator lives in `swish_merchant.simulator` and is never imported by these modules.

The names below load on first use (PEP 562): importing one submodule, e.g. its config for
the settings, does not pull in the HTTP client (httpx) a process at idle may never need.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from swish_merchant.client import SwishClient
    from swish_merchant.config import SwishConfig
    from swish_merchant.errors import (
        AlreadyExists,
        ClientTimeout,
        InvalidRequest,
        NotCancellable,
        NotFound,
        ServerError,
        SwishConfigError,
        SwishError,
        SwishRejected,
        SwishUnavailable,
        TransportFailure,
        Unauthorized,
        UnexpectedResponse,
        ValidationFailed,
    )
    from swish_merchant.messages import SwishMessage, describe
    from swish_merchant.models import (
        Created,
        PaymentRequestRead,
        RefundRead,
        SwishStatus,
        app_link,
        instruction_id,
        payer_alias,
        qr_data,
    )

_WHERE = {
    "SwishClient": "swish_merchant.client",
    "SwishConfig": "swish_merchant.config",
    "AlreadyExists": "swish_merchant.errors",
    "ClientTimeout": "swish_merchant.errors",
    "InvalidRequest": "swish_merchant.errors",
    "NotCancellable": "swish_merchant.errors",
    "NotFound": "swish_merchant.errors",
    "ServerError": "swish_merchant.errors",
    "SwishConfigError": "swish_merchant.errors",
    "SwishError": "swish_merchant.errors",
    "SwishRejected": "swish_merchant.errors",
    "SwishUnavailable": "swish_merchant.errors",
    "TransportFailure": "swish_merchant.errors",
    "Unauthorized": "swish_merchant.errors",
    "UnexpectedResponse": "swish_merchant.errors",
    "ValidationFailed": "swish_merchant.errors",
    "SwishMessage": "swish_merchant.messages",
    "describe": "swish_merchant.messages",
    "Created": "swish_merchant.models",
    "PaymentRequestRead": "swish_merchant.models",
    "RefundRead": "swish_merchant.models",
    "SwishStatus": "swish_merchant.models",
    "app_link": "swish_merchant.models",
    "instruction_id": "swish_merchant.models",
    "payer_alias": "swish_merchant.models",
    "qr_data": "swish_merchant.models",
}

__all__ = [
    "AlreadyExists",
    "ClientTimeout",
    "Created",
    "InvalidRequest",
    "NotCancellable",
    "NotFound",
    "PaymentRequestRead",
    "RefundRead",
    "ServerError",
    "SwishClient",
    "SwishConfig",
    "SwishConfigError",
    "SwishError",
    "SwishMessage",
    "SwishRejected",
    "SwishStatus",
    "SwishUnavailable",
    "TransportFailure",
    "Unauthorized",
    "UnexpectedResponse",
    "ValidationFailed",
    "app_link",
    "describe",
    "instruction_id",
    "payer_alias",
    "qr_data",
]


def __getattr__(name: str) -> Any:
    if (module := _WHERE.get(name)) is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
