"""Stock value, shrinkage from stocktakes and waste, from what the stores report.

Valued at the shelf price (VAT included) of today's catalog, and at cost where the product has a
cost price (the seam in `catalog_seams`, read by `ProductsFacts`). A stocktake movement is the
counted level minus the expected one, so its sum is the shrinkage (negative = missing).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.reports.catalog_seams import ProductFact, ProductFacts
from backoffice.reports.figures import Figures
from backoffice.reports.products_facts import ProductsFacts
from backoffice.reports.scope import ReportScope
from backoffice.reports.sources import total
from backoffice.stock.models import StockMovement, StockOnHand
from retail.money import Money


class StockRow(Figures):
    store_id: int
    product_key: str
    name: str | None
    quantity: int
    weight_g: int
    shelf_value_ore: int | None
    cost_value_ore: int | None


class StockReport(Figures):
    rows: tuple[StockRow, ...]
    shelf_value_ore: int
    """Sum over the rows whose shelf price is known."""
    cost_value_ore: int | None
    """None until every row has a cost price."""
    unpriced_products: int


def _value(unit: int | None, quantity: int, weight_g: int) -> int | None:
    if unit is None:
        return None
    return Money(unit).for_weight(weight_g).ore if weight_g else unit * quantity


def _report(
    rows: Iterable[tuple[int, str, int, int]], known: dict[str, ProductFact]
) -> StockReport:
    result = []
    for store_id, key, quantity, grams in rows:
        fact = known.get(key, ProductFact())
        result.append(
            StockRow(
                store_id=store_id,
                product_key=key,
                name=fact.name,
                quantity=quantity,
                weight_g=grams,
                shelf_value_ore=_value(fact.price_ore, quantity, grams),
                cost_value_ore=_value(fact.cost_ore, quantity, grams),
            )
        )
    costs = [r.cost_value_ore for r in result]
    return StockReport(
        rows=tuple(result),
        shelf_value_ore=sum(r.shelf_value_ore or 0 for r in result),
        cost_value_ore=None if None in costs else sum(c or 0 for c in costs),
        unpriced_products=sum(1 for r in result if r.shelf_value_ore is None),
    )


def stock_value(
    *, session: Session, store_ids: tuple[int, ...], facts: ProductFacts | None = None
) -> StockReport:
    """On hand now, per store and product, and what it is worth."""
    query = (
        select(
            StockOnHand.store_id,
            StockOnHand.product_key,
            StockOnHand.quantity,
            StockOnHand.weight_g,
        )
        .where(StockOnHand.store_id.in_(store_ids))
        .order_by(StockOnHand.store_id, StockOnHand.product_key)
    )
    rows = [(int(a), str(b), int(c), int(d)) for a, b, c, d in session.execute(query)]
    known = (facts or ProductsFacts()).facts(session, store_ids, {r[1] for r in rows})
    return _report(rows, known)


def movements(
    *, session: Session, scope: ReportScope, reason: str, facts: ProductFacts | None = None
) -> StockReport:
    """Movements for `reason` ("stocktake": shrinkage, "waste") in the range, per product."""
    query = (
        select(
            StockMovement.store_id,
            StockMovement.product_key,
            total(StockMovement.quantity_delta),
            total(StockMovement.weight_delta_g),
        )
        .where(
            StockMovement.store_id.in_(scope.store_ids),
            StockMovement.reason == reason,
            StockMovement.occurred_at >= scope.utc_start,
            StockMovement.occurred_at < scope.utc_end,
        )
        .group_by(StockMovement.store_id, StockMovement.product_key)
        .order_by(StockMovement.store_id, StockMovement.product_key)
    )
    rows = [(int(a), str(b), int(c), int(d)) for a, b, c, d in session.execute(query)]
    known = (facts or ProductsFacts()).facts(session, scope.store_ids, {r[1] for r in rows})
    return _report(rows, known)
