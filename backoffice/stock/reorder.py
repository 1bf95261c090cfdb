"""The reorder list of a store: per product its minimum level, on hand from the book, the sales
rate over the last weeks (the stores' sale movements net of returns), the days that stock covers,
and how much to order to reach a target cover, rounded up to the pack size when known. Grouped
by supplier; amounts are pieces, or grams for goods sold by weight."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backoffice.db.dialect import upsert_insert
from backoffice.products.models import Product
from backoffice.stock.book import products_by_key, sums
from backoffice.stock.models import StockMovement
from backoffice.stock.reorder_models import ReorderLevel

DEFAULT_WEEKS = 4
DEFAULT_COVER_DAYS = 14
SOLD = ("sale", "return")  # a return puts back what its sale took


@dataclass(frozen=True, slots=True)
class ReorderLine:
    sku: str
    name: str
    supplier: str
    unit: str
    """piece, or kg (amounts are then grams)."""
    on_hand: int | None
    """None while the book's sum is negative: it needs a count (ordered as if empty)."""
    needs_count: bool
    sold: int
    """Net sold over the period."""
    per_day: float
    days_of_cover: float | None
    """None when nothing sold: stock lasts indefinitely."""
    min_level: int | None
    pack_size: int | None
    suggested: int


def _amount(unit: str, quantity: int, grams: int) -> int:
    return grams if unit == "kg" else quantity


def reorder_list(
    session: Session,
    *,
    store_id: int,
    now: datetime,
    weeks: int = DEFAULT_WEEKS,
    cover_days: int = DEFAULT_COVER_DAYS,
    supplier: str | None = None,
) -> list[ReorderLine]:
    """Products with a minimum level in this store or sold in the period, by supplier and name."""
    since = now - timedelta(weeks=weeks)
    sold_rows = session.execute(
        select(
            StockMovement.product_key,
            func.sum(StockMovement.quantity_delta),
            func.sum(StockMovement.weight_delta_g),
        )
        .where(
            StockMovement.store_id == store_id,
            StockMovement.reason.in_(SOLD),
            StockMovement.occurred_at >= since,
            StockMovement.occurred_at <= now,
        )
        .group_by(StockMovement.product_key)
    ).all()
    totals = sums(session, store_id)
    refs = products_by_key(session, set(totals) | {str(k) for k, _q, _g in sold_rows})
    on_hand: dict[int, list[int]] = {}
    for key, (quantity, grams) in totals.items():
        if key in refs:
            row = on_hand.setdefault(refs[key].product_id, [0, 0])
            row[0] += quantity
            row[1] += grams
    sold: dict[int, list[int]] = {}
    for key, quantity, grams in sold_rows:
        if str(key) in refs:
            row = sold.setdefault(refs[str(key)].product_id, [0, 0])
            row[0] -= int(quantity or 0)
            row[1] -= int(grams or 0)
    levels = {
        lv.product_id: lv
        for lv in session.scalars(select(ReorderLevel).where(ReorderLevel.store_id == store_id))
    }
    wanted = set(levels) | {pid for pid, (q, g) in sold.items() if q > 0 or g > 0}
    query = select(Product).where(Product.id.in_(wanted), Product.active.is_(True))
    if supplier is not None:
        query = query.where(Product.supplier == supplier)
    lines = []
    for product in session.scalars(query):
        have = _amount(product.unit, *on_hand.get(product.id, [0, 0]))
        went = max(0, _amount(product.unit, *sold.get(product.id, [0, 0])))
        per_day = went / (7 * weeks)
        level = levels.get(product.id)
        minimum = level.min_level if level else None
        pack = level.pack_size if level else None
        target = max(minimum or 0, math.ceil(per_day * cover_days))
        need = max(0, target - max(have, 0))
        if need and pack:
            need = math.ceil(need / pack) * pack
        lines.append(
            ReorderLine(
                sku=product.sku,
                name=product.name,
                supplier=product.supplier,
                unit=product.unit,
                on_hand=have if have >= 0 else None,
                needs_count=have < 0,
                sold=went,
                per_day=round(per_day, 2),
                days_of_cover=round(max(have, 0) / per_day, 1) if per_day else None,
                min_level=minimum,
                pack_size=pack,
                suggested=need,
            )
        )
    return sorted(lines, key=lambda ln: (ln.supplier.casefold(), ln.name.casefold(), ln.sku))


def set_level(
    session: Session,
    *,
    store_id: int,
    product_id: int,
    min_level: int | None,
    pack_size: int | None,
    now: datetime,
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """Set (or, with min_level None, remove) a product's level in a store: (before, after)."""
    old = session.get(ReorderLevel, (store_id, product_id))
    before = {"min_level": old.min_level, "pack_size": old.pack_size} if old else None
    if min_level is None:
        if old is not None:
            session.delete(old)
            session.flush()
        return before, None
    statement = upsert_insert(session, ReorderLevel).values(
        store_id=store_id,
        product_id=product_id,
        min_level=min_level,
        pack_size=pack_size,
        updated_at=now,
    )
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["store_id", "product_id"],
            set_={"min_level": min_level, "pack_size": pack_size, "updated_at": now},
        )
    )
    session.expire_all()
    return before, {"min_level": min_level, "pack_size": pack_size}


CSV_COLUMNS = ("Artikel", "Namn", "Leverantör", "Enhet", "I lager", "Såld", "Per dag",
               "Dagar kvar", "Miniminivå", "Förpackning", "Beställ")  # fmt: skip


def as_csv(lines: list[ReorderLine], *, bom: bool) -> str:
    """Semicolons and decimal commas, as a Swedish spreadsheet reads them; only lines to order."""

    def cell(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, float):
            text = str(value).replace(".", ",")
        elif isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
            text = "'" + value  # a name is text, never a spreadsheet formula
        else:
            text = str(value)
        if any(c in text for c in ';"\n\r'):
            return '"' + text.replace('"', '""') + '"'
        return text

    rows: list[tuple[object, ...]] = [CSV_COLUMNS]
    for ln in lines:
        if ln.suggested <= 0:
            continue
        unit = "g" if ln.unit == "kg" else "st"
        figures = (ln.on_hand, ln.sold, ln.per_day, ln.days_of_cover, ln.min_level)
        rows.append((ln.sku, ln.name, ln.supplier, unit, *figures, ln.pack_size, ln.suggested))
    body = "".join(";".join(cell(v) for v in row) + "\r\n" for row in rows)
    return ("\ufeff" if bom else "") + body
