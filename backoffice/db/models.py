"""Every backoffice model, imported so that the metadata is complete for Alembic."""

from backoffice.alerts.models import Alert, AlertCase, AlertEvent
from backoffice.audit.models import AuditRecord
from backoffice.barcodes.models import UnknownBarcode
from backoffice.catalog.models import (
    CatalogProduct,
    CatalogRevision,
    CatalogStorePrice,
    StoreCatalogSettings,
)
from backoffice.commands.models import StoreCommand
from backoffice.db.base import Base
from backoffice.devices.models import Device, EnrollmentCode
from backoffice.heartbeats.models import HeartbeatRecord, StoreStatus
from backoffice.jobs.models import JobRun
from backoffice.labels.models import LabelPrint
from backoffice.members.erasures import MemberPull, PendingErasure
from backoffice.members.me_models import ErasureRequest, MemberSession
from backoffice.members.models import LedgerEntry, MemberAccount, MemberBlock
from backoffice.members.notes import CustomerNote
from backoffice.notify.models import (
    AckNonce,
    Contact,
    Delivery,
    DeliveryAttempt,
    OnCallException,
    OnCallShift,
)
from backoffice.payments.models import StorePayment, SwishCallback
from backoffice.people.models import (
    ApiToken,
    Association,
    Person,
    RecoveryCode,
    RoleGrant,
    SignInThrottle,
    WebSession,
)
from backoffice.pricefiles.models import PriceImport, PriceImportRow, SupplierMapping
from backoffice.products.models import PriceChange, Product, ProductGtin
from backoffice.reports.models import (
    AccountingProfile,
    PaymentHour,
    ProductMonth,
    SalesHour,
    VatHour,
    VisitHour,
)
from backoffice.reports.weekly_models import WeeklySend, WeeklySubscription
from backoffice.sales.models import Sale, SaleLine, SalePayment, SaleVat
from backoffice.signin.models import BankIdOrder
from backoffice.stock.book_models import (
    DeliveryFileMapping,
    DeliveryLine,
    GoodsDelivery,
    StockBookEntry,
    Stocktake,
    StocktakeCount,
)
from backoffice.stock.models import StockMovement, StockOnHand
from backoffice.stock.public_models import PublicPage
from backoffice.stock.reorder_models import ReorderLevel
from backoffice.stores.models import Store
from backoffice.sync.models import QuarantinedEntry, ReceivedEntry, SyncCursor
from backoffice.temperatures.models import TemperatureReading
from backoffice.visits.models import CustomerName, Visit
from backoffice.zreports.models import ZReport

__all__ = [
    "AccountingProfile",
    "AckNonce",
    "Alert",
    "AlertCase",
    "AlertEvent",
    "ApiToken",
    "Association",
    "AuditRecord",
    "BankIdOrder",
    "Base",
    "CatalogProduct",
    "CatalogRevision",
    "CatalogStorePrice",
    "Contact",
    "CustomerName",
    "CustomerNote",
    "Delivery",
    "DeliveryAttempt",
    "DeliveryFileMapping",
    "DeliveryLine",
    "Device",
    "EnrollmentCode",
    "ErasureRequest",
    "GoodsDelivery",
    "HeartbeatRecord",
    "JobRun",
    "LabelPrint",
    "LedgerEntry",
    "MemberAccount",
    "MemberBlock",
    "MemberPull",
    "MemberSession",
    "OnCallException",
    "OnCallShift",
    "PaymentHour",
    "PendingErasure",
    "Person",
    "PriceChange",
    "PriceImport",
    "PriceImportRow",
    "Product",
    "ProductGtin",
    "ProductMonth",
    "PublicPage",
    "QuarantinedEntry",
    "ReceivedEntry",
    "RecoveryCode",
    "ReorderLevel",
    "RoleGrant",
    "Sale",
    "SaleLine",
    "SalePayment",
    "SaleVat",
    "SalesHour",
    "SignInThrottle",
    "StockBookEntry",
    "StockMovement",
    "StockOnHand",
    "Stocktake",
    "StocktakeCount",
    "Store",
    "StoreCatalogSettings",
    "StoreCommand",
    "StorePayment",
    "StoreStatus",
    "SupplierMapping",
    "SwishCallback",
    "SyncCursor",
    "TemperatureReading",
    "UnknownBarcode",
    "VatHour",
    "Visit",
    "VisitHour",
    "WebSession",
    "WeeklySend",
    "WeeklySubscription",
    "ZReport",
]
