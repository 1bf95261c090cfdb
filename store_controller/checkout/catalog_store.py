"""The local catalog in SQLite: find a product by GTIN-14 or article, add or replace products."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Connection, bindparam, delete, select

from byabutik.runtime.db import utcnow
from retail import Money, VatClass
from store_controller.checkout.catalog import CatalogItem, SoldBy
from store_controller.db import tables

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from store_controller.checkout.models import ProductRow


@dataclass(frozen=True, slots=True)
class ProductSpec:
    """A product to put in the catalog: codes are GTIN-14s or 8-digit articles."""

    sku: str
    name: str
    price_ore: int
    vat_class: VatClass
    codes: tuple[str, ...]
    pant_ore: int = 0
    age_limit: int | None = None
    sold_by: SoldBy = SoldBy.UNIT
    active: bool = True
    stock_quantity: int = 0
    stock_weight_g: int = 0


def item_of(row: ProductRow) -> CatalogItem:
    return CatalogItem(
        product_id=row.id,
        sku=row.sku,
        name=row.name,
        price=Money(row.price_ore),
        vat_class=VatClass(row.vat_class),
        pant=Money(row.pant_ore),
        age_limit=row.age_limit,
        sold_by=SoldBy(row.sold_by),
        active=row.active,
    )


_PRODUCTS, _CODES = tables.products.c, tables.product_codes.c
_ITEM_COLUMNS = (
    _PRODUCTS.id,
    _PRODUCTS.sku,
    _PRODUCTS.name,
    _PRODUCTS.price_ore,
    _PRODUCTS.vat_class,
    _PRODUCTS.pant_ore,
    _PRODUCTS.age_limit,
    _PRODUCTS.sold_by,
    _PRODUCTS.active,
)


# Built once: every scan runs it, on the event loop (building it took a third of a scan).
_FIND_ITEM = (
    select(*_ITEM_COLUMNS)
    .join(tables.product_codes, _CODES.product_id == _PRODUCTS.id)
    .where(_CODES.code == bindparam("key"))
)


def find_item(db: Session | Connection, key: str) -> CatalogItem | None:
    """The product whose code is `key` (a GTIN-14 or an 8-digit article), active or not.

    Reads plain columns (no ORM objects): this runs on every scan, on the event loop; a Core
    connection skips the session's own bookkeeping."""
    row = db.execute(_FIND_ITEM, {"key": key}).first()
    if row is None:
        return None
    product_id, sku, name, price, vat_class, pant, age_limit, sold_by, active = row
    return CatalogItem(
        product_id=product_id,
        sku=sku,
        name=name,
        price=Money(price),
        vat_class=VatClass(vat_class),
        pant=Money(pant),
        age_limit=age_limit,
        sold_by=SoldBy(sold_by),
        active=active,
    )


def catalog_is_empty(session: Session) -> bool:
    from store_controller.checkout.models import ProductRow  # the ORM, on first use

    return session.scalar(select(ProductRow.id).limit(1)) is None


def put_product(session: Session, spec: ProductSpec) -> int:
    """Insert or replace a product by SKU with its codes; creates its stock level at first."""
    from store_controller.checkout.models import ProductCodeRow, ProductRow, StockLevelRow

    row = session.scalar(select(ProductRow).where(ProductRow.sku == spec.sku))
    if row is None:
        row = ProductRow(sku=spec.sku)
        session.add(row)
    row.name, row.price_ore, row.vat_class = spec.name, spec.price_ore, spec.vat_class.value
    row.pant_ore, row.age_limit, row.sold_by = spec.pant_ore, spec.age_limit, spec.sold_by.value
    row.active, row.updated_at = spec.active, utcnow()
    session.flush()
    session.execute(delete(ProductCodeRow).where(ProductCodeRow.product_id == row.id))
    session.add_all(ProductCodeRow(code=code, product_id=row.id) for code in spec.codes)
    if session.get(StockLevelRow, row.id) is None:
        session.add(
            StockLevelRow(
                product_id=row.id, quantity=spec.stock_quantity, weight_g=spec.stock_weight_g
            )
        )
    session.flush()
    return row.id
