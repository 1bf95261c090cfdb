"""Price files: save a supplier's column mapping, preview a file, apply a preview (every row
that is not refused, in one transaction: all of them or none)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from typing import Any, NamedTuple

from pydantic import TypeAdapter
from sqlalchemy import (
    JSON,
    String,
    and_,
    cast,
    delete,
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
from sqlalchemy.orm import Session

from backoffice.catalog.models import CatalogProduct, CatalogStorePrice
from backoffice.catalog.service import take_revisions
from backoffice.db.bulk import insert_many
from backoffice.errors import ConflictError, NotFoundError
from backoffice.pricefiles.models import PriceImport, PriceImportRow, SupplierMapping
from backoffice.pricefiles.parse import read_table
from backoffice.pricefiles.preview import (
    CHANGED,
    COLUMNS,
    KINDS,
    NEW,
    catalog_prices,
    classify,
    tally,
)
from backoffice.pricefiles.progress import Progress
from backoffice.products.models import PriceChange, Product, ProductGtin
from backoffice.products.service import get_product, publish
from retail import wire
from retail.vat.rates import VatClass
from retail.wire.common import Gtin14, NonNegativeOre, ProductName, Sku


def save_mapping(
    *, session: Session, supplier: str, columns: dict[str, str], now: datetime
) -> SupplierMapping:
    row = session.get(SupplierMapping, supplier)
    if row is None:
        row = SupplierMapping(supplier=supplier, columns=columns, updated_at=now)
        session.add(row)
    row.columns, row.updated_at = columns, now
    session.flush()
    return row


def get_mapping(session: Session, supplier: str) -> dict[str, str]:
    row = session.get(SupplierMapping, supplier)
    if row is None:
        raise NotFoundError(f"no column mapping saved for supplier {supplier!r}")
    return dict(row.columns)


class Previewed(NamedTuple):
    """A preview kept, and how many of its rows are of each kind (as `counts` reads them)."""

    record: PriceImport
    counts: dict[str, int]


def preview_file(
    *,
    session: Session,
    supplier: str,
    filename: str,
    data: bytes,
    now: datetime,
    progress: Progress | None = None,
) -> Previewed:
    """Read `data` with the supplier's mapping and keep the preview of every row; answers it
    with its counts (counted as the rows were judged, not read back)."""
    mapping = get_mapping(session, supplier)
    table = read_table(filename, data)
    rows = classify(session, table, mapping, now, progress)
    record = PriceImport(
        supplier=supplier,
        filename=filename[:200],
        encoding=table.encoding,
        delimiter=table.delimiter,
        status="previewed",
        rows_total=len(rows),
        rows_done=len(rows),
        created_at=now,
    )
    session.add(record)
    session.flush()
    insert_many(
        session,
        _table(PriceImportRow),
        ("import_id", *COLUMNS),
        [(record.id, *row) for row in rows],
    )
    return Previewed(record, tally(rows))


def counts(session: Session, import_id: int) -> dict[str, int]:
    """How many of a kept preview's rows are of each kind (every kind named)."""
    found = Counter(
        dict(
            session.execute(
                select(PriceImportRow.kind, func.count())
                .where(PriceImportRow.import_id == import_id)
                .group_by(PriceImportRow.kind)
            ).all()
        )
    )
    return {kind: found[kind] for kind in KINDS}


def get_import(session: Session, import_id: int) -> PriceImport:
    record = session.get(PriceImport, import_id)
    if record is None:
        raise NotFoundError(f"no price file import {import_id}")
    return record


def discard_import(*, session: Session, import_id: int) -> dict[str, int]:
    """Throw away a preview that is not applied: its rows are removed (so a discarded file
    never fills in a new product) and the import is kept as discarded. Answers the counts the
    preview had. An applied or already discarded import is a 409 and nothing changes."""
    record = session.get(PriceImport, import_id, with_for_update=True)
    if record is None:
        raise NotFoundError(f"no price file import {import_id}")
    if record.status == "applied":
        raise ConflictError(
            f"price file import {import_id} is applied: its prices are in the catalog and it "
            "cannot be discarded (upload a corrected file instead)"
        )
    if record.status != "previewed":
        raise ConflictError(f"price file import {import_id} is already {record.status}")
    before = counts(session, import_id)
    session.execute(delete(PriceImportRow).where(PriceImportRow.import_id == import_id))
    record.status = "discarded"
    session.flush()
    return before


def apply_import(
    *,
    session: Session,
    import_id: int,
    vat_class: VatClass,
    now: datetime,
    progress: Progress | None = None,
) -> PriceImport:
    """Apply the new and changed rows of a preview; refused rows stay as reported. The caller
    commits once: every row is applied or none. A catalog changed since the preview is a 409."""
    record = session.get(PriceImport, import_id, with_for_update=True)
    if record is None:
        raise NotFoundError(f"no price file import {import_id}")
    if record.status != "previewed":
        raise ConflictError(f"price file import {import_id} is {record.status}")
    rows = [
        Applied(*row)
        for row in session.execute(
            select(*(PriceImportRow.__table__.c[name] for name in Applied._fields))
            .where(PriceImportRow.import_id == import_id, PriceImportRow.kind.in_((NEW, CHANGED)))
            .order_by(PriceImportRow.line)
        )
    ]
    known, skus = catalog_prices(session, now, [r.gtin for r in rows], [r.sku for r in rows])
    for row in rows:
        hit = known.get(row.gtin or "")
        stale = (hit is not None or row.sku in skus) if row.kind == NEW else hit is None
        if stale or (hit is not None and hit.price_ore != row.old_price_ore):
            raise ConflictError(
                f"line {row.line}: the catalog changed since the preview; preview the file again"
            )
    tell = progress or (lambda _done, _total: None)
    tell(len(rows) // 4, len(rows))  # checked against the catalog
    source = f"pricefile:{import_id}"
    new = [r for r in rows if r.kind == NEW]
    _create(session, new, record.supplier, vat_class, now)
    _write_prices(session, import_id, source, now)
    tell(len(rows) // 2, len(rows))  # products and prices written
    _publish(session, import_id, rows, now)
    tell(len(rows), len(rows))  # the stores' catalog written
    record.status, record.applied_at = "applied", now
    session.flush()
    return record


class Applied(NamedTuple):
    """A preview row that applying changes something for (new or changed), read as columns."""

    line: int
    kind: str
    gtin: str
    sku: str
    name: str
    brand: str
    category: str
    price_ore: int
    old_price_ore: int | None
    cost_price_ore: int | None


def _write_prices(session: Session, import_id: int, source: str, now: datetime) -> None:
    """The new products' GTINs, every applied row's price change and the changed products'
    cost prices, each one statement from the preview's rows in the database (no row through
    Python): the products are found by SKU there."""
    preview = PriceImportRow.__table__
    mine = preview.c.import_id == import_id
    products = _table(Product)
    session.execute(
        insert(_table(ProductGtin)).from_select(
            ["gtin", "product_id"],
            select(preview.c.gtin, products.c.id)
            .join(products, products.c.sku == preview.c.sku)
            .where(mine, preview.c.kind == NEW)
            .order_by(preview.c.line),
        )
    )
    session.execute(
        insert(_table(PriceChange)).from_select(
            ["product_id", "store_id", "price_ore", "effective_at", "created_at", "source"],
            select(
                products.c.id,
                null(),
                preview.c.price_ore,
                literal(now, products.c.updated_at.type),
                literal(now, products.c.updated_at.type),
                literal(source, String),
            )
            .join(products, products.c.sku == preview.c.sku)
            .where(mine, preview.c.kind.in_((NEW, CHANGED)))
            .order_by(preview.c.line),
        )
    )
    costs = (  # the last line of a SKU wins, as when each row was written in turn
        select(
            preview.c.sku,
            preview.c.cost_price_ore,
            func.row_number()
            .over(partition_by=preview.c.sku, order_by=preview.c.line.desc())
            .label("nth"),
        )
        .where(mine, preview.c.kind == CHANGED, preview.c.cost_price_ore.is_not(None))
        .subquery()
    )
    session.execute(
        update(products)
        .where(products.c.sku == costs.c.sku, costs.c.nth == 1)
        .values(cost_price_ore=costs.c.cost_price_ore, updated_at=now)
    )


def _table(model: type[Any]) -> Any:
    return model.__table__


def _create(
    session: Session, rows: list[Applied], supplier: str, vat: VatClass, now: datetime
) -> None:
    insert_many(
        session,
        _table(Product),
        (
            "sku",
            "name",
            "brand",
            "category",
            "unit",
            "article",
            "vat_class",
            "deposit",
            "age_limit",
            "essential",
            "supplier",
            "cost_price_ore",
            "content_amount",
            "content_unit",
            "search_text",
            "active",
            "created_at",
            "updated_at",
        ),
        [
            (
                r.sku,
                r.name,
                r.brand,
                r.category,
                wire.Unit.PIECE.value,
                None,
                vat.value,
                "none",
                0,
                False,
                supplier,
                r.cost_price_ore,
                None,
                None,
                " ".join(p for p in (r.name, r.brand, r.category, r.sku, r.gtin) if p).lower()[
                    :600
                ],
                True,
                now,
                now,
            )
            for r in rows
        ],
    )


def _publish(session: Session, import_id: int, rows: list[Applied], now: datetime) -> None:
    """Give each product its new price in the catalog the stores pull, one revision each (the
    n-th applied row's is the n-th taken). A product with prices of a store's own goes through
    `publish` (its timelines recomputed); every other catalog row is one `UPDATE ... FROM` (its
    body's price set in the database) or one `INSERT ... SELECT` (its body built there, from
    values validated here as the wire's `Product` validates them) from the preview's rows."""
    if not rows:
        return
    preview = PriceImportRow.__table__
    catalog = _table(CatalogProduct)
    products = _table(Product)
    revision = take_revisions(session, len(rows))
    own = set(
        session.scalars(
            select(CatalogStorePrice.sku)
            .join(preview, preview.c.sku == CatalogStorePrice.sku)
            .where(preview.c.import_id == import_id, preview.c.kind.in_((NEW, CHANGED)))
            .distinct()
        )
    )
    for r in rows:
        if r.sku in own:
            publish(session=session, product=get_product(session=session, sku=r.sku), now=now)
    numbered = (  # each applied row's revision; a SKU twice in a file: its last line's
        select(
            preview.c.line,
            preview.c.sku,
            preview.c.gtin,
            preview.c.name,
            preview.c.price_ore,
            (func.row_number().over(order_by=preview.c.line) - 1 + revision).label("revision"),
            func.row_number()
            .over(partition_by=preview.c.sku, order_by=preview.c.line.desc())
            .label("nth"),
        )
        .where(preview.c.import_id == import_id, preview.c.kind.in_((NEW, CHANGED)))
        .subquery()
    )
    mine = and_(numbered.c.nth == 1, numbered.c.sku.not_in(own) if own else true())
    postgres = session.get_bind().dialect.name == "postgresql"
    session.execute(
        update(catalog)
        .where(catalog.c.sku == numbered.c.sku, mine)
        .values(
            body=_with_price(catalog.c.body, numbered.c.price_ore, postgres=postgres),
            revision=numbered.c.revision,
            deleted=False,
            updated_at=now,
        )
    )
    fresh = (
        select(
            numbered.c.sku,
            null(),
            _body(numbered.c, products.c.vat_class, postgres=postgres),
            false(),
            numbered.c.revision,
            literal(now, catalog.c.updated_at.type),
            null(),
        )
        .join(products, products.c.sku == numbered.c.sku)
        .where(mine, ~exists().where(catalog.c.sku == numbered.c.sku))
        .order_by(numbered.c.line)
    )
    made = session.scalars(
        insert(catalog)
        .from_select(
            ["sku", "store_id", "body", "deleted", "revision", "updated_at", "next_price_at"],
            fresh,
        )
        .returning(catalog.c.sku)
    ).all()
    # checked once written (a refused value raises, and the caller's transaction is rolled back)
    last = {r.sku: r for r in rows}  # in line order: a SKU's last line, as `nth == 1`
    _validate([(sku, last[sku].name, last[sku].gtin, last[sku].price_ore) for sku in made])
    session.flush()


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
