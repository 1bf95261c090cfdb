"""Every controller model, imported so that the metadata is complete for Alembic."""

from store_controller.alerts.models import AlertRecord
from store_controller.checkout.models import (
    AbandonedCartRow,
    AgeCheckRow,
    JournalEntryRow,
    PendingPaymentRow,
    ProductCodeRow,
    ProductRow,
    SaleLineRow,
    SalePaymentRow,
    SaleRow,
    SaleVatRow,
    StockLevelRow,
    StockMovementRow,
    UnknownBarcodeRow,
    ZReportRow,
)
from store_controller.customers.models import Customer, VisitRecord
from store_controller.db.base import Base
from store_controller.entry.models import DoorAuditRecord
from store_controller.outbox.models import OutboxEntry
from store_controller.payments.member.models import MemberAccountRow, MemberLedgerRow
from store_controller.sync.models import SyncState

__all__ = [
    "AbandonedCartRow",
    "AgeCheckRow",
    "AlertRecord",
    "Base",
    "Customer",
    "DoorAuditRecord",
    "JournalEntryRow",
    "MemberAccountRow",
    "MemberLedgerRow",
    "OutboxEntry",
    "PendingPaymentRow",
    "ProductCodeRow",
    "ProductRow",
    "SaleLineRow",
    "SalePaymentRow",
    "SaleRow",
    "SaleVatRow",
    "StockLevelRow",
    "StockMovementRow",
    "SyncState",
    "UnknownBarcodeRow",
    "VisitRecord",
    "ZReportRow",
]
