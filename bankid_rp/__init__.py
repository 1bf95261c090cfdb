"""BankID relying-party client (RP API v6.0), order flow, QR, and the BankID simulator.

The controller builds one `BankIdClient.from_config(settings.bankid)` and runs an `OrderFlow` per
login or signature; screens render its `OrderProgress` updates. The simulator lives in
`bankid_rp.simulator` and is never imported by the client modules.
"""

from bankid_rp.client import BankIdClient
from bankid_rp.config import BankIdConfig
from bankid_rp.errors import (
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
from bankid_rp.flow import OrderFlow, OrderProgress
from bankid_rp.identity import PersonalNumber
from bankid_rp.messages import UserMessage
from bankid_rp.models import (
    AppDeviceData,
    CollectResult,
    CompletionData,
    OrderStarted,
    PhoneOrderStarted,
    Requirement,
    WebDeviceData,
)
from bankid_rp.qr import AnimatedQr, qr_data
from byabutik.runtime.clock import Clock, FakeClock, SystemClock

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
