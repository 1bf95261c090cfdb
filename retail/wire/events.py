"""What else a store reports: stock movements, visits, alerts, heartbeats, unknown barcodes."""

from __future__ import annotations

import enum
from typing import Annotated, Literal, Self
from uuid import UUID

from pydantic import Field, SerializerFunctionWrapHandler, model_serializer, model_validator

from retail.enum_value import read_value_in_c
from retail.wire.common import (
    BirthDate,
    Count,
    IdentityHash,
    PersonName,
    ProductKey,
    SafeText,
    Slug,
    StrictBool,
    StrictInt,
    UtcDateTime,
    Version,
    WireModel,
    refuse,
)


@read_value_in_c
class StockReason(enum.StrEnum):
    """Why stock changed."""

    SALE = "sale"
    RETURN = "return"
    DELIVERY = "delivery"
    WASTE = "waste"
    STOCKTAKE = "stocktake"
    CORRECTION = "correction"


class StockMovement(WireModel):
    """A change of stock of one product: pieces, or grams for goods sold by weight."""

    kind: Literal["stock_movement"] = "stock_movement"
    movement_id: UUID
    occurred_at: UtcDateTime
    product_key: ProductKey
    quantity_delta: Annotated[StrictInt, Field(ge=-100_000, le=100_000)] = 0
    weight_delta_g: Annotated[StrictInt, Field(ge=-10_000_000, le=10_000_000)] = 0
    reason: StockReason
    sale_id: UUID | None = None

    @model_validator(mode="after")
    def _changes_something(self) -> Self:
        if self.quantity_delta == 0 and self.weight_delta_g == 0:
            reason = "a stock movement changes a quantity or a weight"
            raise refuse("StockMovement", [(("quantity_delta",), reason)])
        return self


@read_value_in_c
class VisitOutcome(enum.StrEnum):
    """Why the door opened or stayed shut."""

    GRANTED = "granted"
    CLOSED_HOURS = "closed_hours"
    UNDER_AGE = "under_age"
    MEMBERS_ONLY = "members_only"
    BLOCKED = "blocked"
    STORE_FULL = "store_full"
    LOCK_DOWN = "lock_down"
    IDENTIFICATION_FAILED = "identification_failed"
    REMOTE_UNLOCK = "remote_unlock"


PERSON_FIELDS = ("name", "birth_date")


class Visit(WireModel):
    """A door entry attempt, granted or refused."""

    kind: Literal["visit"] = "visit"
    visit_id: UUID
    occurred_at: UtcDateTime
    outcome: VisitOutcome
    identity_hash: IdentityHash | None = None
    age: Annotated[StrictInt, Field(ge=0, le=150)] | None = None
    door_opened_at: UtcDateTime | None = None
    """When the door contact opened after the grant (None: it never opened, or refused)."""
    door_closed_at: UtcDateTime | None = None
    """When the door closed again; never before it opened."""
    name: PersonName | None = None
    """The person's name from BankID, for the owner's customers list (None: no BankID, or a
    controller from before it was sent). Left out of the JSON when None (see `_as_sent`)."""
    birth_date: BirthDate | None = None
    """The person's birth date from BankID (never the identity number itself)."""

    @model_validator(mode="after")
    def _door_closes_after_it_opens(self) -> Self:
        opened, closed = self.door_opened_at, self.door_closed_at
        if opened is not None and closed is not None and closed < opened:
            raise refuse("Visit", [(("door_closed_at",), "the door closes before it opens")])
        if (self.name is not None or self.birth_date is not None) and self.identity_hash is None:
            raise refuse("Visit", [(("name",), "a name and birth date come with an identity")])
        return self

    @model_serializer(mode="wrap")
    def _as_sent(self, handler: SerializerFunctionWrapHandler) -> dict[str, object]:
        """`name` and `birth_date` only when known: a visit without them is written exactly as
        before they existed, so a backoffice from before them takes it (one with them it
        refuses into its quarantine, kept)."""
        data: dict[str, object] = handler(self)
        for key in PERSON_FIELDS:
            if data.get(key) is None:
                data.pop(key, None)
        return data

    @property
    def granted(self) -> bool:
        """Whether the door was unlocked."""
        return self.outcome in (VisitOutcome.GRANTED, VisitOutcome.REMOTE_UNLOCK)


@read_value_in_c
class AlertCategory(enum.StrEnum):
    """What went wrong."""

    DOOR_FORCED = "door_forced"
    DOOR_HELD_OPEN = "door_held_open"
    TEMPERATURE = "temperature"
    SCANNER = "scanner"
    PAYMENT = "payment"
    STOCK_OUT = "stock_out"
    CLOCK = "clock"
    LOCK_FAULT = "lock_fault"
    CONTACT_TAMPER = "contact_tamper"
    BANKID_UNAVAILABLE = "bankid_unavailable"
    OTHER = "other"


@read_value_in_c
class Severity(enum.StrEnum):
    """How urgently a volunteer should act."""

    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"


class Alert(WireModel):
    """An alert raised (or cleared, same `alert_id`) by the store."""

    kind: Literal["alert"] = "alert"
    alert_id: UUID
    occurred_at: UtcDateTime
    category: AlertCategory
    severity: Severity
    message: SafeText
    cleared: StrictBool = False


@read_value_in_c
class DoorState(enum.StrEnum):
    """The door as the controller last saw it."""

    LOCKED = "locked"
    UNLOCKED = "unlocked"
    OPEN = "open"
    UNKNOWN = "unknown"


Centi = Annotated[StrictInt, Field(ge=-5_000, le=10_000)]


class Temperature(WireModel):
    """One thermometer reading in hundredths of a degree Celsius, with the limits the controller
    holds it to (`[monitoring.limits]`; None: no bound on that side, or a controller older than
    the limits on the wire, which sends neither)."""

    sensor: Slug
    centi_celsius: Centi
    min_centi: Centi | None = None
    max_centi: Centi | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if (
            self.min_centi is not None
            and self.max_centi is not None
            and self.min_centi >= self.max_centi
        ):
            raise refuse(
                "Temperature", [(("min_centi",), "the lower limit is not below the upper")]
            )
        return self


class DeviceHealth(WireModel):
    """One device as the controller sees it (`ok` False with a short reason otherwise)."""

    device: Slug
    ok: StrictBool
    detail: SafeText = ""


class Heartbeat(WireModel):
    """The store is alive: sent on a timer, also queued when the link is down."""

    kind: Literal["heartbeat"] = "heartbeat"
    sent_at: UtcDateTime
    software_version: Version
    uptime_s: Count
    outbox_backlog: Count
    catalog_revision: Count
    door: DoorState
    lock_down: StrictBool
    temperatures: Annotated[tuple[Temperature, ...], Field(max_length=16)] = ()
    devices: Annotated[tuple[DeviceHealth, ...], Field(max_length=32)] = ()


class UnknownBarcode(WireModel):
    """A scan that parsed but matched no product: for the owner's to-do list."""

    kind: Literal["unknown_barcode"] = "unknown_barcode"
    scanned_at: UtcDateTime
    register_id: Slug
    product_key: ProductKey
