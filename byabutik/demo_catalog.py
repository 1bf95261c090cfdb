"""The demo's catalog: about 150 Swedish grocery items in one data file, `demo_catalog.csv`.

It is the single source of the backoffice's demo products, the simulated store's catalog and,
through that catalog (`byabutik.demo_presets`), the virtual scanner's presets. GTINs are
fictional 731-numbers (Sweden) with valid check digits; weight goods carry the 8-digit article
of a Swedish `23` weight label, store-made goods that of a `20` price label. Pant is Pantamera's
(1 kr up to a litre, 2 kr above); age limits follow swedish-retail.md (18 for tobacco, nicotine,
folköl and OTC medicines; 15 for energy drinks, the trade's recommendation).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources

from retail.barcodes import to_gtin14, with_check_digit
from retail.vat.rates import VatClass

DEPOSIT_ORE = {"none": 0, "small": 100, "large": 200}
CONTENT_UNITS = {"g", "ml", "st"}


class DemoCatalogError(ValueError):
    """A row of the data file is wrong (the message names its line)."""


@dataclass(frozen=True, slots=True)
class DemoItem:
    sku: str
    name: str
    brand: str
    category: str
    gtin: str | None
    """The EAN as printed (13 digits), or None for a weight or price-label article."""
    article: str | None
    """The 8 digits of a 2X label (23: weight in grams, 20: price in öre)."""
    unit: str
    """piece, or kg for goods sold by weight."""
    price_ore: int
    """Per piece, or per kg."""
    vat_class: VatClass
    deposit: str
    age_limit: int
    essential: bool
    supplier: str
    cost_price_ore: int
    content_amount: int | None
    content_unit: str | None
    stock: int
    """Pieces, or grams for goods sold by weight."""

    @property
    def gtin14(self) -> str | None:
        return to_gtin14(self.gtin) if self.gtin else None

    @property
    def pant_ore(self) -> int:
        return DEPOSIT_ORE[self.deposit]


def _item(line: int, row: dict[str, str]) -> DemoItem:
    try:
        gtin = row["gtin"] or None
        if gtin is not None and with_check_digit(gtin[:-1]) != gtin:
            raise DemoCatalogError(f"GTIN {gtin} has a wrong check digit")
        article = row["article"] or None
        if (gtin is None) == (article is None):
            raise DemoCatalogError("a GTIN or an article, one of them")
        if row["unit"] not in {"piece", "kg"} or row["deposit"] not in DEPOSIT_ORE:
            raise DemoCatalogError(f"unit {row['unit']!r} or deposit {row['deposit']!r}")
        unit = row["content_unit"] or None
        if unit is not None and unit not in CONTENT_UNITS:
            raise DemoCatalogError(f"content unit {unit!r}")
        return DemoItem(
            sku=row["sku"],
            name=row["name"],
            brand=row["brand"],
            category=row["category"],
            gtin=gtin,
            article=article,
            unit=row["unit"],
            price_ore=int(row["price_ore"]),
            vat_class=VatClass(row["vat_class"]),
            deposit=row["deposit"],
            age_limit=int(row["age_limit"]),
            essential=row["essential"] == "1",
            supplier=row["supplier"],
            cost_price_ore=int(row["cost_price_ore"]),
            content_amount=int(row["content_amount"]) if row["content_amount"] else None,
            content_unit=unit,
            stock=int(row["stock"]),
        )
    except (KeyError, ValueError) as exc:
        raise DemoCatalogError(f"demo_catalog.csv line {line}: {exc}") from None


def parse(text: str) -> tuple[DemoItem, ...]:
    reader = csv.DictReader(io.StringIO(text), delimiter=";")
    items = tuple(_item(n, row) for n, row in enumerate(reader, start=2))
    skus = [item.sku for item in items]
    if len(set(skus)) != len(skus):
        raise DemoCatalogError("a SKU is given twice")
    return items


@cache
def demo_items() -> tuple[DemoItem, ...]:
    """Every item of the data file, in its order (checked: a bad row raises at once)."""
    text = resources.files("byabutik").joinpath("demo_catalog.csv").read_text("utf-8")
    return parse(text)


def demo_item(sku: str) -> DemoItem:
    for item in demo_items():
        if item.sku == sku:
            return item
    raise KeyError(sku)


def label_code(article: str, value: int) -> str:
    """The EAN-13 of a 2X label: grams for a 23-article, öre for a 20-article."""
    return with_check_digit(f"{article}{value:04d}")
