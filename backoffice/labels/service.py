"""Which labels to print: chosen products, or every product whose price (for the store, or
for every store) took effect since that store's last print; each at the price in effect now."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from backoffice.errors import NotFoundError
from backoffice.labels.models import LabelPrint
from backoffice.labels.pdf import Label, kronor
from backoffice.products.models import PriceChange, Product, ProductGtin
from backoffice.products.queries import comparison
from backoffice.products.service import changes_of
from backoffice.products.timeline import timeline
from backoffice.stores.models import Store
from retail.wire.catalog import Unit

MAX_LABELS = 2000


def last_print(session: Session, store: Store | None) -> datetime | None:
    store_id = store.id if store else None
    return session.scalar(
        select(LabelPrint.printed_at)
        .where(
            LabelPrint.store_id.is_(None) if store_id is None else LabelPrint.store_id == store_id
        )
        .order_by(LabelPrint.printed_at.desc())
        .limit(1)
    )


def changed_skus(session: Session, store: Store | None, now: datetime) -> list[str]:
    """Products whose price took effect after the last print (all of them before a first one)."""
    since = last_print(session, store)
    scope: ColumnElement[bool] = PriceChange.store_id.is_(None)
    if store is not None:
        scope = or_(scope, PriceChange.store_id == store.id)
    query = (
        select(Product.sku)
        .join(PriceChange, PriceChange.product_id == Product.id)
        .where(Product.active, scope, PriceChange.effective_at <= now)
        .distinct()
    )
    if since is not None:
        query = query.where(PriceChange.effective_at > since)
    return sorted(session.scalars(query))


def _ean13(session: Session, product: Product) -> str | None:
    gtins = session.scalars(
        select(ProductGtin.gtin)
        .where(ProductGtin.product_id == product.id)
        .order_by(ProductGtin.gtin)
    ).all()
    return next((g[1:] for g in gtins if g.startswith("0")), None)


def labels_for(
    session: Session, skus: Sequence[str], store: Store | None, now: datetime
) -> list[Label]:
    """A label per SKU (in the order given), at the store's price now."""
    products = {p.sku: p for p in session.scalars(select(Product).where(Product.sku.in_(skus)))}
    missing = [sku for sku in skus if sku not in products]
    if missing:
        raise NotFoundError(f"no product {', '.join(map(repr, missing[:5]))}")
    labels = []
    for sku in skus:
        product = products[sku]
        line = timeline(changes_of(session, product.id), store.id if store else None, now)
        if line is None:
            continue  # priced from a later moment only: no shelf price yet
        price = kronor(line.price_ore)
        per = comparison(product, line.price_ore)
        labels.append(
            Label(
                name=product.name,
                price=f"{price}/kg" if product.unit == Unit.KILOGRAM else price,
                comparison=per.label if per and product.unit != Unit.KILOGRAM else "",
                ean13=_ean13(session, product),
            )
        )
    return labels


def record_print(session: Session, store: Store | None, count: int, now: datetime) -> None:
    session.add(LabelPrint(store_id=store.id if store else None, printed_at=now, labels=count))
    session.flush()


def all_skus(session: Session) -> list[str]:
    """Every active product, by name (a whole shelf's labels)."""
    return list(
        session.scalars(
            select(Product.sku).where(Product.active).order_by(Product.name, Product.id)
        )
    )
