"""Classify a price file's rows against the catalog: new, changed, unchanged, or refused with
the reason (bad GTIN or check digit, missing or negative price, a GTIN given twice...)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.db.bulk import lookup
from backoffice.pricefiles.parse import Table, cells, indexes, parse_ore
from backoffice.pricefiles.progress import Progress, tell
from backoffice.products.models import PriceChange, Product, ProductGtin
from retail.barcodes import InvalidBarcodeError, to_gtin14
from retail.money import MAX_AMOUNT_ORE

NEW, CHANGED, UNCHANGED, ERROR = "new", "changed", "unchanged", "error"


@dataclass(frozen=True, slots=True)
class Known:
    product_id: int
    sku: str
    price_ore: int | None


def catalog_prices(
    session: Session, now: datetime, gtins: Collection[str], skus: Collection[str]
) -> tuple[dict[str, Known], set[str]]:
    """For `gtins` only: GTIN -> the product it finds with every store's price in effect; and
    which of `skus` are taken. A few queries by key, never the whole catalog."""
    return known_prices(session, now, gtins), taken_skus(session, skus)


def known_prices(session: Session, now: datetime, gtins: Collection[str]) -> dict[str, Known]:
    """GTIN -> the product it finds with every store's price in effect at `now` (the latest
    change at or before it; of two at one moment the later made), for `gtins` only: one query,
    the price picked in the database (no timestamp read into Python)."""
    codes, products, changes = (
        ProductGtin.__table__.c,
        Product.__table__.c,
        PriceChange.__table__.c,
    )
    price = (
        select(changes.price_ore)
        .where(
            changes.product_id == codes.product_id,
            changes.store_id.is_(None),
            changes.effective_at <= now,
        )
        .order_by(changes.effective_at.desc(), changes.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    found = lookup(
        session,
        select(codes.gtin, codes.product_id, products.sku, price).join(
            Product.__table__, products.id == codes.product_id
        ),
        codes.gtin,
        gtins,
    )
    return {gtin: Known(product_id, sku, ore) for gtin, product_id, sku, ore in found}


def taken_skus(session: Session, skus: Collection[str]) -> set[str]:
    """Which of `skus` are products' already."""
    sku = Product.__table__.c.sku
    return {taken for (taken,) in lookup(session, select(sku), sku, skus)}


def _printed(gtin14: str) -> str:
    """A new product's SKU: its GTIN as printed (EAN-13 for a European one); `from_gtin14`
    without validating a second time what `_gtin` validated."""
    if gtin14.startswith("000000"):
        return gtin14[6:]
    if gtin14.startswith("00"):
        return gtin14[2:]
    return gtin14[1:] if gtin14.startswith("0") else gtin14


def classify(
    session: Session,
    table: Table,
    mapping: dict[str, str],
    now: datetime,
    progress: Progress | None = None,
) -> list[dict[str, Any]]:
    """One row dict per data row (the columns of `PriceImportRow` but `import_id`), against
    the catalog as it is for the file's own GTINs."""
    where = indexes(table.headings, mapping)
    read = list(cells(table, where))
    parsed = [_gtin(v.get("gtin", "")) for _, v in read]
    counts = Counter(gtin for gtin, _ in parsed)
    printed = {g: _printed(g) for g in counts if g is not None}
    known, skus = catalog_prices(session, now, list(printed), list(printed.values()))
    rows: list[dict[str, Any]] = []
    for (line, values), (gtin, gtin_error) in zip(read, parsed, strict=True):
        tell(progress, len(rows), len(read))
        row: dict[str, Any] = {
            "line": line,
            "gtin": gtin,
            "name": values.get("name", "")[:120],
            "brand": values.get("brand", "")[:80],
            "category": values.get("category", "")[:80],
            "price_ore": None,
            "old_price_ore": None,
            "cost_price_ore": None,
            "sku": None,
            "error": None,
        }
        errors = [gtin_error] if gtin_error else []
        if gtin is not None and counts[gtin] > 1:
            errors.append(f"duplicate GTIN: {counts[gtin]} rows give {gtin}")
        try:
            row["price_ore"] = _amount(values.get("price", ""))
        except ValueError as exc:
            errors.append(str(exc))
        if values.get("cost_price"):
            try:
                row["cost_price_ore"] = _amount(values["cost_price"])
            except ValueError as exc:
                errors.append(f"cost price: {exc}")
        hit = known.get(gtin) if gtin else None
        if hit is None and gtin is not None:
            row["sku"] = printed[gtin]
            if not row["name"]:
                errors.append("a new product needs a name")
            if row["sku"] in skus:
                errors.append(f"SKU {row['sku']} is another product's")
        elif hit is not None:
            row["sku"], row["old_price_ore"] = hit.sku, hit.price_ore
        if errors:
            row["kind"], row["error"] = ERROR, "; ".join(errors)[:200]
        elif hit is None:
            row["kind"] = NEW
        else:
            row["kind"] = UNCHANGED if hit.price_ore == row["price_ore"] else CHANGED
        rows.append(row)
    return rows


def _gtin(text: str) -> tuple[str | None, str | None]:
    code = text.replace(" ", "")
    if not code:
        return None, "missing GTIN"
    try:
        return to_gtin14(code), None
    except InvalidBarcodeError as exc:
        return None, f"GTIN {code[:20]}: {exc}"


def _amount(text: str) -> int:
    ore = parse_ore(text)
    if ore > MAX_AMOUNT_ORE:
        raise ValueError("price too large")
    return ore
