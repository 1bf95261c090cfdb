"""What the checkout knows of a product (pure values; `catalog_store` reads them from the DB)."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from retail import Money, VatClass

ZERO = Money(0)


class SoldBy(enum.StrEnum):
    """A product is priced per piece or per kilogram."""

    UNIT = "unit"
    WEIGHT = "weight"


@dataclass(frozen=True, slots=True)
class CatalogItem:
    """A product as sold: `price` per piece, or per kg when `sold_by` is WEIGHT (incl. VAT)."""

    product_id: int
    sku: str
    name: str
    price: Money
    vat_class: VatClass
    pant: Money = ZERO
    """Deposit per piece (bottles, cans), shown as its own amount, same VAT rate as the goods."""
    age_limit: int | None = None
    sold_by: SoldBy = SoldBy.UNIT
    active: bool = True

    @property
    def age_restricted(self) -> bool:
        """Whether selling it needs an age check at the kiosk."""
        return bool(self.age_limit)
