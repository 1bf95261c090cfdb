"""`parse_scan`: the one entry point from a scanned text to what the checkout needs."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from retail.barcodes.ai_readers import GS
from retail.barcodes.checkdigit import is_ascii_digits
from retail.barcodes.classify import Scan, ScanConfig, classify_gtin, classify_into
from retail.barcodes.common_label import read_common_label
from retail.barcodes.element_string import (
    ElementString,
    parse_element_string,
    read_element_string,
)
from retail.barcodes.gtin import GTIN_LENGTHS
from retail.barcodes.reasons import InvalidBarcodeError, RejectReason
from retail.barcodes.symbology import AIM_IDENTIFIERS, GS1_SYMBOLOGIES, Symbology, split_aim
from retail.barcodes.upce import expand_upce
from retail.limits import MAX_LINE_QUANTITY, MAX_LINE_WEIGHT_G
from retail.money import MAX_AMOUNT_ORE, Money

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
    over it. Surrounding whitespace (a scanner's CR/LF suffix) is ignored.

    A reported symbology is respected: GS1-128, GS1 DataMatrix, GS1 QR and DataBar carry a raw
    GS1 element string (a Code 128 whose data starts with GS, FNC1 in first position, is
    GS1-128 too); EAN-13 takes 13 digits (12 for a UPC-A, which shares its identifier; 15 or 18
    with a periodical's or book's add-on), EAN-8 8, UPC-A 12, UPC-E 8. A plain Code 128, QR
    code, DataMatrix or other symbology carries no GS1 data: only a bare GTIN is read from it.
    Without a symbology: 8, 12, 13 and 14 digits are EAN-8, UPC-A, EAN-13 and GTIN-14; text
    starting with GS or "(", holding a GS, or of more than 14 digits is a GS1 element string
    (the "(01)..." form is read only here: a typed code). UPC-E needs its symbology (its 8
    digits look like an EAN-8).

    A scan is refused if its count, weight or price is zero (ZERO_VALUE) or more than one kiosk
    line holds (OVER_LIMIT: `MAX_LINE_QUANTITY` packages, `MAX_LINE_WEIGHT_G` grams,
    `MAX_AMOUNT_ORE`). `today`
    (default: the system date) anchors the GS1 century rule for dates.
    """
    if len(text) > config.max_length:
        return ScanRejected(RejectReason.TOO_LONG, f"scan longer than {config.max_length}")
    data = text.strip(" \t\r\n")
    if data[:1] == "]":
        aim = AIM_IDENTIFIERS.get(data[:3])  # `split_aim` inlined for the usual identifiers
        if aim is not None:
            data = data[3:]
        else:
            aim, data = split_aim(data)
        symbology = aim or symbology
    try:
        if not data:
            raise InvalidBarcodeError(RejectReason.EMPTY, "nothing was scanned")
        if symbology in GS1_SYMBOLOGIES:  # the hot path of a label: straight there
            return _from_gs1_symbol(data, symbology, config, today or date.today())
        if symbology is None:
            return _on_one_line(_detected(data, config, today or date.today()))
        return _on_one_line(_reported(data, symbology, config, today or date.today()))
    except InvalidBarcodeError as error:
        return ScanRejected(error.reason, str(error), symbology)


def _detected(data: str, config: ScanConfig, today: date) -> Scan:
    """No symbology reported: tell the code apart by its shape."""
    if _is_addon(data):
        return _with_addon(data, None, config)
    if _looks_like_element_string(data):
        return _from_element_string(parse_element_string(data, today=today), None, config)
    if not is_ascii_digits(data):
        raise InvalidBarcodeError(RejectReason.NOT_DIGITS, "not a product barcode")
    if len(data) not in GTIN_LENGTHS:
        raise InvalidBarcodeError(RejectReason.BAD_LENGTH, f"{len(data)} digits is no product code")
    return classify_gtin(data, None, config)


def _reported(data: str, symbology: Symbology, config: ScanConfig, today: date) -> Scan:
    """The symbology the scanner reported decides how `data` is read."""
    if symbology is Symbology.CODE128 and data[0] == GS:  # FNC1 in first position, sent as GS
        return _from_gs1_symbol(data, symbology, config, today)
    if symbology is Symbology.UPCE:
        return classify_gtin(expand_upce(data), symbology, config)
    lengths = _LENGTHS.get(symbology)
    if lengths is None:
        return _plain(data, symbology, config)
    reported = f"a code reported as {symbology.name}"
    if not is_ascii_digits(data):
        raise InvalidBarcodeError(RejectReason.NOT_DIGITS, f"{reported} has only digits")
    if symbology is Symbology.EAN13 and _is_addon(data):
        return _with_addon(data, symbology, config)
    upca_not_in_ean13_form = symbology is Symbology.UPCA and len(data) == 13 and data[0] != "0"
    if len(data) not in lengths or upca_not_in_ean13_form:
        expected = " or ".join(str(n) for n in lengths)
        raise InvalidBarcodeError(
            RejectReason.BAD_LENGTH, f"{reported} has {expected} digits, not {len(data)}"
        )
    return classify_gtin(data, symbology, config)


def _plain(data: str, symbology: Symbology, config: ScanConfig) -> Scan:
    """A symbology of free text (no GS1 marker): only a bare GTIN is a product code."""
    if is_ascii_digits(data) and len(data) in GTIN_LENGTHS:
        return classify_gtin(data, symbology, config)
    raise InvalidBarcodeError(
        RejectReason.UNSUPPORTED,
        f"a {symbology.name} code without the GS1 marker carries no product code",
    )


def _on_one_line(scan: Scan) -> Scan:
    """`scan` if one kiosk line can hold its count, weight and price (none zero either)."""
    if not _fits_one_line(scan.quantity, scan.weight_g, scan.price):
        _refuse_off_line(scan.quantity, scan.weight_g, scan.price)
    return scan


def _fits_one_line(quantity: int, weight: int | None, price: Money | None) -> bool:
    return (
        quantity <= MAX_LINE_QUANTITY
        and (weight is None or 0 < weight <= MAX_LINE_WEIGHT_G)
        and (price is None or 0 < price.ore <= MAX_AMOUNT_ORE)
    )


def _refuse_off_line(quantity: int, weight: int | None, price: Money | None) -> None:
    """Say why `_fits_one_line` said no."""
    if quantity > MAX_LINE_QUANTITY:
        raise InvalidBarcodeError(
            RejectReason.OVER_LIMIT, f"a count over {MAX_LINE_QUANTITY} packages on one label"
        )
    if weight == 0:
        raise InvalidBarcodeError(RejectReason.ZERO_VALUE, "a zero weight on the label")
    if weight is not None and weight > MAX_LINE_WEIGHT_G:
        raise InvalidBarcodeError(
            RejectReason.OVER_LIMIT, f"a weight over {MAX_LINE_WEIGHT_G} g on one label"
        )
    if price is not None and price.ore == 0:
        raise InvalidBarcodeError(RejectReason.ZERO_VALUE, "a zero price on the label")
    raise InvalidBarcodeError(
        RejectReason.OVER_LIMIT, "a price over one billion kronor on one label"
    )


def _is_addon(data: str) -> bool:
    return (
        len(data) in _ADDON_LENGTHS and data.startswith(_ADDON_PREFIXES) and is_ascii_digits(data)
    )


def _looks_like_element_string(data: str) -> bool:
    return data[0] in (GS, "(") or GS in data or (len(data) > 14 and is_ascii_digits(data))


def _with_addon(data: str, symbology: Symbology | None, config: ScanConfig) -> Scan:
    return replace(classify_gtin(data[:13], symbology, config), addon=data[13:])


def _price_in_sek(values: dict[str, Any]) -> Money:
    """The item price (392n/393n) or else the amount payable (390n/391n); SEK only."""
    kind = "price" if "price" in values else "amount"
    price: Money = values[kind]
    if values.get(f"{kind}_currency") not in (None, SEK_NUMERIC):
        raise InvalidBarcodeError(RejectReason.BAD_VALUE, "a price in another currency")
    return price


def _from_gs1_symbol(data: str, symbology: Symbology, config: ScanConfig, today: date) -> Scan:
    """The scan of a GS1 symbol's element string; the usual label (`common_label`: a GTIN, no
    count, no currency) straight into its `Scan`, as `_from_element_string` would build it."""
    element_string = object.__new__(ElementString)  # `frozen.blank`, inlined
    values = element_string.__dict__
    if not read_common_label(data, values, today):
        read_element_string(data, values, today)
        return _from_element_string(element_string, symbology, config)
    scan = object.__new__(Scan)
    fields = scan.__dict__
    gtin = values["gtin"]
    classify_into(fields, gtin, gtin, symbology, config)
    fields["element_string"] = element_string
    if "net_weight_g" in values:
        fields["weight_g"] = values["net_weight_g"]
    if "price" in values:
        fields["price"] = values["price"]
    weight, price = fields.get("weight_g"), fields.get("price")
    if (weight is not None and not 0 < weight <= MAX_LINE_WEIGHT_G) or (
        price is not None and not 0 < price.ore <= MAX_AMOUNT_ORE
    ):
        _refuse_off_line(1, weight, price)
    return scan


def _from_element_string(
    element_string: ElementString, symbology: Symbology | None, config: ScanConfig
) -> Scan:
    """The scan of a GS1 element string, checked to fit one kiosk line."""
    values = element_string.__dict__  # only the AIs present (see `frozen.blank`)
    gtin = values.get("gtin") or values.get("content_gtin")
    if gtin is None:
        raise InvalidBarcodeError(
            RejectReason.NO_PRODUCT_KEY, "the code carries no GTIN (AI 01/02)"
        )
    scan = object.__new__(Scan)  # `frozen.blank`, inlined
    fields = scan.__dict__
    classify_into(fields, gtin, gtin, symbology, config)
    quantity = values.get("variable_count")
    if quantity is None and "gtin" not in values:
        quantity = values.get("count")
    if quantity is not None:
        if quantity == 0:
            raise InvalidBarcodeError(RejectReason.ZERO_VALUE, "a count of zero items")
        fields["quantity"] = quantity
    if "net_weight_g" in values:
        fields["weight_g"] = values["net_weight_g"]
    if "price" in values or "amount" in values:
        fields["price"] = _price_in_sek(values)
    fields["element_string"] = element_string
    quantity, weight, price = fields.get("quantity", 1), fields.get("weight_g"), fields.get("price")
    if (  # `_on_one_line`, inlined: most labels carry a weight or a price
        quantity > MAX_LINE_QUANTITY
        or (weight is not None and not 0 < weight <= MAX_LINE_WEIGHT_G)
        or (price is not None and not 0 < price.ore <= MAX_AMOUNT_ORE)
    ):
        _refuse_off_line(quantity, weight, price)
    return scan


_LENGTHS: dict[Symbology, tuple[int, ...]] = {
    Symbology.EAN13: (13, 12),
    Symbology.EAN8: (8,),
    Symbology.UPCA: (12, 13),
}
"""Digits each linear retail symbology carries (UPC-A also in its 13-digit EAN form, "0...")."""
