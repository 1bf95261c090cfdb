"""The sync wire protocol between a store controller and the backoffice (pydantic models).

Read a message with `parse_json(Model, body)`: `load_json` refuses what `json` lets through (a
key given twice, NaN), then the model refuses what breaks its rules, each error naming its
field. Build one in Python and its validators run the same way.

Each name loads its own submodule on first use (PEP 562), so a process that needs only the
events' enums does not build every model of the wire (memory on a Pi 3, issue 23); the
names are listed once more under TYPE_CHECKING for mypy and editors.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from retail.lazy import lazy_attributes

if TYPE_CHECKING:
    from retail.money import MAX_AMOUNT_ORE
    from retail.wire.catalog import (
        AccessPolicy,
        CatalogChanges,
        OpeningHours,
        Product,
        ScheduledPrice,
        StoreSettings,
        Unit,
    )
    from retail.wire.commands import (
        ROTATE_TOKEN,
        AcknowledgeForced,
        Command,
        CommandAck,
        CommandBody,
        CommandList,
        CommandStatus,
        LockDown,
        ReloadSettings,
        RemoteUnlock,
        Resync,
        RotateToken,
    )
    from retail.wire.common import (
        END_OF_WIRE_TIME,
        FIRST_WIRE_TIME,
        MAX_BATCH_ENTRIES,
        MAX_SEQUENCE,
        Location,
        WireModel,
        refuse,
    )
    from retail.wire.enrollment import DeviceCredential, EnrollmentRequest
    from retail.wire.envelope import (
        PROTOCOL_VERSION,
        QUARANTINE_PROTOCOL,
        SUPPORTED_PROTOCOL_VERSIONS,
        OutboxEntry,
        OutboxPayload,
        PushAck,
        PushBatch,
        PushEnvelope,
        RefusedEntry,
        SentEntry,
        check_protocol,
        describe,
        highest_contiguous,
    )
    from retail.wire.events import (
        Alert,
        AlertCategory,
        DeviceHealth,
        DoorState,
        Heartbeat,
        Severity,
        StockMovement,
        StockReason,
        Temperature,
        UnknownBarcode,
        Visit,
        VisitOutcome,
    )
    from retail.wire.jsontext import load_json, parse_json
    from retail.wire.members import ERASED, MemberStanding, MemberStandings
    from retail.wire.payments import PAYMENT_RECORD_PROTOCOL, PaymentRecord, PaymentRecordState
    from retail.wire.policy import CATALOG_FEATURES, MEMBER_HOURS, PolicyRules, WeeklyHours
    from retail.wire.pushtext import read_push
    from retail.wire.reports import PaymentTotal, ZReport
    from retail.wire.sales import (
        AgeCheck,
        Payment,
        PaymentMethod,
        Sale,
        SaleLine,
        SaleLineKind,
        VatLine,
    )
    from retail.wire.stock import BookMovement, StockChanges

# Where each exported name lives: its submodule is imported when the name is first asked for.
_HOME: dict[str, str] = {
    "CATALOG_FEATURES": "retail.wire.policy",
    "END_OF_WIRE_TIME": "retail.wire.common",
    "ERASED": "retail.wire.members",
    "FIRST_WIRE_TIME": "retail.wire.common",
    "MAX_AMOUNT_ORE": "retail.money",
    "MAX_BATCH_ENTRIES": "retail.wire.common",
    "MAX_SEQUENCE": "retail.wire.common",
    "MEMBER_HOURS": "retail.wire.policy",
    "PAYMENT_RECORD_PROTOCOL": "retail.wire.payments",
    "PROTOCOL_VERSION": "retail.wire.envelope",
    "QUARANTINE_PROTOCOL": "retail.wire.envelope",
    "ROTATE_TOKEN": "retail.wire.commands",
    "SUPPORTED_PROTOCOL_VERSIONS": "retail.wire.envelope",
    "AccessPolicy": "retail.wire.catalog",
    "AcknowledgeForced": "retail.wire.commands",
    "AgeCheck": "retail.wire.sales",
    "Alert": "retail.wire.events",
    "AlertCategory": "retail.wire.events",
    "BookMovement": "retail.wire.stock",
    "CatalogChanges": "retail.wire.catalog",
    "Command": "retail.wire.commands",
    "CommandAck": "retail.wire.commands",
    "CommandBody": "retail.wire.commands",
    "CommandList": "retail.wire.commands",
    "CommandStatus": "retail.wire.commands",
    "DeviceCredential": "retail.wire.enrollment",
    "DeviceHealth": "retail.wire.events",
    "DoorState": "retail.wire.events",
    "EnrollmentRequest": "retail.wire.enrollment",
    "Heartbeat": "retail.wire.events",
    "Location": "retail.wire.common",
    "LockDown": "retail.wire.commands",
    "MemberStanding": "retail.wire.members",
    "MemberStandings": "retail.wire.members",
    "OpeningHours": "retail.wire.catalog",
    "OutboxEntry": "retail.wire.envelope",
    "OutboxPayload": "retail.wire.envelope",
    "Payment": "retail.wire.sales",
    "PaymentMethod": "retail.wire.sales",
    "PaymentRecord": "retail.wire.payments",
    "PaymentRecordState": "retail.wire.payments",
    "PaymentTotal": "retail.wire.reports",
    "PolicyRules": "retail.wire.policy",
    "Product": "retail.wire.catalog",
    "PushAck": "retail.wire.envelope",
    "PushBatch": "retail.wire.envelope",
    "PushEnvelope": "retail.wire.envelope",
    "RefusedEntry": "retail.wire.envelope",
    "ReloadSettings": "retail.wire.commands",
    "RemoteUnlock": "retail.wire.commands",
    "Resync": "retail.wire.commands",
    "RotateToken": "retail.wire.commands",
    "Sale": "retail.wire.sales",
    "SaleLine": "retail.wire.sales",
    "SaleLineKind": "retail.wire.sales",
    "ScheduledPrice": "retail.wire.catalog",
    "SentEntry": "retail.wire.envelope",
    "Severity": "retail.wire.events",
    "StockChanges": "retail.wire.stock",
    "StockMovement": "retail.wire.events",
    "StockReason": "retail.wire.events",
    "StoreSettings": "retail.wire.catalog",
    "Temperature": "retail.wire.events",
    "Unit": "retail.wire.catalog",
    "UnknownBarcode": "retail.wire.events",
    "VatLine": "retail.wire.sales",
    "Visit": "retail.wire.events",
    "VisitOutcome": "retail.wire.events",
    "WeeklyHours": "retail.wire.policy",
    "WireModel": "retail.wire.common",
    "ZReport": "retail.wire.reports",
    "check_protocol": "retail.wire.envelope",
    "describe": "retail.wire.envelope",
    "highest_contiguous": "retail.wire.envelope",
    "load_json": "retail.wire.jsontext",
    "parse_json": "retail.wire.jsontext",
    "read_push": "retail.wire.pushtext",
    "refuse": "retail.wire.common",
}

__all__ = [
    "CATALOG_FEATURES",
    "END_OF_WIRE_TIME",
    "ERASED",
    "FIRST_WIRE_TIME",
    "MAX_AMOUNT_ORE",
    "MAX_BATCH_ENTRIES",
    "MAX_SEQUENCE",
    "MEMBER_HOURS",
    "PAYMENT_RECORD_PROTOCOL",
    "PROTOCOL_VERSION",
    "QUARANTINE_PROTOCOL",
    "ROTATE_TOKEN",
    "SUPPORTED_PROTOCOL_VERSIONS",
    "AccessPolicy",
    "AcknowledgeForced",
    "AgeCheck",
    "Alert",
    "AlertCategory",
    "BookMovement",
    "CatalogChanges",
    "Command",
    "CommandAck",
    "CommandBody",
    "CommandList",
    "CommandStatus",
    "DeviceCredential",
    "DeviceHealth",
    "DoorState",
    "EnrollmentRequest",
    "Heartbeat",
    "Location",
    "LockDown",
    "MemberStanding",
    "MemberStandings",
    "OpeningHours",
    "OutboxEntry",
    "OutboxPayload",
    "Payment",
    "PaymentMethod",
    "PaymentRecord",
    "PaymentRecordState",
    "PaymentTotal",
    "PolicyRules",
    "Product",
    "PushAck",
    "PushBatch",
    "PushEnvelope",
    "RefusedEntry",
    "ReloadSettings",
    "RemoteUnlock",
    "Resync",
    "RotateToken",
    "Sale",
    "SaleLine",
    "SaleLineKind",
    "ScheduledPrice",
    "SentEntry",
    "Severity",
    "StockChanges",
    "StockMovement",
    "StockReason",
    "StoreSettings",
    "Temperature",
    "Unit",
    "UnknownBarcode",
    "VatLine",
    "Visit",
    "VisitOutcome",
    "WeeklyHours",
    "WireModel",
    "ZReport",
    "check_protocol",
    "describe",
    "highest_contiguous",
    "load_json",
    "parse_json",
    "read_push",
    "refuse",
]


# Hidden from mypy, which reads the imports above instead: a name the wire does not export stays
# an error in `from retail.wire import ...` (with a module `__getattr__` mypy would allow any).
if not TYPE_CHECKING:  # pragma: no branch
    __getattr__ = lazy_attributes(__name__, _HOME, globals())

    def __dir__() -> list[str]:
        return sorted(set(globals()) | set(__all__))
