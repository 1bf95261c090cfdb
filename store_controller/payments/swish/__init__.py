"""Swish commerce API: client, the checkout's payment provider, and (in `.simulator`) a simulator.

The controller builds `SwishPaymentProvider.from_config(settings.swish)` (or a `SwishClient` for
refunds and tools). The simulator lives in `store_controller.payments.swish.simulator` and is
never imported by these modules.
"""

from store_controller.payments.swish.client import SwishClient
from store_controller.payments.swish.config import SwishConfig
from store_controller.payments.swish.errors import (
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
from store_controller.payments.swish.messages import SwishMessage, describe
from store_controller.payments.swish.models import (
    Created,
    PaymentRequestRead,
    RefundRead,
    SwishStatus,
    app_link,
    instruction_id,
    payer_alias,
    qr_data,
)
from store_controller.payments.swish.provider import (
    SwishPaymentProvider,
    SwishPaymentRejected,
    SwishPaymentUnavailable,
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
    "SwishPaymentProvider",
    "SwishPaymentRejected",
    "SwishPaymentUnavailable",
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
