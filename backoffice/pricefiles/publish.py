"""An applied price file's new prices in the catalog the stores pull: one revision per applied
row (the n-th applied row's is the n-th taken), the rows numbered once in the database."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any, NamedTuple

from pydantic import TypeAdapter
from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Integer,
    MetaData,
    Select,
    String,
    Table,
    cast,
    exists,
    false,
    func,
    insert,
    literal,
    literal_column,
    null,
    select,
    true,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from backoffice.catalog.models import CatalogProduct, CatalogStorePrice
from backoffice.catalog.service import take_revisions
from backoffice.pricefiles.models import PriceImportRow
from backoffice.pricefiles.preview import CHANGED, NEW
from backoffice.products.models import Product
from backoffice.products.service import get_product, publish
from retail import wire
from retail.vat.rates import VatClass
from retail.wire.common import Gtin14, NonNegativeOre, ProductName, Sku


class Applied(NamedTuple):
    """A preview row that applying changes something for (new or changed), read as the columns
    publishing checks (the rest stay in the database: fewer columns read, ~5 ms a 10,000-row
    file)."""

    sku: str
    gtin: str
    name: str
    price_ore: int


PUBLISHED = ("line", "sku", "gtin", "name", "price_ore", "revision")
"""What the catalog writes read of each SKU's row to publish: its last line in the file."""

_CATALOG: Any = CatalogProduct.__table__
_PRODUCTS: Any = Product.__table__
_PREVIEW: Any = PriceImportRow.__table__


def publish_prices(session: Session, import_id: int, rows: list[Applied], now: datetime) -> None:
    """Give each product its new price in the catalog the stores pull. A product with prices of
    a store's own goes through `publish` (its timelines recomputed); every other catalog row is
    updated (its body's price set in the database) or inserted (its body built there, from
    values validated here as the wire's `Product` validates them) from the preview's rows,
    numbered once: on PostgreSQL one statement (the update a CTE of the insert), on SQLite
    through a temporary table."""
    if not rows:
        return
    revision = take_revisions(session, len(rows))
    own = set(
        session.scalars(
            select(CatalogStorePrice.sku)
            .join(_PREVIEW, _PREVIEW.c.sku == CatalogStorePrice.sku)
            .where(_PREVIEW.c.import_id == import_id, _PREVIEW.c.kind.in_((NEW, CHANGED)))
            .distinct()
        )
    )
    for r in rows:
        if r.sku in own:
            publish(session=session, product=get_product(session=session, sku=r.sku), now=now)
    if session.get_bind().dialect.name == "postgresql":
        made = _write_postgresql(session, _numbered(import_id, revision, own), now)
    else:
        made = _write_sqlite(session, _numbered_all(import_id, revision, own), now)
    # checked once written (a refused value raises, and the caller's transaction is rolled back)
    last = {r.sku: r for r in rows}  # in line order: a SKU's last line, as `_numbered` picks
    _validate([(sku, last[sku].name, last[sku].gtin, last[sku].price_ore) for sku in made])
    session.flush()


def _numbered(import_id: int, revision: int, own: set[str]) -> Select[Any]:
    """`PUBLISHED` of each applied row's revision; of a SKU given twice, its last line only;
    none of the SKUs in `own`."""
    preview = _PREVIEW
    numbered = _with_revision(import_id, revision).add_columns(
        func.row_number()
        .over(partition_by=preview.c.sku, order_by=preview.c.line.desc())
        .label("nth")
    )
    rows = numbered.subquery("numbered")
    latest = select(*(rows.c[name] for name in PUBLISHED)).where(rows.c.nth == 1)
    return latest.where(rows.c.sku.not_in(own)) if own else latest


def _numbered_all(import_id: int, revision: int, own: set[str]) -> Select[Any]:
    """`PUBLISHED` of each applied row's revision, every line of a SKU given twice (the
    temporary table keeps its last: `_write_sqlite`); none of the SKUs in `own`."""
    rows = _with_revision(import_id, revision).subquery("numbered")
    every = select(*(rows.c[name] for name in PUBLISHED))
    # a WHERE always: SQLite cannot tell an upsert's ON CONFLICT from a join's ON without one
    return every.where(rows.c.sku.not_in(own) if own else true())


def _with_revision(import_id: int, revision: int) -> Select[Any]:
    """`PUBLISHED` of each applied row: the n-th in line order gets the n-th revision taken."""
    preview = _PREVIEW
    return select(
        preview.c.line,
        preview.c.sku,
        preview.c.gtin,
        preview.c.name,
        preview.c.price_ore,
        (func.row_number().over(order_by=preview.c.line) - 1 + revision).label("revision"),
    ).where(preview.c.import_id == import_id, preview.c.kind.in_((NEW, CHANGED)))


def _update(published: Any, now: datetime, *, postgres: bool) -> Any:
    """The catalog rows of `published`'s SKUs with their new price and revision."""
    return (
        update(_CATALOG)
        .where(_CATALOG.c.sku == published.c.sku)
        .values(
            body=_with_price(_CATALOG.c.body, published.c.price_ore, postgres=postgres),
            revision=published.c.revision,
            deleted=False,
            updated_at=now,
        )
    )


def _insert(published: Any, now: datetime, *, postgres: bool) -> Any:
    """A catalog row for each of `published`'s SKUs the catalog lacks; answers their SKUs."""
    fresh = (
        select(
            published.c.sku,
            null(),
            _body(published.c, _PRODUCTS.c.vat_class, postgres=postgres),
            false(),
            published.c.revision,
            literal(now, _CATALOG.c.updated_at.type),
            null(),
        )
        .join(_PRODUCTS, _PRODUCTS.c.sku == published.c.sku)
        .where(~exists().where(_CATALOG.c.sku == published.c.sku))
        .order_by(published.c.line)
    )
    return (
        insert(_CATALOG)
        .from_select(
            ["sku", "store_id", "body", "deleted", "revision", "updated_at", "next_price_at"],
            fresh,
        )
        .returning(_CATALOG.c.sku)
    )


def _write_postgresql(session: Session, latest: Select[Any], now: datetime) -> Sequence[str]:
    """One statement: the rows numbered in a CTE, the update another the insert carries (both
    see the catalog as it was before, so the insert skips exactly the rows updated)."""
    published = latest.cte("published")
    updated = _update(published, now, postgres=True).returning(_CATALOG.c.sku).cte("updated")
    return session.scalars(_insert(published, now, postgres=True).add_cte(updated)).all()


_TEMPORARY = Table(
    "pricefile_published",
    MetaData(),
    Column("line", Integer, nullable=False),
    Column("sku", String(40), primary_key=True),
    Column("gtin", String(14)),
    Column("name", String(120), nullable=False),
    Column("price_ore", BigInteger),
    Column("revision", BigInteger, nullable=False),
    prefixes=["TEMPORARY"],
)
"""SQLite: the numbered rows, written once and read by the update and the insert."""


def _write_sqlite(session: Session, every: Select[Any], now: datetime) -> Sequence[str]:
    """`every` line kept once per SKU, its last: an upsert on the SKU replaces a row by a later
    line's (no second window sorting the rows by SKU: ~15 ms of a 10,000-row file)."""
    connection = session.connection()
    _TEMPORARY.create(connection)
    keep = sqlite_insert(_TEMPORARY).from_select(list(PUBLISHED), every)
    session.execute(
        keep.on_conflict_do_update(
            index_elements=[_TEMPORARY.c.sku],
            set_={name: keep.excluded[name] for name in PUBLISHED if name != "sku"},
            where=keep.excluded.line > _TEMPORARY.c.line,
        )
    )
    session.execute(_update(_TEMPORARY, now, postgres=False))
    made = session.scalars(_insert(_TEMPORARY, now, postgres=False)).all()
    _TEMPORARY.drop(connection)
    return made


_FRESH = TypeAdapter(list[tuple[Sku, ProductName, Gtin14, NonNegativeOre]])
"""What `wire.Product` checks of a fresh catalog row's values (all at once)."""


def _validate(values: Sequence[Any]) -> None:
    _FRESH.validate_python([tuple(v) for v in values])


def _with_price(body: Any, price: Any, *, postgres: bool) -> Any:
    """The body the stores pull, with only its price replaced (in the database)."""
    if postgres:
        replaced = func.jsonb_set(
            cast(body, JSONB), literal_column("'{price_ore}'::text[]"), func.to_jsonb(price)
        )
        return cast(replaced, JSON)
    return func.json_set(body, "$.price_ore", price)


def _body(row: Any, vat_class: Any, *, postgres: bool) -> Any:
    """A fresh catalog row's body in the database: `wire.Product(sku, name, gtins=(gtin,),
    price_ore, vat_class).model_dump(mode="json")`, its other fields the model's defaults."""
    template = wire.Product(
        sku="x", name="x", gtins=("0" * 14,), price_ore=0, vat_class=VatClass.FOOD
    ).model_dump(mode="json")
    given = {
        "sku": row.sku,
        "name": row.name,
        "gtins": func.json_build_array(row.gtin) if postgres else func.json_array(row.gtin),
        "price_ore": row.price_ore,
        "vat_class": vat_class,
    }
    parts: list[Any] = []
    for key, default in template.items():
        parts.append(literal(key, String))
        if key in given:
            parts.append(given[key])
        elif postgres:
            parts.append(cast(literal(json.dumps(default), String), JSON))
        else:
            parts.append(func.json(literal(json.dumps(default), String)))
    return func.json_build_object(*parts) if postgres else func.json_object(*parts)
