"""BankID relying-party client (RP API v6.0), order flow, QR, and the BankID simulator.

The controller builds one `BankIdClient.from_config(settings.bankid)` and runs an `OrderFlow` per
login or signature; screens render its `OrderProgress` updates. The simulator lives in
`store_controller.bankid.simulator` and is never imported by the client modules.
"""

from store_controller.bankid.client import BankIdClient
from store_controller.bankid.clock import Clock, FakeClock, SystemClock
from store_controller.bankid.config import BankIdConfig
from store_controller.bankid.errors import (
    AlreadyInProgress,
    BankIdConfigError,
    BankIdError,
    BankIdRejected,
    BankIdUnavailable,
    InvalidParameters,
    InvalidRequest,
    Maintenance,
    Unauthorized,
)
from store_controller.bankid.flow import OrderFlow, OrderProgress
from store_controller.bankid.identity import PersonalNumber
from store_controller.bankid.messages import UserMessage
from store_controller.bankid.models import (
    AppDeviceData,
    CollectResult,
    CompletionData,
    OrderStarted,
    PhoneOrderStarted,
    Requirement,
    WebDeviceData,
)
from store_controller.bankid.qr import AnimatedQr, qr_data

__all__ = [
    "AlreadyInProgress",
    "AnimatedQr",
    "AppDeviceData",
    "BankIdClient",
    "BankIdConfig",
    "BankIdConfigError",
    "BankIdError",
    "BankIdRejected",
    "BankIdUnavailable",
    "Clock",
    "CollectResult",
    "CompletionData",
    "FakeClock",
    "InvalidParameters",
    "InvalidRequest",
    "Maintenance",
    "OrderFlow",
    "OrderProgress",
    "OrderStarted",
    "PersonalNumber",
    "PhoneOrderStarted",
    "Requirement",
    "SystemClock",
    "Unauthorized",
    "UserMessage",
    "WebDeviceData",
    "qr_data",
]
