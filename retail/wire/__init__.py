"""The sync wire protocol between a store controller and the backoffice (pydantic models).

Read a message with `parse_json(Model, body)`: `load_json` refuses what `json` lets through (a
key given twice, NaN), then the model refuses what breaks its rules, each error naming its
field. Build one in Python and its validators run the same way.
"""

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
    Command,
    CommandAck,
    CommandBody,
    CommandList,
    CommandStatus,
    LockDown,
    ReloadSettings,
    RemoteUnlock,
    Resync,
)
from retail.wire.common import (
    END_OF_WIRE_TIME,
    FIRST_WIRE_TIME,
    MAX_SEQUENCE,
    Location,
    WireModel,
    refuse,
)
from retail.wire.enrollment import DeviceCredential, EnrollmentRequest
from retail.wire.envelope import (
    MAX_BATCH_ENTRIES,
    PROTOCOL_VERSION,
    SUPPORTED_PROTOCOL_VERSIONS,
    OutboxEntry,
    OutboxPayload,
    PushAck,
    PushBatch,
    check_protocol,
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

__all__ = [
    "END_OF_WIRE_TIME",
    "FIRST_WIRE_TIME",
    "MAX_AMOUNT_ORE",
    "MAX_BATCH_ENTRIES",
    "MAX_SEQUENCE",
    "PROTOCOL_VERSION",
    "SUPPORTED_PROTOCOL_VERSIONS",
    "AccessPolicy",
    "AgeCheck",
    "Alert",
    "AlertCategory",
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
    "OpeningHours",
    "OutboxEntry",
    "OutboxPayload",
    "Payment",
    "PaymentMethod",
    "PaymentTotal",
    "Product",
    "PushAck",
    "PushBatch",
    "ReloadSettings",
    "RemoteUnlock",
    "Resync",
    "Sale",
    "SaleLine",
    "SaleLineKind",
    "ScheduledPrice",
    "Severity",
    "StockMovement",
    "StockReason",
    "StoreSettings",
    "Temperature",
    "Unit",
    "UnknownBarcode",
    "VatLine",
    "Visit",
    "VisitOutcome",
    "WireModel",
    "ZReport",
    "check_protocol",
    "highest_contiguous",
    "load_json",
    "parse_json",
    "refuse",
]
