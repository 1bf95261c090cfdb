"""VAT: classes, the date-effective Swedish schedule, and per-rate receipt summaries."""

from retail.vat.rates import SWEDISH_VAT, VatClass, VatPeriod, VatSchedule, format_rate
from retail.vat.summary import VatRow, VatSummary, vat_included

__all__ = [
    "SWEDISH_VAT",
    "VatClass",
    "VatPeriod",
    "VatRow",
    "VatSchedule",
    "VatSummary",
    "format_rate",
    "vat_included",
]
