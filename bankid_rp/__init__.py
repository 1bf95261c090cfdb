"""BankID relying-party client (RP API v6.0), order flow, QR, and the BankID simulator.

The controller builds one `BankIdClient.from_config(settings.bankid)` and runs an `OrderFlow` per
login or signature; screens render its `OrderProgress` updates. The simulator lives in
`bankid_rp.simulator` and is never imported by the client modules.

The names below load on first use (PEP 562): importing one submodule, e.g. its config for
the settings, does not pull in the HTTP client (httpx) a process at idle may never need.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

_WHERE = {
    "BankIdClient": "bankid_rp.client",
    "BankIdConfig": "bankid_rp.config",
    "AlreadyInProgress": "bankid_rp.errors",
    "BankIdConfigError": "bankid_rp.errors",
    "BankIdError": "bankid_rp.errors",
    "BankIdRejected": "bankid_rp.errors",
    "BankIdUnavailable": "bankid_rp.errors",
    "InvalidParameters": "bankid_rp.errors",
    "InvalidRequest": "bankid_rp.errors",
    "Maintenance": "bankid_rp.errors",
    "Unauthorized": "bankid_rp.errors",
    "OrderFlow": "bankid_rp.flow",
    "OrderProgress": "bankid_rp.flow",
    "PersonalNumber": "bankid_rp.identity",
    "UserMessage": "bankid_rp.messages",
    "AppDeviceData": "bankid_rp.models",
    "CollectResult": "bankid_rp.models",
    "CompletionData": "bankid_rp.models",
    "OrderStarted": "bankid_rp.models",
    "PhoneOrderStarted": "bankid_rp.models",
    "Requirement": "bankid_rp.models",
    "WebDeviceData": "bankid_rp.models",
    "AnimatedQr": "bankid_rp.qr",
    "qr_data": "bankid_rp.qr",
    "Clock": "byabutik.runtime.clock",
    "FakeClock": "byabutik.runtime.clock",
    "SystemClock": "byabutik.runtime.clock",
}

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


def __getattr__(name: str) -> Any:
    if (module := _WHERE.get(name)) is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
