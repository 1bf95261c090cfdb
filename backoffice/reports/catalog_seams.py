"""What the reports need from the catalog and cannot get yet: product categories and cost prices
come from the owner's products (issue 18). `ProductFacts` is the seam; `ProductsFacts`
(products_facts.py, the default) reads the products; `CatalogFacts` reads only what the catalog
the stores pull has (names, shelf prices, VAT classes from each product's codes) and falls back
to the VAT class as the category.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.catalog.models import CatalogProduct
from backoffice.products.models import Product

VAT_CLASS_CATEGORIES = {
    "food": "Livsmedel",
    "standard": "Övrigt (25 %)",
    "reduced": "Tidningar och böcker",
    "zero": "Momsfritt",
}
PANT_CATEGORY = "Pant"


@dataclass(frozen=True, slots=True)
class ProductFact:
    """What is known of one product key (a GTIN-14 or an 8-digit weight/price article)."""

    name: str | None = None
    category: str | None = None
    price_ore: int | None = None
    """Shelf price incl. VAT, per piece or per kg."""
    cost_ore: int | None = None
    """Purchase price excl. VAT, per piece or per kg (None until the catalog keeps it)."""


class ProductFacts(Protocol):
    """The contract: facts for the given store's product keys; unknown keys may be missing."""

    source: str
    """"catalog" when categories are the catalog's, else what they fall back to."""

    def facts(
        self, session: Session, store_ids: tuple[int, ...], keys: Iterable[str]
    ) -> dict[str, ProductFact]: ...


class CatalogFacts:
    """Names and shelf prices from today's catalog; categories by VAT class; no cost prices."""

    source = "vat_class"

    def __init__(self, *, without_products: bool = False) -> None:
        self.without_products = without_products
        """Only the catalog rows no product publishes (the rest `ProductsFacts` reads)."""

    def facts(
        self, session: Session, store_ids: tuple[int, ...], keys: Iterable[str]
    ) -> dict[str, ProductFact]:
        wanted = set(keys)
        found: dict[str, ProductFact] = {}
        query = select(CatalogProduct.body).where(
            CatalogProduct.deleted.is_(False),
            (CatalogProduct.store_id.is_(None)) | CatalogProduct.store_id.in_(store_ids),
        )
        if self.without_products:
            query = query.where(CatalogProduct.sku.not_in(select(Product.sku)))
        for body in session.scalars(query):
            codes = [*body.get("gtins", ()), *([body["article"]] if body.get("article") else [])]
            fact = ProductFact(
                name=body.get("name"),
                category=VAT_CLASS_CATEGORIES.get(str(body.get("vat_class"))),
                price_ore=body.get("price_ore"),
            )
            for code in codes:
                if code in wanted:
                    found[code] = fact
        return found


def category_of(fact: ProductFact | None, vat_class: str, kind: str) -> str:
    """The category a sold line counts under."""
    if kind == "pant":
        return PANT_CATEGORY
    if fact is not None and fact.category:
        return fact.category
    return VAT_CLASS_CATEGORIES.get(vat_class, vat_class)
