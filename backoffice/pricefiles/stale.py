"""Has the catalog changed since a preview? Checked in the database, over the preview's rows
there (no row read into Python): a new row's GTIN or SKU now taken, a changed row's GTIN gone or
its product's price in effect no longer the one the preview saw."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session

from backoffice.pricefiles.models import PriceImportRow
from backoffice.pricefiles.preview import CHANGED, NEW, price_in_effect
from backoffice.products.models import Product, ProductGtin

_PREVIEW: Any = PriceImportRow.__table__
_GTINS: Any = ProductGtin.__table__
_PRODUCTS: Any = Product.__table__


def first_stale_line(session: Session, import_id: int, now: datetime) -> int | None:
    """The first line (in file order) of the preview's new and changed rows that the catalog
    no longer agrees with, or None if it agrees with every one."""
    row, code = _PREVIEW.c, _GTINS.c
    taken = exists().where(_PRODUCTS.c.sku == row.sku)
    stale = or_(
        and_(row.kind == NEW, or_(code.gtin.is_not(None), taken)),
        and_(
            row.kind == CHANGED,
            or_(
                code.gtin.is_(None),
                price_in_effect(code.product_id, now).is_distinct_from(row.old_price_ore),
            ),
        ),
    )
    return session.scalar(
        select(func.min(row.line))
        .select_from(_PREVIEW.outerjoin(_GTINS, code.gtin == row.gtin))
        .where(row.import_id == import_id, row.kind.in_((NEW, CHANGED)), stale)
    )
