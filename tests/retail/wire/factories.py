"""Valid wire messages to start tests from (tweak one field to test one rule)."""

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from retail.personnummer import Personnummer
from retail.vat.rates import VatClass
from retail.wire import (
    AccessPolicy,
    Alert,
    AlertCategory,
    CatalogChanges,
    Command,
    CommandAck,
    CommandStatus,
    DoorState,
    Heartbeat,
    LockDown,
    OpeningHours,
    OutboxEntry,
    Payment,
    PaymentMethod,
    PaymentRecord,
    PaymentRecordState,
    PaymentTotal,
    Product,
    PushBatch,
    Sale,
    SaleLine,
    ScheduledPrice,
    Severity,
    StockMovement,
    StockReason,
    StoreSettings,
    Temperature,
    UnknownBarcode,
    VatLine,
    Visit,
    VisitOutcome,
    ZReport,
)

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
SECRET = b"wire-tests-secret-0123456789"
CUSTOMER = Personnummer.parse("196408233234").keyed_hash(SECRET)
SALE_ID = UUID("0b9c8d1e-7f4a-4c3e-9a55-2f1d3c4b5a69")


def sale_line(**changes: Any) -> SaleLine:
    fields: dict[str, Any] = {
        "line_no": 1,
        "product_key": "07310865004703",
        "name": "Mjölk 1,5 %",
        "quantity": 2,
        "unit_price_ore": 1995,
        "amount_ore": 3990,
        "vat_class": VatClass.FOOD,
        "vat_rate_bp": 600,
    }
    return SaleLine(**(fields | changes))


def sale(**changes: Any) -> Sale:
    weighed = sale_line(
        line_no=2,
        product_key="23012340",
        name="Potatis",
        quantity=1,
        weight_g=750,
        unit_price_ore=2000,
        amount_ore=1500,
    )
    snus = sale_line(
        line_no=3,
        product_key="07311250004239",
        name="Snus",
        quantity=1,
        unit_price_ore=5500,
        amount_ore=5500,
        vat_class=VatClass.STANDARD,
        vat_rate_bp=2500,
        age_limit=18,
    )
    fields: dict[str, Any] = {
        "sale_id": SALE_ID,
        "register_id": "kiosk-1",
        "receipt_number": 42,
        "occurred_at": NOW,
        "lines": (sale_line(), weighed, snus),
        "vat": (
            VatLine(rate_bp=2500, gross_ore=5500, vat_ore=1100, net_ore=4400),
            VatLine(rate_bp=600, gross_ore=5490, vat_ore=311, net_ore=5179),
        ),
        "payments": (
            Payment(
                method=PaymentMethod.SWISH,
                amount_ore=10990,
                reference="0B9C8D1E7F4A4C3E",
                confirmed_at=NOW,
            ),
        ),
        "total_ore": 10990,
        "customer_hash": CUSTOMER,
        "age_checks": (),
    }
    return Sale(**(fields | changes))


def z_report(**changes: Any) -> ZReport:
    fields: dict[str, Any] = {
        "register_id": "kiosk-1",
        "z_number": 7,
        "business_date": date(2026, 11, 28),
        "opened_at": NOW - timedelta(hours=24),
        "closed_at": NOW,
        "first_receipt": 40,
        "last_receipt": 42,
        "receipt_count": 3,
        "sales_ore": 12000,
        "returns_ore": -1000,
        "vat": (
            VatLine(rate_bp=2500, gross_ore=5500, vat_ore=1100, net_ore=4400),
            VatLine(rate_bp=600, gross_ore=5500, vat_ore=311, net_ore=5189),
        ),
        "payments": (PaymentTotal(method=PaymentMethod.SWISH, amount_ore=11000),),
        "grand_total_ore": 1_000_000,
    }
    return ZReport(**(fields | changes))


def product(**changes: Any) -> Product:
    fields: dict[str, Any] = {
        "sku": "MJOLK-15",
        "name": "Mjölk 1,5 %",
        "gtins": ("07310865004703",),
        "price_ore": 1995,
        "scheduled_prices": (
            ScheduledPrice(price_ore=1895, effective_at=datetime(2026, 4, 1, tzinfo=UTC)),
        ),
        "vat_class": VatClass.FOOD,
    }
    return Product(**(fields | changes))


def catalog_changes(**changes: Any) -> CatalogChanges:
    fields: dict[str, Any] = {
        "since_revision": 10,
        "revision": 12,
        "products": (product(),),
        "removed_skus": ("OLD-1",),
        "settings": StoreSettings(
            display_name="Byabutiken i Ås",
            timezone="Europe/Stockholm",
            opening_hours=(OpeningHours(weekday=0, opens=time(6), closes=time(23)),),
        ),
        "access_policy": AccessPolicy(version=1, rules={"min_age": 18, "members_only": False}),
    }
    return CatalogChanges(**(fields | changes))


def every_payload() -> list[Any]:
    """One valid message of each outbox kind."""
    return [
        sale(),
        StockMovement(
            movement_id=SALE_ID,
            occurred_at=NOW,
            product_key="07310865004703",
            quantity_delta=-2,
            reason=StockReason.SALE,
            sale_id=SALE_ID,
        ),
        Visit(
            visit_id=SALE_ID, occurred_at=NOW, outcome=VisitOutcome.GRANTED, identity_hash=CUSTOMER
        ),
        Alert(
            alert_id=SALE_ID,
            occurred_at=NOW,
            category=AlertCategory.TEMPERATURE,
            severity=Severity.WARNING,
            message="Frysen: -12,5 °C",
        ),
        Heartbeat(
            sent_at=NOW,
            software_version="0.1.0",
            uptime_s=3600,
            outbox_backlog=3,
            catalog_revision=12,
            door=DoorState.LOCKED,
            lock_down=False,
            temperatures=(Temperature(sensor="frys-1", centi_celsius=-1850),),
        ),
        UnknownBarcode(scanned_at=NOW, register_id="kiosk-1", product_key="07310865004703"),
        z_report(),
        CommandAck(command_id=SALE_ID, status=CommandStatus.DONE, at=NOW),
    ]


def payment_record(**changes: Any) -> PaymentRecord:
    """The store's record of the Swish payment of `sale()` (protocol 3 on)."""
    fields: dict[str, Any] = {
        "sale_id": SALE_ID,
        "provider": "swish",
        "state": PaymentRecordState.PAID,
        "amount_ore": 10990,
        "requested_at": NOW - timedelta(seconds=20),
        "occurred_at": NOW,
    }
    return PaymentRecord(**(fields | changes))


def batch(entries: int = 3, first_seq: int = 1) -> PushBatch:
    payloads = every_payload()
    return PushBatch(
        protocol=1,
        store_id="byn-as",
        entries=tuple(
            OutboxEntry(seq=first_seq + i, created_at=NOW, payload=payloads[i % len(payloads)])
            for i in range(entries)
        ),
    )


def command(**changes: Any) -> Command:
    fields: dict[str, Any] = {
        "command_id": SALE_ID,
        "issued_at": NOW,
        "expires_at": NOW + timedelta(minutes=5),
        "issued_by": "ordforande@byn.se",
        "body": LockDown(on=True),
    }
    return Command(**(fields | changes))
