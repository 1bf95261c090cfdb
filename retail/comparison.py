"""Comparison prices (jämförpris): the shelf price per kilogram, litre or piece, as Swedish price
marking requires beside every price of a prepacked good (computed from the pack's content)."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class ContentUnit(enum.StrEnum):
    """What a pack's content is measured in."""

    GRAM = "g"
    MILLILITRE = "ml"
    PIECE = "st"


class ComparisonUnit(enum.StrEnum):
    KILOGRAM = "kg"
    LITRE = "l"
    PIECE = "st"


_PER = {
    ContentUnit.GRAM: (ComparisonUnit.KILOGRAM, 1000),
    ContentUnit.MILLILITRE: (ComparisonUnit.LITRE, 1000),
    ContentUnit.PIECE: (ComparisonUnit.PIECE, 1),
}


@dataclass(frozen=True, slots=True)
class ComparisonPrice:
    ore: int
    per: ComparisonUnit

    def label(self) -> str:
        """As printed on a Swedish shelf label: `Jfr-pris 23,90 kr/kg`."""
        kronor, ore = divmod(self.ore, 100)
        return f"Jfr-pris {kronor},{ore:02d} kr/{self.per.value}"


def comparison_price(price_ore: int, amount: int, unit: ContentUnit) -> ComparisonPrice:
    """The price of `amount` `unit`s at `price_ore`, per kg, l or piece (rounded half up)."""
    if amount <= 0:
        raise ValueError("a pack's content is more than zero")
    per, scale = _PER[unit]
    numerator = price_ore * scale
    return ComparisonPrice((2 * numerator + amount) // (2 * amount), per)


def per_kilogram(price_ore_per_kg: int) -> ComparisonPrice:
    """A good sold by weight: its price per kilogram is its comparison price."""
    return ComparisonPrice(price_ore_per_kg, ComparisonUnit.KILOGRAM)
