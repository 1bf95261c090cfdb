"""The checkout's Swish payment provider, built on the `swish_merchant` library's client."""

from store_controller.payments.swish.provider import (
    SwishPaymentProvider,
    SwishPaymentRejected,
    SwishPaymentUnavailable,
)

__all__ = ["SwishPaymentProvider", "SwishPaymentRejected", "SwishPaymentUnavailable"]
