"""The local catalog in SQLite: find a product by GTIN-14 or article, add or replace products."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, bindparam, delete, insert, select, update

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
    return None if row is None else _item(row)


ITEMS_KEPT = 512
"""Catalog items kept by `CatalogReader`, each under the row it was built from."""


def _item(row: Sequence[Any]) -> CatalogItem:
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
        active=bool(active),
    )


@lru_cache(maxsize=ITEMS_KEPT)
def _kept_item(row: tuple[Any, ...]) -> CatalogItem:
    """The item of `row`, built once per distinct row: the same product scanned again (by this
    customer or the next) reuses it, and a changed price, name or state is another row, so it
    can never be stale. Building one (two enums, two Money, a frozen dataclass) was ~9 us."""
    return _item(row)


class CatalogReader:
    """`find_item` for the scans of one thread (the event loop's), on a database connection and
    cursor it keeps: a scan asks SQLite directly with the same SELECT, without a pool checkout,
    a transaction reset and SQLAlchemy's statement and result handling (~40 us of a scan's
    ~120 on a quiet core; the raw query takes ~5), and the item is built once per distinct row
    (`_kept_item`).

    Reads only, each one statement read to its end, so the kept connection holds no transaction
    or WAL snapshot between scans and sees every committed catalog change (its own or another
    process's) at the next scan. On an error the connection is thrown away (the next scan opens
    another) and the error raised, as `find_item` would. `close()` gives it back; a scan after
    that (the bus draining at stop) asks through a connection of its own."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._sql = str(_FIND_ITEM.compile(engine)) if engine.dialect.name == "sqlite" else None
        self._held: Any = None  # the pool's connection, kept checked out
        self._cursor: Any = None  # a cursor of it (a new one per scan cost ~5 us)
        self._closed = False

    def find(self, key: str) -> CatalogItem | None:
        if self._sql is None or self._closed:
            with self._engine.connect() as connection:
                return find_item(connection, key)
        if self._held is None:
            self._held = self._engine.raw_connection()
            self._cursor = self._held.driver_connection.cursor()
        try:
            rows = self._cursor.execute(self._sql, (key,)).fetchall()
        except Exception:
            held, self._held, self._cursor = self._held, None, None
            held.invalidate()
            raise
        return _kept_item(rows[0]) if rows else None

    def close(self) -> None:
        self._closed = True
        held, self._held, cursor, self._cursor = self._held, None, self._cursor, None
        if cursor is not None:
            cursor.close()
        if held is not None:
            held.close()


def catalog_is_empty(session: Session) -> bool:
    from store_controller.checkout.models import ProductRow  # the ORM, on first use

    return session.scalar(select(ProductRow.id).limit(1)) is None


def put_product(session: Session, spec: ProductSpec) -> int:
    """Insert or replace a product by SKU with its codes; creates its stock level at first
    (`put_product_on`, in the session's transaction)."""
    return put_product_on(session.connection(), spec)


def put_product_on(connection: Connection, spec: ProductSpec) -> int:
    """`put_product` as Core statements in the connection's transaction, without the ORM (a
    catalog page from the backoffice, issue 23): the same rows the ORM's unit of work wrote."""
    products, codes, levels = tables.products, tables.product_codes, tables.stock_levels
    values = {
        "name": spec.name,
        "price_ore": spec.price_ore,
        "vat_class": spec.vat_class.value,
        "pant_ore": spec.pant_ore,
        "age_limit": spec.age_limit,
        "sold_by": spec.sold_by.value,
        "active": spec.active,
        "updated_at": utcnow(),
    }
    found = connection.scalar(select(products.c.id).where(products.c.sku == spec.sku))
    if found is None:
        inserted = connection.execute(insert(products), {"sku": spec.sku, **values})
        key = inserted.inserted_primary_key
        assert key is not None  # an INSERT's result
        product_id = int(key[0])
    else:
        product_id = int(found)
        connection.execute(update(products).where(products.c.id == product_id).values(values))
    connection.execute(delete(codes).where(codes.c.product_id == product_id))
    if spec.codes:
        rows = [{"code": code, "product_id": product_id} for code in spec.codes]
        connection.execute(insert(codes), rows)
    level = select(levels.c.product_id).where(levels.c.product_id == product_id)
    if connection.scalar(level) is None:
        stock = {"quantity": spec.stock_quantity, "weight_g": spec.stock_weight_g}
        connection.execute(insert(levels), {"product_id": product_id, **stock})
    return product_id
