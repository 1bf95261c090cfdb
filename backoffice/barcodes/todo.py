"""The owner's list of barcodes the stores scanned but did not know, per store and code with
how often and when last, and "make this a product" in one step: the GTIN filled in, the rest
from the newest price-file row of that GTIN when there is one. A code that is a product now
is off the list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backoffice.barcodes.models import UnknownBarcode
from backoffice.errors import BackofficeError, ConflictError
from backoffice.pricefiles.models import PriceImport, PriceImportRow
from backoffice.products.models import Product, ProductGtin
from backoffice.products.schemas import ProductInput
from backoffice.products.service import save_product
from backoffice.stores.models import Store
from retail.barcodes import from_gtin14
from retail.vat.rates import VatClass


@dataclass(frozen=True, slots=True)
class Suggestion:
    """What the newest price file says of a GTIN."""

    name: str
    brand: str
    category: str
    price_ore: int | None
    cost_price_ore: int | None
    supplier: str


@dataclass(frozen=True, slots=True)
class Unknown:
    store: str
    code: str
    count: int
    first_seen: datetime
    last_seen: datetime
    suggestion: Suggestion | None


def suggestions(session: Session, codes: set[str]) -> dict[str, Suggestion]:
    """GTIN-14 -> its row of the newest price file that priced it."""
    found: dict[str, Suggestion] = {}
    if not codes:
        return found
    query = (
        select(PriceImportRow, PriceImport.supplier)
        .join(PriceImport, PriceImport.id == PriceImportRow.import_id)
        .where(PriceImportRow.gtin.in_(codes), PriceImportRow.price_ore.is_not(None))
        .order_by(PriceImportRow.import_id.desc(), PriceImportRow.line.desc())
    )
    for row, supplier in session.execute(query):
        if row.gtin is not None and row.gtin not in found:
            found[row.gtin] = Suggestion(
                row.name, row.brand, row.category, row.price_ore, row.cost_price_ore, supplier
            )
    return found


def unknown_barcodes(session: Session, store_ids: list[int]) -> list[Unknown]:
    """Per store and code, most recently seen first; codes that are products now left out."""
    query = (
        select(
            Store.slug,
            UnknownBarcode.product_key,
            func.count(),
            func.min(UnknownBarcode.scanned_at),
            func.max(UnknownBarcode.scanned_at),
        )
        .join(Store, Store.id == UnknownBarcode.store_id)
        .where(UnknownBarcode.product_key.not_in(select(ProductGtin.gtin)))
        .where(
            UnknownBarcode.product_key.not_in(
                select(Product.article).where(Product.article.is_not(None))
            )
        )
        .group_by(Store.slug, UnknownBarcode.product_key)
    )
    query = query.where(UnknownBarcode.store_id.in_(store_ids))
    found = session.execute(query).all()
    hints = suggestions(session, {code for _, code, *_ in found})
    items = [
        Unknown(slug, code, count, first, last, hints.get(code))
        for slug, code, count, first, last in found
    ]
    return sorted(items, key=lambda u: (u.last_seen, u.store, u.code), reverse=True)


class NotAGtinError(BackofficeError):
    status_code = 422


def make_product(
    *,
    session: Session,
    code: str,
    now: datetime,
    name: str | None = None,
    price_ore: int | None = None,
    vat_class: VatClass = VatClass.FOOD,
) -> Product:
    """A product for the unknown GTIN-14 `code`: given fields win, the rest from the newest
    price file; its SKU is the code as printed (EAN-13 for a European one)."""
    if len(code) != 14 or not code.isdigit():
        raise NotAGtinError(
            "only a GTIN becomes a product this way; a price or weight label's article is"
            " set on the product it belongs to"
        )
    if session.scalar(select(ProductGtin.product_id).where(ProductGtin.gtin == code)):
        raise ConflictError(f"{from_gtin14(code)} is already a product")
    hint = suggestions(session, {code}).get(code)
    name = name or (hint.name if hint else "")
    price = price_ore if price_ore is not None else (hint.price_ore if hint else None)
    if not name or price is None:
        raise BackofficeError("no price file names this code: give its name and price")
    sku = from_gtin14(code)
    if session.scalar(select(Product.id).where(Product.sku == sku)):
        raise ConflictError(f"SKU {sku} is another product's")
    data = ProductInput(
        sku=sku,
        name=name,
        brand=hint.brand if hint else "",
        category=hint.category if hint else "",
        gtins=[code],
        price_ore=price,
        vat_class=vat_class,
        supplier=hint.supplier if hint else "",
        cost_price_ore=hint.cost_price_ore if hint else None,
    )
    return save_product(session=session, data=data, now=now, source="unknown-barcode")
