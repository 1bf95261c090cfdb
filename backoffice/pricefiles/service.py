"""Price files: save a supplier's column mapping, preview a file, apply a preview (every row
that is not refused, in one transaction: all of them or none)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import (
    Boolean,
    Integer,
    String,
    delete,
    func,
    insert,
    literal,
    null,
    select,
    update,
)
from sqlalchemy.orm import Session

from backoffice.db.bulk import insert_many
from backoffice.errors import ConflictError, NotFoundError
from backoffice.pricefiles.models import PriceImport, PriceImportRow, SupplierMapping
from backoffice.pricefiles.parse import read_table
from backoffice.pricefiles.preview import (
    CHANGED,
    COLUMNS,
    KINDS,
    NEW,
    classify,
    tally,
)
from backoffice.pricefiles.progress import Progress
from backoffice.pricefiles.publish import Applied, publish_prices
from backoffice.pricefiles.stale import first_stale_line
from backoffice.products.models import PriceChange, Product, ProductGtin
from retail import wire
from retail.vat.rates import VatClass


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
    stale = first_stale_line(session, import_id, now)
    if stale is not None:
        raise ConflictError(
            f"line {stale}: the catalog changed since the preview; preview the file again"
        )
    tell = progress or (lambda _done, _total: None)
    tell(len(rows) // 4, len(rows))  # checked against the catalog
    source = f"pricefile:{import_id}"
    _create(session, import_id, record.supplier, vat_class, now)
    _write_prices(session, import_id, source, now)
    tell(len(rows) // 2, len(rows))  # products and prices written
    publish_prices(session, import_id, rows, now)
    tell(len(rows), len(rows))  # the stores' catalog written
    record.status, record.applied_at = "applied", now
    session.flush()
    return record


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


def _create(session: Session, import_id: int, supplier: str, vat: VatClass, now: datetime) -> None:
    """The new rows' products, one `INSERT ... SELECT` from the preview's rows (no row through
    Python): their search text was made at the preview, by the products' own function."""
    preview = _table(PriceImportRow)
    products = _table(Product)
    stamp = literal(now, products.c.updated_at.type)
    values = {
        "sku": preview.c.sku,
        "name": preview.c.name,
        "brand": preview.c.brand,
        "category": preview.c.category,
        "unit": literal(wire.Unit.PIECE.value, String),
        "vat_class": literal(vat.value, String),
        "deposit": literal("none", String),
        "age_limit": literal(0, Integer),
        "essential": literal(False, Boolean),
        "supplier": literal(supplier, String),
        "cost_price_ore": preview.c.cost_price_ore,
        "search_text": preview.c.search_text,
        "active": literal(True, Boolean),
        "created_at": stamp,
        "updated_at": stamp,
    }
    session.execute(
        insert(products).from_select(
            list(values),
            select(*values.values())
            .where(preview.c.import_id == import_id, preview.c.kind == NEW)
            .order_by(preview.c.line),
        )
    )
