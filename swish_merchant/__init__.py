"""Swish commerce API, merchant side: the client (mTLS), typed requests and answers, errors.

A library of its own: it imports neither app. The store controller wraps `SwishClient` in its
checkout's payment provider; the backoffice uses it to verify callbacks and to refund. The
simulator lives in `swish_merchant.simulator` and is never imported by these modules.
"""

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
