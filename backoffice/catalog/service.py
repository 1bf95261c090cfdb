"""The catalog owners edit and stores pull by revision (see `catalog.models` for the counter)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from backoffice.catalog.models import (
    CatalogProduct,
    CatalogRevision,
    CatalogStorePrice,
    StoreCatalogSettings,
)
from backoffice.db.dialect import upsert_insert
from backoffice.errors import ConflictError, NotFoundError
from retail import wire
from retail.vat.rates import VatClass
from retail.wire.catalog import MAX_PRODUCTS_PER_PAGE


def next_revision(session: Session) -> int:
    """Take the next revision; the counter row stays locked until the transaction ends."""
    session.execute(
        upsert_insert(session, CatalogRevision).values(id=1, value=0).on_conflict_do_nothing()
    )
    row = session.get_one(CatalogRevision, 1, with_for_update=True, populate_existing=True)
    row.value += 1
    session.flush()
    return row.value


def take_revisions(session: Session, count: int) -> int:
    """Take `count` consecutive revisions at once (a bulk change stamps one per product, so
    that paging by revision stays exact); the first of them. Locked as `next_revision`."""
    first = next_revision(session)
    if count > 1:
        row = session.get_one(CatalogRevision, 1)
        row.value += count - 1
        session.flush()
    return first


def current_revision(session: Session) -> int:
    value = session.scalar(select(CatalogRevision.value).where(CatalogRevision.id == 1))
    return int(value or 0)


def put_product(
    *, session: Session, product: wire.Product, store_id: int | None, now: datetime
) -> int:
    """Create or replace a product (global when `store_id` is None); the revision it got."""
    row = session.scalar(select(CatalogProduct).where(CatalogProduct.sku == product.sku))
    if row is not None and row.store_id != store_id:
        raise ConflictError(f"SKU {product.sku!r} belongs to another catalog")
    if (clash := code_clash(session=session, product=product, store_id=store_id)) is not None:
        raise ConflictError(f"a code of {product.sku!r} already finds {clash!r}")
    revision = next_revision(session)
    product = in_effect(product, now)
    body = product.model_dump(mode="json")
    if row is None:
        row = CatalogProduct(sku=product.sku, store_id=store_id, body=body, revision=revision)
        session.add(row)
    row.body, row.deleted, row.revision, row.updated_at = body, False, revision, now
    row.next_price_at = next_price_at(product)
    session.flush()
    return revision


def in_effect(product: wire.Product, now: datetime) -> wire.Product:
    """`product` with the scheduled prices due at `now` folded into `price_ore`."""
    due = [p for p in product.scheduled_prices if p.effective_at <= now]
    if not due:
        return product
    later = tuple(p for p in product.scheduled_prices if p.effective_at > now)
    return product.model_copy(update={"price_ore": due[-1].price_ore, "scheduled_prices": later})


def next_price_at(product: wire.Product) -> datetime | None:
    return product.scheduled_prices[0].effective_at if product.scheduled_prices else None


def publish_due_prices(*, session: Session, now: datetime) -> int:
    """Give every product whose scheduled price came due a new revision with that price, so
    that stores pull it (by our clock, not theirs); how many changed. Cheap when none is due."""
    store_due = session.scalars(
        select(CatalogStorePrice).where(CatalogStorePrice.next_price_at <= now).with_for_update()
    ).all()
    for price in store_due:
        folded = _fold_store_price(price, now)
        price.price_ore, price.scheduled = folded.price_ore, _scheduled_json(folded)
        price.next_price_at = next_price_at(folded)
    skus = {price.sku for price in store_due}
    due = session.scalars(
        select(CatalogProduct)
        .where(
            or_(CatalogProduct.next_price_at <= now, CatalogProduct.sku.in_(skus)),
            CatalogProduct.deleted.is_(False),
        )
        .with_for_update()
    ).all()
    for row in due:
        product = in_effect(wire.Product.model_validate(row.body), now)
        row.body, row.next_price_at = product.model_dump(mode="json"), next_price_at(product)
        row.revision, row.updated_at = next_revision(session), now
    session.flush()
    return len(due)


def _fold_store_price(price: CatalogStorePrice, now: datetime) -> wire.Product:
    """The store's timeline as a throwaway product, folded at `now` by `in_effect`."""
    shell = wire.Product(
        sku=price.sku,
        name=price.sku,
        price_ore=price.price_ore,
        vat_class=VatClass.ZERO,
        scheduled_prices=tuple(wire.ScheduledPrice.model_validate(p) for p in price.scheduled),
    )
    return in_effect(shell, now)


def _scheduled_json(product: wire.Product) -> list[dict[str, object]]:
    return [p.model_dump(mode="json") for p in product.scheduled_prices]


def set_store_prices(
    *,
    session: Session,
    sku: str,
    prices: dict[int, tuple[int, tuple[wire.ScheduledPrice, ...]]],
) -> None:
    """Replace the store-only timelines of `sku` by `prices` (store id -> price in effect and
    scheduled prices); stores not named sell at every store's price. Call before `put_product`,
    whose new revision makes the stores pull the product again."""
    session.execute(delete(CatalogStorePrice).where(CatalogStorePrice.sku == sku))
    for store_id, (price_ore, scheduled) in prices.items():
        session.add(
            CatalogStorePrice(
                store_id=store_id,
                sku=sku,
                price_ore=price_ore,
                scheduled=[p.model_dump(mode="json") for p in scheduled],
                next_price_at=scheduled[0].effective_at if scheduled else None,
            )
        )
    session.flush()


def code_clash(*, session: Session, product: wire.Product, store_id: int | None) -> str | None:
    """The SKU of another live product a store would find by one of `product`'s codes.

    A scanned code must find one product in every store that sells it: a global product's codes
    clash with every catalog, a store's own only with the global one and its own.
    """
    codes = set(product.gtins) | ({product.article} if product.article else set())
    if not codes:
        return None
    query = select(CatalogProduct.sku, CatalogProduct.body).where(
        CatalogProduct.deleted.is_(False), CatalogProduct.sku != product.sku
    )
    if store_id is not None:
        query = query.where(
            or_(CatalogProduct.store_id == store_id, CatalogProduct.store_id.is_(None))
        )
    for sku, body in session.execute(query):
        theirs = set(body.get("gtins") or ()) | (
            {body["article"]} if body.get("article") else set()
        )
        if codes & theirs:
            return str(sku)
    return None


def remove_product(*, session: Session, sku: str, now: datetime) -> int:
    row = session.scalar(select(CatalogProduct).where(CatalogProduct.sku == sku))
    if row is None or row.deleted:
        raise NotFoundError(f"no product {sku!r}")
    row.deleted, row.revision, row.updated_at = True, next_revision(session), now
    session.flush()
    return row.revision


def set_store_settings(
    *,
    session: Session,
    store_id: int,
    now: datetime,
    settings: wire.StoreSettings | None = None,
    policy: wire.AccessPolicy | None = None,
) -> int:
    """Save a store's settings and/or access policy (what is None stays as it was)."""
    revision = next_revision(session)
    row = session.get(StoreCatalogSettings, store_id)
    if row is None:
        row = StoreCatalogSettings(store_id=store_id, settings=None, access_policy=None)
        session.add(row)
    if settings is not None:
        row.settings = settings.model_dump(mode="json")
    if policy is not None:
        row.access_policy = policy.model_dump(mode="json")
    row.revision, row.updated_at = revision, now
    session.flush()
    return revision


def changes_since(
    *,
    session: Session,
    store_id: int,
    since: int,
    page_size: int = MAX_PRODUCTS_PER_PAGE,
    features: frozenset[str] = frozenset(),
) -> wire.CatalogChanges:
    """What changed for this store (its own products and the global ones) after `since`.

    The access policy is as a controller naming `features` reads it (`AccessPolicy.for_features`).

    `since` 0 (or one ahead of us, after a backoffice restore) answers the full catalog.
    """
    upto = current_revision(session)
    full = since == 0 or since > upto
    since = 0 if full else since
    query = (
        select(CatalogProduct)
        .where(
            or_(CatalogProduct.store_id == store_id, CatalogProduct.store_id.is_(None)),
            CatalogProduct.revision > since,
            CatalogProduct.revision <= upto,
        )
        .order_by(CatalogProduct.revision)
        .limit(page_size + 1)
    )
    if full:
        query = query.where(CatalogProduct.deleted.is_(False))
    rows = list(session.scalars(query))
    more = len(rows) > page_size
    rows = rows[:page_size]
    settings = session.get(StoreCatalogSettings, store_id)
    fresh_settings = settings is not None and since < settings.revision <= upto
    return wire.CatalogChanges(
        since_revision=since,
        revision=rows[-1].revision if more else upto,
        full=full,
        products=_priced_for(session, store_id, [r for r in rows if not r.deleted]),
        removed_skus=tuple(r.sku for r in rows if r.deleted),
        settings=_settings(settings) if fresh_settings else None,
        access_policy=_policy(settings, features) if fresh_settings else None,
        more=more,
    )


def _priced_for(
    session: Session, store_id: int, rows: list[CatalogProduct]
) -> tuple[wire.Product, ...]:
    """The products as `store_id` sells them: its own price timeline where it has one."""
    own = {
        p.sku: p
        for p in session.scalars(
            select(CatalogStorePrice).where(
                CatalogStorePrice.store_id == store_id,
                CatalogStorePrice.sku.in_([r.sku for r in rows]),
            )
        )
    }
    products = []
    for row in rows:
        product = wire.Product.model_validate(row.body)
        if (price := own.get(row.sku)) is not None:
            scheduled = tuple(wire.ScheduledPrice.model_validate(p) for p in price.scheduled)
            product = product.model_copy(
                update={"price_ore": price.price_ore, "scheduled_prices": scheduled}
            )
        products.append(product)
    return tuple(products)


def _settings(row: StoreCatalogSettings | None) -> wire.StoreSettings | None:
    if row is None or row.settings is None:
        return None
    return wire.StoreSettings.model_validate(row.settings)


def _policy(row: StoreCatalogSettings | None, features: frozenset[str]) -> wire.AccessPolicy | None:
    if row is None or row.access_policy is None:
        return None
    return wire.AccessPolicy.model_validate(row.access_policy).for_features(features)
