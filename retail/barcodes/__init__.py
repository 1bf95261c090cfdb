"""Barcodes: GTIN check digits and forms, UPC-E, Swedish price and weight codes, GS1 element
strings, and `parse_scan`, the one entry point for the checkout."""

from retail.barcodes.ai import AI_TABLE, AiKind, AiSpec
from retail.barcodes.ai_readers import GS
from retail.barcodes.checkdigit import gs1_check_digit, has_valid_check_digit
from retail.barcodes.classify import Scan, ScanConfig, ScanKind, issn_of
from retail.barcodes.dates import gs1_year, parse_gs1_date
from retail.barcodes.element_string import ElementString, parse_element_string
from retail.barcodes.gtin import (
    GtinKind,
    from_gtin14,
    gtin_kind,
    is_valid_gtin,
    to_gtin14,
    with_check_digit,
)
from retail.barcodes.reasons import InvalidBarcodeError, RejectReason
from retail.barcodes.scan import DEFAULT_SCAN_CONFIG, ScanRejected, parse_scan
from retail.barcodes.symbology import Symbology, split_aim
from retail.barcodes.upce import compress_upca, expand_upce
from retail.barcodes.variable import (
    MeasureKind,
    VariableMeasure,
    decode_variable_measure,
    is_variable_measure,
)

__all__ = [
    "AI_TABLE",
    "DEFAULT_SCAN_CONFIG",
    "GS",
    "AiKind",
    "AiSpec",
    "ElementString",
    "GtinKind",
    "InvalidBarcodeError",
    "MeasureKind",
    "RejectReason",
    "Scan",
    "ScanConfig",
    "ScanKind",
    "ScanRejected",
    "Symbology",
    "VariableMeasure",
    "compress_upca",
    "decode_variable_measure",
    "expand_upce",
    "from_gtin14",
    "gs1_check_digit",
    "gs1_year",
    "gtin_kind",
    "has_valid_check_digit",
    "is_valid_gtin",
    "is_variable_measure",
    "issn_of",
    "parse_element_string",
    "parse_gs1_date",
    "parse_scan",
    "split_aim",
    "to_gtin14",
    "with_check_digit",
]
