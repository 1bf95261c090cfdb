"""Save products and price changes, and publish them to the stores through the catalog sync."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from backoffice.catalog.service import put_product, set_store_prices
from backoffice.errors import ConflictError, NotFoundError
from backoffice.products.models import PriceChange, Product, ProductGtin
from backoffice.products.schemas import DEPOSIT_ORE, Deposit, ProductInput
from backoffice.products.timeline import Change, Timeline, timeline
from retail import wire
from retail.vat.rates import VatClass


def get_product(*, session: Session, sku: str) -> Product:
    product = session.scalar(select(Product).where(Product.sku == sku))
    if product is None:
        raise NotFoundError(f"no product {sku!r}")
    return product


def search_text(data: ProductInput) -> str:
    return search_text_of([data.name, data.brand, data.category, data.sku, *data.gtins])


def search_text_of(parts: Iterable[str | None]) -> str:
    """What the product search matches: name, brand, category, SKU and GTINs, lower-cased by
    Python (Å Ä Ö too, whatever the database's collation)."""
    return " ".join(p for p in parts if p).lower()[:600]


def save_product(
    *, session: Session, data: ProductInput, now: datetime, source: str = "manual"
) -> Product:
    """Create or update the product `data.sku` and publish it; a price that differs from the
    one in effect for every store becomes a price change from `now`."""
    if (data.content_amount is None) != (data.content_unit is None):
        raise ConflictError("a pack's content needs both its amount and its unit")
    if len(set(data.gtins)) != len(data.gtins):
        raise ConflictError("a GTIN is given twice")
    product = session.scalar(select(Product).where(Product.sku == data.sku))
    fields = data.model_dump(exclude={"sku", "gtins", "price_ore"}, mode="json")
    if product is None:
        product = Product(sku=data.sku, created_at=now, **fields)
        session.add(product)
    else:
        for name, value in fields.items():
            setattr(product, name, value)
    product.search_text, product.updated_at = search_text(data), now
    session.flush()
    _set_gtins(session, product, data.gtins)
    current = _timeline(session, product, None, now)
    if current is None or current.price_ore != data.price_ore:
        _add_change(
            session,
            product,
            price_ore=data.price_ore,
            effective_at=now,
            store_id=None,
            now=now,
            source=source,
        )
    publish(session=session, product=product, now=now)
    return product


def _set_gtins(session: Session, product: Product, gtins: list[str]) -> None:
    if gtins:
        taken = session.execute(
            select(ProductGtin.gtin, Product.sku)
            .join(Product, Product.id == ProductGtin.product_id)
            .where(ProductGtin.gtin.in_(gtins), ProductGtin.product_id != product.id)
        ).first()
        if taken is not None:
            raise ConflictError(f"GTIN {taken[0]} already finds {taken[1]!r}")
    session.execute(delete(ProductGtin).where(ProductGtin.product_id == product.id))
    session.add_all(ProductGtin(gtin=gtin, product_id=product.id) for gtin in gtins)
    session.flush()


def _add_change(
    session: Session,
    product: Product,
    *,
    price_ore: int,
    effective_at: datetime,
    store_id: int | None,
    now: datetime,
    source: str,
) -> PriceChange:
    change = PriceChange(
        product_id=product.id,
        store_id=store_id,
        price_ore=price_ore,
        effective_at=effective_at,
        created_at=now,
        source=source,
    )
    session.add(change)
    session.flush()
    return change


def schedule_price(
    *,
    session: Session,
    sku: str,
    price_ore: int,
    effective_at: datetime | None,
    store_id: int | None,
    now: datetime,
    source: str = "manual",
) -> PriceChange:
    """A price from `effective_at` (None: now) in one store or all; published at once, so that
    a store offline at that moment still switches by its own clock."""
    product = get_product(session=session, sku=sku)
    when = now if effective_at is None or effective_at < now else effective_at
    change = _add_change(
        session,
        product,
        price_ore=price_ore,
        effective_at=when,
        store_id=store_id,
        now=now,
        source=source,
    )
    publish(session=session, product=product, now=now)
    return change


def cancel_price(*, session: Session, sku: str, change_id: int, now: datetime) -> None:
    """Take back a price change that has not taken effect yet."""
    product = get_product(session=session, sku=sku)
    change = session.get(PriceChange, change_id)
    if change is None or change.product_id != product.id:
        raise NotFoundError(f"no price change {change_id} of {sku!r}")
    if change.effective_at <= now:
        raise ConflictError("a price already in effect stays in the history")
    session.delete(change)
    session.flush()
    publish(session=session, product=product, now=now)


def changes_of(session: Session, product_id: int) -> list[Change]:
    rows = session.execute(
        select(
            PriceChange.id, PriceChange.store_id, PriceChange.price_ore, PriceChange.effective_at
        ).where(PriceChange.product_id == product_id)
    )
    return [Change(*row) for row in rows]


def _timeline(
    session: Session, product: Product, store_id: int | None, now: datetime
) -> Timeline | None:
    return timeline(changes_of(session, product.id), store_id, now)


def publish(*, session: Session, product: Product, now: datetime) -> int:
    """Hand the product to the catalog sync: every store's timeline in the product, each store
    with changes of its own its own timeline; the revision the stores will pull."""
    changes = changes_of(session, product.id)
    base = timeline(changes, None, now)
    assert base is not None, "a saved product has a price from the moment it was saved"
    own_stores = {c.store_id for c in changes if c.store_id is not None}
    store_prices = {}
    for store_id in sorted(own_stores):
        line = timeline(changes, store_id, now)
        assert line is not None, "every store's price is in effect"
        store_prices[store_id] = (line.price_ore, line.scheduled)
    set_store_prices(session=session, sku=product.sku, prices=store_prices)
    gtins = session.scalars(
        select(ProductGtin.gtin)
        .where(ProductGtin.product_id == product.id)
        .order_by(ProductGtin.gtin)
    ).all()
    item = wire.Product(
        sku=product.sku,
        name=product.name,
        gtins=tuple(gtins),
        article=product.article,
        unit=wire.Unit(product.unit),
        price_ore=base.price_ore,
        scheduled_prices=base.scheduled,
        vat_class=VatClass(product.vat_class),
        pant_ore=DEPOSIT_ORE[Deposit(product.deposit)],
        age_limit=product.age_limit,
        active=product.active,
    )
    return put_product(session=session, product=item, store_id=None, now=now)
