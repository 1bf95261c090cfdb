"""Swedish variable-measure codes (viktvarunummer): EAN-13 starting 20-25.

Digits 1-8 identify the article (GS1 prefix `2X` + company part + serial), digits 9-12 carry
the value, digit 13 is the ordinary EAN check digit (no separate price verifier in Sweden).
X says what the value is: 0, 1, 2 a price in kronor with 2, 1, 0 decimals; 3, 4, 5 a weight in
kilograms with 3, 2, 1 decimals. Prices come out in öre and weights in grams, both exact.
A zero price or weight is refused: a label printed on an empty scale is a misprint, never a sale.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from retail.barcodes.reasons import InvalidBarcodeError, RejectReason
from retail.money import Money


class MeasureKind(enum.StrEnum):
    """What a variable-measure code embeds."""

    PRICE = "price"
    WEIGHT = "weight"


# X -> (kind, factor from the 4 embedded digits to öre or grams)
_SCHEMES: dict[str, tuple[MeasureKind, int]] = {
    "0": (MeasureKind.PRICE, 1),
    "1": (MeasureKind.PRICE, 10),
    "2": (MeasureKind.PRICE, 100),
    "3": (MeasureKind.WEIGHT, 1),
    "4": (MeasureKind.WEIGHT, 10),
    "5": (MeasureKind.WEIGHT, 100),
}


@dataclass(frozen=True, slots=True)
class VariableMeasure:
    """A decoded Swedish price or weight code."""

    article: str
    """The 8-digit article identity, the catalog key."""
    kind: MeasureKind
    price: Money | None
    weight_g: int | None


def is_variable_measure(ean13: str) -> bool:
    """Whether a (validated) EAN-13 uses one of the Swedish price or weight prefixes 20-25."""
    return len(ean13) == 13 and ean13[0] == "2" and ean13[1] in _SCHEMES


def decode_variable_measure(ean13: str) -> VariableMeasure:
    """Decode a validated EAN-13 for which `is_variable_measure` holds.

    Raises `InvalidBarcodeError` (ZERO_VALUE) for a zero price or weight.
    """
    kind, factor = _SCHEMES[ean13[1]]
    value = int(ean13[8:12]) * factor
    if value == 0:
        raise InvalidBarcodeError(
            RejectReason.ZERO_VALUE, f"a Swedish {kind} code with a zero {kind}"
        )
    if kind is MeasureKind.PRICE:
        return VariableMeasure(ean13[:8], kind, Money(value), None)
    return VariableMeasure(ean13[:8], kind, None, value)
