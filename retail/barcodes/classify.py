"""What a valid GTIN means at a Swedish checkout: trade item, price or weight code, in-store
number, book (ISBN) or periodical (ISSN)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from retail.barcodes.checkdigit import is_ascii_digits
from retail.barcodes.element_string import ElementString
from retail.barcodes.frozen import blank
from retail.barcodes.gtin import to_gtin14
from retail.barcodes.symbology import Symbology
from retail.barcodes.variable import (
    MeasureKind,
    VariableMeasure,
    decode_variable_measure,
    is_variable_measure,
)
from retail.money import Money

_ORDINARY_FIRST_DIGITS = frozenset("1345678")
"""EAN-13s starting so are trade items whatever follows (the fast answer for most codes)."""
_RESTRICTED_UPC = ("02", "04")
"""GS1 restricted circulation numbers of UPC in the EAN-13 form (020-029, 040-049); 200-299 are
the other ones."""


class ScanKind(enum.StrEnum):
    """What the product key of a scan refers to."""

    TRADE_ITEM = "trade_item"
    """A GTIN; the key is the GTIN-14."""
    VARIABLE_PRICE = "variable_price"
    """A Swedish price code (20-22); the key is the 8-digit article identity."""
    VARIABLE_WEIGHT = "variable_weight"
    """A Swedish weight code (23-25); the key is the 8-digit article identity."""
    IN_STORE = "in_store"
    """A restricted-circulation number: EAN-13 26-29, UPC 02x/04x, EAN-8 0/2, or a configured
    prefix; the key is the GTIN-14."""
    BOOK = "book"
    """Bookland 978/979 (ISBN-13); GTIN-14 key."""
    PERIODICAL = "periodical"
    """977 (ISSN); GTIN-14 key."""


@dataclass(frozen=True, slots=True)
class ScanConfig:
    """How a store reads codes.

    `in_store_prefixes`: digit prefixes meaning "a number of this store", matched against the
    EAN-13 form of 12, 13 and 14-digit codes whose GTIN-14 starts with 0, else against the
    digits as scanned. They are checked first, so a store can claim a Swedish price prefix too.
    `variable_measure`: read 20-25 as Swedish price and weight codes.
    `max_length`: longer scans are rejected without parsing.
    """

    in_store_prefixes: tuple[str, ...] = ()
    variable_measure: bool = True
    max_length: int = 512

    def __post_init__(self) -> None:
        for prefix in self.in_store_prefixes:
            if not is_ascii_digits(prefix) or len(prefix) > 13:
                raise ValueError("an in-store prefix is 1 to 13 ASCII digits")
        if self.max_length < 14:
            raise ValueError("max_length must allow at least a GTIN-14")


@dataclass(frozen=True)
class Scan:
    """A scan the checkout can use: look up `product_key`, then apply quantity, weight, price.

    Not slotted: `parse_scan` builds it with `frozen.blank` (see there why).
    """

    kind: ScanKind
    product_key: str
    gtin: str
    """The scanned code as GTIN-14 (for variable codes, with its embedded value)."""
    symbology: Symbology | None = None
    quantity: int = 1
    weight_g: int | None = None
    price: Money | None = None
    """An embedded price (öre) to charge as is."""
    isbn: str | None = None
    issn: str | None = None
    addon: str | None = None
    """A 2- or 5-digit add-on (issue or price) after a periodical's or book's EAN-13."""
    element_string: ElementString | None = field(default=None, repr=False)

    @property
    def best_before(self) -> date | None:
        """AI 15, if the code carried one."""
        return self.element_string.best_before if self.element_string else None

    @property
    def expiry(self) -> date | None:
        """AI 17, if the code carried one."""
        return self.element_string.expiry if self.element_string else None

    @property
    def batch(self) -> str | None:
        """AI 10, if the code carried one."""
        return self.element_string.batch if self.element_string else None

    @property
    def serial(self) -> str | None:
        """AI 21, if the code carried one."""
        return self.element_string.serial if self.element_string else None


def classify_gtin(code: str, symbology: Symbology | None, config: ScanConfig) -> Scan:
    """The `Scan` for a GTIN of 8, 12, 13 or 14 digits; raises `InvalidBarcodeError` if invalid."""
    scan, fields = blank(Scan)
    classify_into(fields, code, to_gtin14(code), symbology, config)
    return scan


def classify_into(
    fields: dict[str, Any],
    code: str,
    gtin14: str,
    symbology: Symbology | None,
    config: ScanConfig,
) -> None:
    """Fill the fields of the `Scan` of a validated `code` and its GTIN-14 (see `blank`)."""
    fields["product_key"] = fields["gtin"] = gtin14
    fields["symbology"] = symbology
    prefixes = config.in_store_prefixes
    if gtin14[0] == "0" and gtin14[1] in _ORDINARY_FIRST_DIGITS and len(code) != 8 and not prefixes:
        fields["kind"] = ScanKind.TRADE_ITEM  # the EAN-13 form below, without cutting it out
        return
    form = gtin14[1:] if gtin14[0] == "0" and len(code) != 8 else code
    if prefixes and form.startswith(prefixes):
        fields["kind"] = ScanKind.IN_STORE
    elif len(form) != 13:
        in_store = len(form) == 8 and form[0] in "02"
        fields["kind"] = ScanKind.IN_STORE if in_store else ScanKind.TRADE_ITEM
    elif form[0] == "2":  # restricted circulation: Swedish price and weight codes among them
        if config.variable_measure and is_variable_measure(form):
            _add_measure(fields, decode_variable_measure(form))
        else:
            fields["kind"] = ScanKind.IN_STORE
    elif form[:2] == "97" and form[2] in "789":
        if form[2] == "7":
            fields["kind"], fields["issn"] = ScanKind.PERIODICAL, issn_of(form)
        else:
            fields["kind"], fields["isbn"] = ScanKind.BOOK, form
    elif form[:2] in _RESTRICTED_UPC:
        fields["kind"] = ScanKind.IN_STORE
    else:
        fields["kind"] = ScanKind.TRADE_ITEM


def _add_measure(fields: dict[str, Any], measure: VariableMeasure) -> None:
    fields["product_key"] = measure.article
    if measure.kind is MeasureKind.WEIGHT:
        fields["kind"], fields["weight_g"] = ScanKind.VARIABLE_WEIGHT, measure.weight_g
    else:
        fields["kind"], fields["price"] = ScanKind.VARIABLE_PRICE, measure.price


def issn_of(ean13: str) -> str:
    """The ISSN ("1234-5679") inside a 977 EAN-13: digits 4-10 plus the mod-11 check character."""
    body = ean13[3:10]
    total = sum(int(digit) * weight for digit, weight in zip(body, range(8, 1, -1), strict=True))
    check = -total % 11
    return f"{body[:4]}-{body[4:]}{'X' if check == 10 else check}"
