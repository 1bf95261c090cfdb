"""The shared domain kernel, pure (no I/O).

Money and VAT, barcodes, personnummer, receipt numbering and the sync wire protocol
(`retail.wire`, imported on its own since it pulls in pydantic models).
"""

from retail.barcodes import (
    ElementString,
    RejectReason,
    Scan,
    ScanConfig,
    ScanKind,
    ScanRejected,
    Symbology,
    parse_scan,
)
from retail.errors import (
    BarcodeError,
    MoneyError,
    PersonnummerError,
    ReceiptNumberError,
    RetailError,
    VatError,
)
from retail.money import Money, parse_money
from retail.personnummer import Personnummer, Sex, contains_personnummer, is_valid_personnummer
from retail.receipts import ReceiptNumber, SeriesCheck, check_series, next_receipt_number
from retail.vat import SWEDISH_VAT, VatClass, VatRow, VatSchedule, VatSummary

__all__ = [
    "SWEDISH_VAT",
    "BarcodeError",
    "ElementString",
    "Money",
    "MoneyError",
    "Personnummer",
    "PersonnummerError",
    "ReceiptNumber",
    "ReceiptNumberError",
    "RejectReason",
    "RetailError",
    "Scan",
    "ScanConfig",
    "ScanKind",
    "ScanRejected",
    "SeriesCheck",
    "Sex",
    "Symbology",
    "VatClass",
    "VatError",
    "VatRow",
    "VatSchedule",
    "VatSummary",
    "check_series",
    "contains_personnummer",
    "is_valid_personnummer",
    "next_receipt_number",
    "parse_money",
    "parse_scan",
]
