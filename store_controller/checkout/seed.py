"""The simulated store's catalog: the demo catalog (`byabutik/demo_catalog.csv`), the same
products the backoffice's demo holds (fictional codes).

GTINs are made-up 73x (Swedish) numbers with valid check digits; weight and price labels use the
8-digit articles of Swedish 2X codes (23: weight in grams, 20: price in öre). Pant and folköl
VAT follow swedish-retail.md (folköl as food is UNVERIFIED there).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from byabutik.demo_catalog import DemoItem, demo_item, demo_items, label_code
from store_controller.checkout.catalog import SoldBy
from store_controller.checkout.catalog_store import ProductSpec, catalog_is_empty, put_product

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def _ean(sku: str) -> str:
    code = demo_item(sku).gtin
    assert code is not None, sku
    return code


def _article(sku: str) -> str:
    code = demo_item(sku).article
    assert code is not None, sku
    return code


MJOLK = _ean("mjolk-1l")
BROD = _ean("brod-rag")
KAFFE = _ean("kaffe-450")
SNUS = _ean("snus-white")
FOLKOL = _ean("folkol-50")
ALVEDON = _ean("alvedon-20")
LASK = _ean("lask-33")
BATTERIER = _ean("batterier-aa")
ENERGIDRYCK = _ean("energi-25")
TIDNING = _ean("tidning")
BANANER_ARTICLE = _article("bananer")
OST_ARTICLE = _article("ost-hushall")
BULLAR_ARTICLE = _article("bullar")


def weight_label(article: str, grams: int) -> str:
    """The EAN-13 a shop scale prints for `grams` of a 23-article (kg with 3 decimals)."""
    return label_code(article, grams)


def price_label(article: str, ore: int) -> str:
    """The EAN-13 of a 20-article label carrying a price in öre (SEK with 2 decimals)."""
    return label_code(article, ore)


def spec_of(item: DemoItem) -> ProductSpec:
    by_weight = item.unit == "kg"
    return ProductSpec(
        item.sku,
        item.name,
        item.price_ore,
        item.vat_class,
        (item.gtin14 or item.article or "",),
        pant_ore=item.pant_ore,
        age_limit=item.age_limit or None,
        sold_by=SoldBy.WEIGHT if by_weight else SoldBy.UNIT,
        stock_quantity=0 if by_weight else item.stock,
        stock_weight_g=item.stock if by_weight else 0,
    )


DEMO_PRODUCTS: tuple[ProductSpec, ...] = tuple(spec_of(item) for item in demo_items())


def seed_demo_catalog(session: Session) -> bool:
    """Fill an empty catalog with `DEMO_PRODUCTS`; False (and nothing done) if it has products."""
    if not catalog_is_empty(session):
        return False
    for spec in DEMO_PRODUCTS:
        put_product(session, spec)
    return True
