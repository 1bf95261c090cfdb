"""Price files: save a supplier's column mapping, preview a file, apply a preview (every row
that is not refused, in one transaction: all of them or none)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from backoffice.catalog.models import CatalogProduct, CatalogStorePrice
from backoffice.catalog.service import take_revisions
from backoffice.db.dialect import COPY_THRESHOLD, insert_rows
from backoffice.errors import ConflictError, NotFoundError
from backoffice.pricefiles.models import PriceImport, PriceImportRow, SupplierMapping
from backoffice.pricefiles.parse import read_table
from backoffice.pricefiles.preview import CHANGED, NEW, catalog_prices, classify
from backoffice.products.models import PriceChange, Product, ProductGtin
from backoffice.products.service import get_product, publish
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


def preview_file(
    *, session: Session, supplier: str, filename: str, data: bytes, now: datetime
) -> PriceImport:
    """Read `data` with the supplier's mapping and keep the preview of every row."""
    mapping = get_mapping(session, supplier)
    table = read_table(filename, data)
    rows = classify(session, table, mapping, now)
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
    _bulk(session, PriceImportRow, [{"import_id": record.id, **row} for row in rows])
    return record


def counts(session: Session, import_id: int) -> dict[str, int]:
    found = Counter(
        dict(
            session.execute(
                select(PriceImportRow.kind, func.count())
                .where(PriceImportRow.import_id == import_id)
                .group_by(PriceImportRow.kind)
            ).all()
        )
    )
    return {kind: found[kind] for kind in ("new", "changed", "unchanged", "error")}


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
    *, session: Session, import_id: int, vat_class: VatClass, now: datetime
) -> PriceImport:
    """Apply the new and changed rows of a preview; refused rows stay as reported. The caller
    commits once: every row is applied or none. A catalog changed since the preview is a 409."""
    record = session.get(PriceImport, import_id, with_for_update=True)
    if record is None:
        raise NotFoundError(f"no price file import {import_id}")
    if record.status != "previewed":
        raise ConflictError(f"price file import {import_id} is {record.status}")
    rows = list(
        session.scalars(
            select(PriceImportRow).where(
                PriceImportRow.import_id == import_id, PriceImportRow.kind.in_((NEW, CHANGED))
            )
        )
    )
    known, skus = catalog_prices(
        session, now, [str(r.gtin) for r in rows if r.gtin], [str(r.sku) for r in rows if r.sku]
    )
    for row in rows:
        hit = known.get(row.gtin or "")
        stale = (hit is not None or row.sku in skus) if row.kind == NEW else hit is None
        if stale or (hit is not None and hit.price_ore != row.old_price_ore):
            raise ConflictError(
                f"line {row.line}: the catalog changed since the preview; preview the file again"
            )
    source = f"pricefile:{import_id}"
    new = [r for r in rows if r.kind == NEW]
    _create(session, new, record.supplier, vat_class, now)
    ids = (
        dict(
            session.execute(
                select(Product.sku, Product.id).where(Product.sku.in_([r.sku for r in rows]))
            ).all()
        )
        if rows
        else {}
    )
    if new:
        _bulk(
            session,
            ProductGtin,
            [{"gtin": r.gtin, "product_id": ids[str(r.sku)]} for r in new],
        )
    _bulk(
        session,
        PriceChange,
        [
            {
                "product_id": ids[str(r.sku)],
                "store_id": None,
                "price_ore": r.price_ore,
                "effective_at": now,
                "created_at": now,
                "source": source,
            }
            for r in rows
        ],
    )
    costs = [
        {"id": ids[str(r.sku)], "cost_price_ore": r.cost_price_ore, "updated_at": now}
        for r in rows
        if r.kind == CHANGED and r.cost_price_ore is not None
    ]
    if costs:  # one executemany by primary key
        _update_by_id(session, Product, costs)
    _publish(session, rows, now)
    record.status, record.applied_at = "applied", now
    session.flush()
    return record


def _bulk(session: Session, model: type[Any], rows: list[dict[str, Any]]) -> None:
    """Insert `rows` without the ORM's unit of work: COPY on PostgreSQL (`insert_rows`), else
    one Core executemany on the table (the ORM bulk path costs more than the database)."""
    if not rows:
        return
    if len(rows) >= COPY_THRESHOLD and session.get_bind().dialect.name == "postgresql":
        insert_rows(session, model, rows)
        return
    session.execute(insert(model.__table__), rows)


def _update_by_id(session: Session, model: type[Any], rows: list[dict[str, Any]]) -> None:
    """One Core executemany `UPDATE ... WHERE id = ?` (every row with the same keys)."""
    table = model.__table__
    names = [name for name in rows[0] if name != "id"]
    statement = (
        update(table)
        .where(table.c.id == bindparam("key_id"))
        .values({name: bindparam(f"key_{name}") for name in names})
    )
    session.execute(statement, [{f"key_{k}": v for k, v in row.items()} for row in rows])


def _create(
    session: Session, rows: list[PriceImportRow], supplier: str, vat: VatClass, now: datetime
) -> None:
    _bulk(
        session,
        Product,
        [
            {
                "sku": r.sku,
                "name": r.name,
                "brand": r.brand,
                "category": r.category,
                "unit": wire.Unit.PIECE.value,
                "article": None,
                "vat_class": vat.value,
                "deposit": "none",
                "age_limit": 0,
                "essential": False,
                "supplier": supplier,
                "cost_price_ore": r.cost_price_ore,
                "content_amount": None,
                "content_unit": None,
                "search_text": " ".join(
                    p for p in (r.name, r.brand, r.category, r.sku, r.gtin) if p
                ).lower()[:600],
                "active": True,
                "created_at": now,
                "updated_at": now,
            }
            for r in rows
        ],
    )


def _publish(session: Session, rows: list[PriceImportRow], now: datetime) -> None:
    """Give each product its new price in the catalog the stores pull, one revision each. A
    product with prices of a store's own goes through `publish` (its timelines recomputed)."""
    skus = [str(r.sku) for r in rows]
    if not skus:
        return
    own = set(session.scalars(select(CatalogStorePrice.sku).where(CatalogStorePrice.sku.in_(skus))))
    bodies = {
        sku: (row_id, body)
        for row_id, sku, body in session.execute(
            select(CatalogProduct.id, CatalogProduct.sku, CatalogProduct.body).where(
                CatalogProduct.sku.in_(skus)
            )
        )
    }
    revision = take_revisions(session, len(rows))
    fresh: list[tuple[int, PriceImportRow]] = []
    changed: list[dict[str, Any]] = []
    for offset, r in enumerate(rows):
        sku = str(r.sku)
        if sku in own:
            publish(session=session, product=get_product(session=session, sku=sku), now=now)
            continue
        existing = bodies.get(sku)
        if existing is not None:
            changed.append(
                {
                    "id": existing[0],
                    "body": dict(existing[1], price_ore=r.price_ore),
                    "revision": revision + offset,
                    "deleted": False,
                    "updated_at": now,
                }
            )
            continue
        fresh.append((offset, r))
    if changed:  # one executemany by primary key, not one flushed object each
        _update_by_id(session, CatalogProduct, changed)
    if fresh:
        vat = dict(
            session.execute(
                select(Product.sku, Product.vat_class).where(
                    Product.sku.in_([str(r.sku) for _, r in fresh])
                )
            ).all()
        )
        session.execute(  # executemany: COPY does not take the JSON body as a dict
            insert(CatalogProduct.__table__),  # type: ignore[arg-type]
            [
                {
                    "sku": str(r.sku),
                    "store_id": None,
                    "body": wire.Product(
                        sku=str(r.sku),
                        name=r.name,
                        gtins=(str(r.gtin),),
                        price_ore=int(r.price_ore or 0),
                        vat_class=VatClass(vat[str(r.sku)]),
                    ).model_dump(mode="json"),
                    "deleted": False,
                    "revision": revision + offset,
                    "updated_at": now,
                    "next_price_at": None,
                }
                for offset, r in fresh
            ],
        )
    session.flush()
