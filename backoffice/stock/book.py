"""The stock book: on hand per store and product is the sum of every movement, the stores'
reported ones (sales, refunds, their own corrections) and the backoffice's (deliveries, waste,
stocktakes, transfers). A sale counts once: through the store's sale movement, never its sale row.

A negative sum is not a quantity: it says the book is missing a delivery or a count, and is shown
as "needs a count". `StockOnHand` is kept in the same transaction as a running total for the
alert rules and reports; the book itself always reads the sums.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, union_all
from sqlalchemy.orm import Session

from backoffice.db.dialect import insert_rows, pg_connection, upsert_insert
from backoffice.products.models import Product, ProductGtin
from backoffice.stock.book_models import StockBookEntry
from backoffice.stock.feed import lock_store_book
from backoffice.stock.models import StockMovement, StockOnHand

ADD_TO_ON_HAND = """
INSERT INTO stock_on_hand AS held (store_id, product_key, quantity, weight_g, updated_at)
SELECT %s, t.product_key, t.quantity, t.weight_g, %s
FROM unnest(%s::text[], %s::bigint[], %s::bigint[]) WITH ORDINALITY
    AS t(product_key, quantity, weight_g, n)
ORDER BY t.n
ON CONFLICT (store_id, product_key) DO UPDATE SET
    quantity = held.quantity + excluded.quantity,
    weight_g = held.weight_g + excluded.weight_g,
    updated_at = excluded.updated_at"""
"""The upsert on PostgreSQL: one fixed text on the driver whatever the number of products (as a
multi-row VALUES, SQLAlchemy compiled it afresh every time: ~3 ms of a sync push's Python)."""

KINDS = frozenset({"delivery", "waste", "stocktake", "transfer_out", "transfer_in"})


@dataclass(frozen=True, slots=True)
class Move:
    product_key: str
    quantity_delta: int
    weight_delta_g: int = 0
    cost_ore: int | None = None


def add_to_on_hand(
    session: Session, store_id: int, totals: Mapping[str, tuple[int, int]], now: datetime
) -> None:
    """Add (pieces, grams) per product to the running totals: one atomic upsert for all of
    them (one round trip, not one per product), its rows in sorted order so that two
    transactions touching the same rows always lock them in the same order."""
    if not totals:
        return
    keys = sorted(totals)
    connection = pg_connection(session)
    if connection is not None:
        quantities = [totals[key][0] for key in keys]
        weights = [totals[key][1] for key in keys]
        connection.execute(ADD_TO_ON_HAND, (store_id, now, keys, quantities, weights))
        return
    statement = upsert_insert(session, StockOnHand).values(
        [
            {
                "store_id": store_id,
                "product_key": product_key,
                "quantity": totals[product_key][0],
                "weight_g": totals[product_key][1],
                "updated_at": now,
            }
            for product_key in keys
        ]
    )
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["store_id", "product_key"],
            set_={
                "quantity": StockOnHand.quantity + statement.excluded.quantity,
                "weight_g": StockOnHand.weight_g + statement.excluded.weight_g,
                "updated_at": statement.excluded.updated_at,
            },
        )
    )


def book(
    session: Session,
    *,
    store_id: int,
    kind: str,
    source: str,
    moves: Iterable[Move],
    now: datetime,
    reason: str = "",
) -> int:
    """Write `moves` as rows of the book and add them to on hand; how many rows."""
    if kind not in KINDS:
        raise ValueError(f"unknown movement kind {kind!r}")
    rows = [
        {
            "store_id": store_id,
            "product_key": m.product_key,
            "quantity_delta": m.quantity_delta,
            "weight_delta_g": m.weight_delta_g,
            "kind": kind,
            "reason": reason,
            "source": source,
            "cost_ore": m.cost_ore,
            "created_at": now,
        }
        for m in moves
        if m.quantity_delta or m.weight_delta_g
    ]
    if not rows:
        return 0
    lock_store_book(session, store_id)
    insert_rows(session, StockBookEntry, rows)
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        totals[str(row["product_key"])][0] += int(str(row["quantity_delta"]))
        totals[str(row["product_key"])][1] += int(str(row["weight_delta_g"]))
    add_to_on_hand(session, store_id, {k: (q, g) for k, (q, g) in totals.items()}, now)
    return len(rows)


def sums(
    session: Session, store_id: int, product_keys: Iterable[str] | None = None
) -> dict[str, tuple[int, int]]:
    """(pieces, grams) per product: the sum of every movement of the store."""
    reported = select(
        StockMovement.product_key.label("key"),
        StockMovement.quantity_delta.label("q"),
        StockMovement.weight_delta_g.label("g"),
    ).where(StockMovement.store_id == store_id)
    own = select(
        StockBookEntry.product_key.label("key"),
        StockBookEntry.quantity_delta.label("q"),
        StockBookEntry.weight_delta_g.label("g"),
    ).where(StockBookEntry.store_id == store_id)
    if product_keys is not None:
        keys = list(product_keys)
        reported = reported.where(StockMovement.product_key.in_(keys))
        own = own.where(StockBookEntry.product_key.in_(keys))
    both = union_all(reported, own).subquery()
    query = select(both.c.key, func.sum(both.c.q), func.sum(both.c.g)).group_by(both.c.key)
    return {str(k): (int(q or 0), int(g or 0)) for k, q, g in session.execute(query)}


@dataclass(frozen=True, slots=True)
class ProductRef:
    product_id: int
    name: str
    cost_ore: int | None
    unit: str


def products_by_key(session: Session, keys: Iterable[str]) -> dict[str, ProductRef]:
    """The catalog's product of each product key (a GTIN-14 or an 8-digit article)."""
    wanted = set(keys)
    gtins = [k for k in wanted if len(k) == 14]
    articles = [k for k in wanted if len(k) == 8]
    found: dict[str, ProductRef] = {}
    if gtins:
        query = select(ProductGtin.gtin, Product).join(Product).where(ProductGtin.gtin.in_(gtins))
        for gtin, p in session.execute(query):
            found[gtin] = ProductRef(p.id, p.name, p.cost_price_ore, p.unit)
    if articles:
        for p in session.scalars(select(Product).where(Product.article.in_(articles))):
            assert p.article is not None
            found[p.article] = ProductRef(p.id, p.name, p.cost_price_ore, p.unit)
    return found


@dataclass(frozen=True, slots=True)
class BookLine:
    product_key: str
    name: str | None
    quantity: int | None
    """None when the sum is negative: the book needs a count."""
    weight_g: int | None
    needs_count: bool
    cost_value_ore: int | None
    """At the catalog's cost price; None without one, or while the line needs a count."""


def stock_book(session: Session, store_id: int) -> list[BookLine]:
    totals = sums(session, store_id)
    refs = products_by_key(session, totals)
    lines = []
    for key in sorted(totals):
        quantity, grams = totals[key]
        ref = refs.get(key)
        negative = quantity < 0 or grams < 0
        value = None
        if ref is not None and ref.cost_ore is not None and not negative:
            per_kg = ref.unit == "kg"
            value = ref.cost_ore * grams // 1000 if per_kg else ref.cost_ore * quantity
        lines.append(
            BookLine(
                product_key=key,
                name=ref.name if ref else None,
                quantity=None if negative else quantity,
                weight_g=None if negative else grams,
                needs_count=negative,
                cost_value_ore=value,
            )
        )
    return lines
