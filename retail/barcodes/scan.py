"""`parse_scan`: the one entry point from a scanned text to what the checkout needs."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from retail.barcodes.checkdigit import is_ascii_digits
from retail.barcodes.classify import Scan, ScanConfig, classify_gtin
from retail.barcodes.element_string import GS, ElementString, parse_element_string
from retail.barcodes.gtin import GTIN_LENGTHS
from retail.barcodes.reasons import InvalidBarcodeError, RejectReason
from retail.barcodes.symbology import (
    GS1_SYMBOLOGIES,
    PLAIN_SYMBOLOGIES,
    Symbology,
    split_aim,
)
from retail.barcodes.upce import expand_upce
from retail.money import Money

DEFAULT_SCAN_CONFIG = ScanConfig()
SEK_NUMERIC = "752"
"""ISO 4217 numeric code of the Swedish krona."""
_ADDON_LENGTHS = (15, 18)
_ADDON_PREFIXES = ("977", "978", "979")


@dataclass(frozen=True, slots=True)
class ScanRejected:
    """A scan the checkout must refuse: a stable `reason` and a message for the screen or log."""

    reason: RejectReason
    message: str
    symbology: Symbology | None = None


def parse_scan(
    text: str,
    symbology: Symbology | None = None,
    *,
    config: ScanConfig = DEFAULT_SCAN_CONFIG,
    today: date | None = None,
) -> Scan | ScanRejected:
    """Turn a scanned text into a `Scan`, or a `ScanRejected` saying precisely why not.

    Never raises on any text. `symbology` is what the scanner reported, if anything; an AIM
    identifier at the start of `text` ("]C1", "]d2", "]Q3", "]E0", ...) is stripped and wins
    over it. Surrounding whitespace (a scanner's CR/LF suffix) is ignored. Without symbology:
    8, 12, 13 and 14 digits are EAN-8, UPC-A, EAN-13 and GTIN-14; text starting with GS or
    "(", holding a GS, or of more than 14 digits is a GS1 element string. UPC-E needs the
    symbology (its 8 digits look like an EAN-8). `today` (default: the system date) anchors
    the GS1 century rule for dates.
    """
    if len(text) > config.max_length:
        return ScanRejected(RejectReason.TOO_LONG, f"scan longer than {config.max_length}")
    aim, data = split_aim(text.strip(" \t\r\n"))
    symbology = aim or symbology
    try:
        return _parse(data, symbology, config, today or date.today())
    except InvalidBarcodeError as error:
        return ScanRejected(error.reason, str(error), symbology)


def _parse(data: str, symbology: Symbology | None, config: ScanConfig, today: date) -> Scan:
    if not data:
        raise InvalidBarcodeError(RejectReason.EMPTY, "nothing was scanned")
    if _is_addon(data) and symbology not in GS1_SYMBOLOGIES:
        return _with_addon(data, symbology, config)
    if symbology in GS1_SYMBOLOGIES or _looks_like_element_string(data):
        return _from_element_string(parse_element_string(data, today=today), symbology, config)
    if symbology is Symbology.UPCE:
        return classify_gtin(expand_upce(data), symbology, config)
    if not is_ascii_digits(data):
        reason = RejectReason.UNSUPPORTED if symbology in PLAIN_SYMBOLOGIES else None
        raise InvalidBarcodeError(reason or RejectReason.NOT_DIGITS, "not a product barcode")
    if len(data) not in GTIN_LENGTHS:
        raise InvalidBarcodeError(RejectReason.BAD_LENGTH, f"{len(data)} digits is no product code")
    return classify_gtin(data, symbology, config)


def _is_addon(data: str) -> bool:
    return (
        len(data) in _ADDON_LENGTHS and data.startswith(_ADDON_PREFIXES) and is_ascii_digits(data)
    )


def _looks_like_element_string(data: str) -> bool:
    return data[0] in (GS, "(") or GS in data or (len(data) > 14 and is_ascii_digits(data))


def _with_addon(data: str, symbology: Symbology | None, config: ScanConfig) -> Scan:
    return replace(classify_gtin(data[:13], symbology, config), addon=data[13:])


def _price_in_sek(element_string: ElementString) -> Money | None:
    """The item price (392n/393n) or else the amount payable (390n/391n); SEK only."""
    for amount, currency in (
        (element_string.price, element_string.price_currency),
        (element_string.amount, element_string.amount_currency),
    ):
        if amount is not None:
            if currency not in (None, SEK_NUMERIC):
                raise InvalidBarcodeError(RejectReason.BAD_VALUE, "a price in another currency")
            return amount
    return None


def _from_element_string(
    element_string: ElementString, symbology: Symbology | None, config: ScanConfig
) -> Scan:
    gtin = element_string.gtin or element_string.content_gtin
    if gtin is None:
        raise InvalidBarcodeError(
            RejectReason.NO_PRODUCT_KEY, "the code carries no GTIN (AI 01/02)"
        )
    base = classify_gtin(gtin, symbology, config)
    quantity = element_string.variable_count
    if quantity is None and element_string.gtin is None:
        quantity = element_string.count
    if quantity == 0:
        raise InvalidBarcodeError(RejectReason.BAD_VALUE, "a count of zero items")
    weight_g = element_string.net_weight_g
    price = _price_in_sek(element_string)
    return replace(
        base,
        quantity=1 if quantity is None else quantity,
        weight_g=base.weight_g if weight_g is None else weight_g,
        price=base.price if price is None else price,
        element_string=element_string,
    )
