"""What a valid GTIN means at a Swedish checkout: trade item, price or weight code, in-store
number, book (ISBN) or periodical (ISSN)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date

from retail.barcodes.checkdigit import is_ascii_digits
from retail.barcodes.element_string import ElementString
from retail.barcodes.gtin import to_gtin14
from retail.barcodes.symbology import Symbology
from retail.barcodes.variable import (
    MeasureKind,
    decode_variable_measure,
    is_variable_measure,
)
from retail.money import Money

_RESTRICTED_PREFIXES = ("2", "02", "04")
"""GS1 restricted circulation numbers in the EAN-13 form (200-299, and 020-029, 040-049 of UPC)."""


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


@dataclass(frozen=True, slots=True)
class Scan:
    """A scan the checkout can use: look up `product_key`, then apply quantity, weight, price."""

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
    gtin14 = to_gtin14(code)
    form = gtin14[1:] if gtin14[0] == "0" and len(code) != 8 else code
    if any(form.startswith(prefix) for prefix in config.in_store_prefixes):
        return Scan(ScanKind.IN_STORE, gtin14, gtin14, symbology)
    if len(form) != 13:
        kind = ScanKind.IN_STORE if len(form) == 8 and form[0] in "02" else ScanKind.TRADE_ITEM
        return Scan(kind, gtin14, gtin14, symbology)
    if config.variable_measure and is_variable_measure(form):
        measure = decode_variable_measure(form)
        kind = ScanKind.VARIABLE_PRICE
        if measure.kind is MeasureKind.WEIGHT:
            kind = ScanKind.VARIABLE_WEIGHT
        return Scan(kind, measure.article, gtin14, symbology, 1, measure.weight_g, measure.price)
    return _by_prefix(form, gtin14, symbology)


def _by_prefix(ean13: str, gtin14: str, symbology: Symbology | None) -> Scan:
    if ean13.startswith(("978", "979")):
        return Scan(ScanKind.BOOK, gtin14, gtin14, symbology, isbn=ean13)
    if ean13.startswith("977"):
        return Scan(ScanKind.PERIODICAL, gtin14, gtin14, symbology, issn=issn_of(ean13))
    if ean13.startswith(_RESTRICTED_PREFIXES):
        return Scan(ScanKind.IN_STORE, gtin14, gtin14, symbology)
    return Scan(ScanKind.TRADE_ITEM, gtin14, gtin14, symbology)


def issn_of(ean13: str) -> str:
    """The ISSN ("1234-5679") inside a 977 EAN-13: digits 4-10 plus the mod-11 check character."""
    body = ean13[3:10]
    total = sum(int(digit) * weight for digit, weight in zip(body, range(8, 1, -1), strict=True))
    check = -total % 11
    return f"{body[:4]}-{body[4:]}{'X' if check == 10 else check}"
