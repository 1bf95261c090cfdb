"""Classify a price file's rows against the catalog: new, changed, unchanged, or refused with
the reason (bad GTIN or check digit, missing or negative price, a GTIN given twice...)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.db.bulk import lookup
from backoffice.pricefiles.parse import FIELDS, Table, indexes, parse_ore
from backoffice.pricefiles.progress import Progress, tell
from backoffice.products.models import PriceChange, Product, ProductGtin
from backoffice.products.service import search_text_of
from retail.barcodes import InvalidBarcodeError, to_gtin14
from retail.barcodes.checkdigit import has_valid_check_digit
from retail.barcodes.gtin import GTIN_LENGTHS
from retail.money import MAX_AMOUNT_ORE

NEW, CHANGED, UNCHANGED, ERROR = "new", "changed", "unchanged", "error"
KINDS = (NEW, CHANGED, UNCHANGED, ERROR)


class Known(NamedTuple):
    """A product a GTIN finds, with its price in effect for every store (a tuple of plain values:
    the collector need not follow the thousands of them a file makes)."""

    product_id: int
    sku: str
    price_ore: int | None


def known_prices(session: Session, now: datetime, gtins: Collection[str]) -> dict[str, Known]:
    """GTIN -> the product it finds with every store's price in effect at `now` (the latest
    change at or before it; of two at one moment the later made), for `gtins` only: one query,
    the price picked in the database (no timestamp read into Python)."""
    codes, products = ProductGtin.__table__.c, Product.__table__.c
    price = price_in_effect(codes.product_id, now)
    found = lookup(
        session,
        select(codes.gtin, codes.product_id, products.sku, price).join(
            Product.__table__, products.id == codes.product_id
        ),
        codes.gtin,
        gtins,
    )
    return {gtin: Known(product_id, sku, ore) for gtin, product_id, sku, ore in found}


def price_in_effect(product_id: Any, now: datetime) -> Any:
    """The price in effect for every store at `now` of the product `product_id` (a column of
    the enclosing query): its latest change at or before `now`, of two at one moment the later
    made; NULL if it has none."""
    changes = PriceChange.__table__.c
    return (
        select(changes.price_ore)
        .where(
            changes.product_id == product_id,
            changes.store_id.is_(None),
            changes.effective_at <= now,
        )
        .order_by(changes.effective_at.desc(), changes.id.desc())
        .limit(1)
        .scalar_subquery()
    )


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


COLUMNS = (
    "line",
    "kind",
    "gtin",
    "name",
    "brand",
    "category",
    "price_ore",
    "old_price_ore",
    "cost_price_ore",
    "sku",
    "error",
    "search_text",
)
"""The columns of `PriceImportRow` but `import_id`, in the order of `classify`'s tuples."""


Cells = tuple[int, str | None, str | None, str, str, str, str, str]
"""A data row as read: line, GTIN-14 or None, why none, and the texts of price, name, brand,
category and cost price (stripped; "" for a field not mapped or a cell the row lacks)."""


def classify(
    session: Session,
    table: Table,
    mapping: dict[str, str],
    now: datetime,
    progress: Progress | None = None,
) -> list[tuple[Any, ...]]:
    """One tuple per data row (the values of `COLUMNS`), against the catalog as it is for the
    file's own GTINs. Plain tuples and functions: one pass to read, one to judge."""
    read, counts = _read(table, indexes(table.headings, mapping))
    printed = {gtin: _printed(gtin) for gtin in counts if gtin is not None}
    known = known_prices(session, now, list(printed))
    skus = taken_skus(session, [sku for gtin, sku in printed.items() if gtin not in known])
    rows: list[tuple[Any, ...]] = []
    total = len(read)
    for done, cells in enumerate(read):
        if progress is not None:
            tell(progress, done, total)
        rows.append(_judge(cells, counts, known, printed, skus))
    return rows


def _read(table: Table, where: dict[str, int]) -> tuple[list[Cells], Counter[str | None]]:
    """Every row's mapped cells with its GTIN validated, and how many rows give each GTIN."""
    # a field not mapped reads the empty cell after the widest row
    blank = max((len(row) for _, row in table.rows), default=0)
    at = [where.get(field, blank) for field in FIELDS]
    gi, pi, ni, bi, ci, ki = at
    span = max(at) + 1
    read: list[Cells] = []
    counts: Counter[str | None] = Counter()
    for line, given in table.rows:
        row = given if len(given) >= span else (*given, *[""] * (span - len(given)))
        gtin, why = _gtin(row[gi].strip())
        counts[gtin] += 1
        cells = row[pi].strip(), row[ni].strip(), row[bi].strip(), row[ci].strip(), row[ki].strip()
        read.append((line, gtin, why, *cells))
    return read, counts


def _judge(
    cells: Cells,
    counts: Counter[str | None],
    known: dict[str, Known],
    printed: dict[str, str],
    skus: set[str],
) -> tuple[Any, ...]:
    """A row's `COLUMNS`: what applying it does, or every reason it is refused."""
    line, gtin, gtin_error, price_text, full_name, brand, category, cost_text = cells
    name = full_name[:120]
    errors = [gtin_error] if gtin_error else []
    if gtin is not None and counts[gtin] > 1:
        errors.append(f"duplicate GTIN: {counts[gtin]} rows give {gtin}")
    price: int | None = None
    try:
        price = _amount(price_text)
    except ValueError as exc:
        errors.append(str(exc))
    cost: int | None = None
    if cost_text:
        try:
            cost = _amount(cost_text)
        except ValueError as exc:
            errors.append(f"cost price: {exc}")
    hit = known.get(gtin) if gtin is not None else None
    sku: str | None = None
    old: int | None = None
    if hit is not None:
        sku, old = hit.sku, hit.price_ore
    elif gtin is not None:
        sku = printed[gtin]
        if not name:
            errors.append("a new product needs a name")
        if sku in skus:
            errors.append(f"SKU {sku} is another product's")
    brand, category = brand[:80], category[:80]
    words: str | None = None
    if errors:
        kind, error = ERROR, "; ".join(errors)[:200]
    elif hit is None:
        kind, error = NEW, None
        words = search_text_of((name, brand, category, sku, gtin))
    else:
        kind, error = (UNCHANGED if old == price else CHANGED), None
    return line, kind, gtin, name, brand, category, price, old, cost, sku, error, words


def tally(rows: Collection[tuple[Any, ...]]) -> dict[str, int]:
    """How many of `classify`'s rows are of each kind (every kind named, in `KINDS` order)."""
    found = Counter(row[1] for row in rows)
    return {kind: found[kind] for kind in KINDS}


def _gtin(text: str) -> tuple[str | None, str | None]:
    """The GTIN-14 of a cell, or why it is none (the reason as `to_gtin14` gives it)."""
    code = text.replace(" ", "")
    if len(code) in GTIN_LENGTHS and has_valid_check_digit(code):
        return code.zfill(14), None  # what `to_gtin14` answers, without validating twice
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
