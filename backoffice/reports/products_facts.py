"""`ProductFacts` from the owner's products (issue 18): each sold or stocked code (GTIN-14 or
8-digit weight/price article) gets its product's name, category (the VAT class when the product
has none) and cost price, and the shelf price every store pulls from the catalog.

Read for the wanted codes only: one query for GTINs and articles, one for the catalog prices of
the products found. Codes no product knows (catalog rows from before the products, a store's own
rows) fall back to `CatalogFacts`, which then reads only the catalog rows without a product.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Select,
    String,
    any_,
    bindparam,
    select,
    union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import InstrumentedAttribute, Session

from backoffice.catalog.models import CatalogProduct
from backoffice.products.models import Product, ProductGtin
from backoffice.reports.catalog_seams import VAT_CLASS_CATEGORIES, CatalogFacts, ProductFact

_CHUNK = 5000
"""Codes per IN list (SQLite allows 32766 parameters; PostgreSQL 65535)."""


def _among(column: InstrumentedAttribute[Any], postgres: bool) -> ColumnElement[bool]:
    """`column IN :codes`: on PostgreSQL `= ANY` of one array parameter, sent once however many
    times the statement uses it (a statement of thousands of parameters costs more to bind and
    plan than to run)."""
    if postgres:
        return column == any_(bindparam("codes", type_=ARRAY(String)))
    return column.in_(bindparam("codes", expanding=True))


@cache
def _by_code(postgres: bool) -> CompoundSelect[Any]:
    """(code, sku, name, category, VAT class, cost) of the products with one of `:codes` as a
    GTIN or as their article; built once per dialect."""
    columns = (
        Product.sku,
        Product.name,
        Product.category,
        Product.vat_class,
        Product.cost_price_ore,
    )
    by_gtin = (
        select(ProductGtin.gtin.label("code"), *columns)
        .join(Product, Product.id == ProductGtin.product_id)
        .where(_among(ProductGtin.gtin, postgres))
    )
    by_article = select(Product.article.label("code"), *columns).where(
        _among(Product.article, postgres)
    )
    return union_all(by_gtin, by_article)


@cache
def _prices_query(postgres: bool) -> Select[Any]:
    return select(CatalogProduct.sku, CatalogProduct.body).where(
        _among(CatalogProduct.sku, postgres), CatalogProduct.deleted.is_(False)
    )


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


class ProductsFacts:
    """Names, categories and cost prices from the products; shelf prices from the catalog."""

    source = "catalog"

    def facts(
        self, session: Session, store_ids: tuple[int, ...], keys: Iterable[str]
    ) -> dict[str, ProductFact]:
        wanted = sorted(set(keys))
        by_code: dict[str, tuple[str, str, str, str, int | None]] = {}
        connection = session.connection()
        query = _by_code(connection.dialect.name == "postgresql")
        for chunk in _chunks(wanted):
            rows = cast(
                Iterable[tuple[str, str, str, str, str, int | None]],
                connection.execute(query, {"codes": chunk}).all(),
            )
            for code, sku, name, category, vat_class, cost in rows:
                by_code[code] = (sku, name, category, vat_class, cost)
        prices = self._prices(session, sorted({v[0] for v in by_code.values()}))
        found = {
            code: ProductFact(
                name=name,
                category=category or VAT_CLASS_CATEGORIES.get(vat_class),
                price_ore=prices.get(sku),
                cost_ore=cost,
            )
            for code, (sku, name, category, vat_class, cost) in by_code.items()
        }
        missing = [code for code in wanted if code not in found]
        if missing:
            found.update(CatalogFacts(without_products=True).facts(session, store_ids, missing))
        return found

    @staticmethod
    def _prices(session: Session, skus: list[str]) -> dict[str, int]:
        prices: dict[str, int] = {}
        if not skus:
            return prices
        connection = session.connection()
        query = _prices_query(connection.dialect.name == "postgresql")
        for chunk in _chunks(skus):
            for sku, body in connection.execute(query, {"codes": chunk}):
                if body.get("price_ore") is not None:
                    prices[sku] = int(body["price_ore"])
        return prices
