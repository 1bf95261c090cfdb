"""Read products: search and filter a page, one product with its stores and price history."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backoffice.catalog.models import CatalogProduct
from backoffice.heartbeats.models import StoreStatus
from backoffice.products.models import PriceChange, Product, ProductGtin
from backoffice.products.schemas import (
    ComparisonRead,
    PriceChangeRead,
    ProductDetail,
    ProductPage,
    ProductRead,
    StorePriceRead,
)
from backoffice.products.service import changes_of, get_product
from backoffice.products.timeline import Change, timeline
from backoffice.stores.models import Store
from retail.barcodes.gtin import is_valid_gtin
from retail.comparison import ContentUnit, comparison_price, per_kilogram
from retail.swedish_time import swedish_date
from retail.vat.rates import SWEDISH_VAT, VatClass
from retail.wire.catalog import Unit


def comparison(product: Product, price_ore: int) -> ComparisonRead | None:
    """The jämförpris of `product` at `price_ore`: per kg for goods sold by weight, else from
    the pack's content (None when the owner has not given it)."""
    if product.unit == Unit.KILOGRAM:
        value = per_kilogram(price_ore)
    elif product.content_amount and product.content_unit:
        value = comparison_price(
            price_ore, product.content_amount, ContentUnit(product.content_unit)
        )
    else:
        return None
    return ComparisonRead(ore=value.ore, per=value.per.value, label=value.label())


def search_products(
    *,
    session: Session,
    now: datetime,
    q: str = "",
    category: str | None = None,
    supplier: str | None = None,
    essential: bool | None = None,
    limit: int = 50,
    offset: int = 0,
) -> ProductPage:
    """Products whose name, brand, category, SKU or a GTIN contains every word of `q`, by name.
    A whole GTIN (8 to 14 digits with a valid check digit, leading zeros typed or not) finds
    its product by equality on the GTIN key; only when none has it is it searched as text."""
    query = select(Product)
    exact = _whole_gtin(q)
    if exact is not None and session.scalar(
        select(ProductGtin.product_id).where(ProductGtin.gtin == exact)
    ):
        query = query.where(
            Product.id.in_(select(ProductGtin.product_id).where(ProductGtin.gtin == exact))
        )
        q = ""
    for word in q.lower().split()[:8]:
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(Product.search_text.like(f"%{escaped}%", escape="\\"))
    if category is not None:
        query = query.where(Product.category == category)
    if supplier is not None:
        query = query.where(Product.supplier == supplier)
    if essential is not None:
        query = query.where(Product.essential.is_(essential))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = list(
        session.scalars(query.order_by(Product.name, Product.id).limit(limit).offset(offset))
    )
    return ProductPage(total=total, items=read_products(session, rows, now))


def _whole_gtin(q: str) -> str | None:
    """The GTIN-14 key of `q` when it is all digits and a whole, valid GTIN (leading zeros
    typed or left out: "7310865071804", "07310865071804", "0007310865071804")."""
    digits = q.strip()
    if not digits.isascii() or not digits.isdigit() or len(digits) < 8:
        return None
    significant = digits.lstrip("0")
    if len(significant) > 14:
        return None
    key = significant.zfill(14)
    return key if is_valid_gtin(key) else None


def read_products(session: Session, rows: list[Product], now: datetime) -> list[ProductRead]:
    ids = [p.id for p in rows]
    changes: dict[int, list[Change]] = defaultdict(list)
    for row in session.execute(
        select(
            PriceChange.product_id,
            PriceChange.id,
            PriceChange.store_id,
            PriceChange.price_ore,
            PriceChange.effective_at,
        ).where(PriceChange.product_id.in_(ids), PriceChange.store_id.is_(None))
    ):
        changes[row[0]].append(Change(*row[1:]))
    gtins: dict[int, list[str]] = defaultdict(list)
    for product_id, gtin in session.execute(
        select(ProductGtin.product_id, ProductGtin.gtin)
        .where(ProductGtin.product_id.in_(ids))
        .order_by(ProductGtin.gtin)
    ):
        gtins[product_id].append(gtin)
    revisions: dict[str, int] = {
        row[0]: row[1]
        for row in session.execute(
            select(CatalogProduct.sku, CatalogProduct.revision).where(
                CatalogProduct.sku.in_([p.sku for p in rows])
            )
        )
    }
    today = swedish_date(now)
    return [
        _read(
            p,
            changes=changes[p.id],
            gtins=gtins[p.id],
            revision=revisions.get(p.sku, 0),
            now=now,
            today=today,
        )
        for p in rows
    ]


def _read(
    product: Product,
    *,
    changes: list[Change],
    gtins: list[str],
    revision: int,
    now: datetime,
    today: date,
) -> ProductRead:
    line = timeline(changes, None, now)
    price = line.price_ore if line else 0
    return ProductRead(
        sku=product.sku,
        name=product.name,
        brand=product.brand,
        category=product.category,
        gtins=gtins,
        article=product.article,
        unit=Unit(product.unit),
        price_ore=price,
        vat_class=VatClass(product.vat_class),
        deposit=product.deposit,
        age_limit=product.age_limit,
        essential=product.essential,
        supplier=product.supplier,
        cost_price_ore=product.cost_price_ore,
        content_amount=product.content_amount,
        content_unit=product.content_unit,
        active=product.active,
        revision=revision,
        comparison=comparison(product, price),
        vat_rate_bp=SWEDISH_VAT.rate_bp(VatClass(product.vat_class), today),
        updated_at=product.updated_at,
    )


def product_detail(*, session: Session, sku: str, now: datetime) -> ProductDetail:
    """One product with its price in every store, whether each store has it, and its history."""
    product = get_product(session=session, sku=sku)
    base = read_products(session, [product], now)[0]
    changes = changes_of(session, product.id)
    stores = session.execute(
        select(Store.id, Store.slug, StoreStatus.body)
        .outerjoin(StoreStatus, StoreStatus.store_id == Store.id)
        .order_by(Store.slug)
    ).all()
    slugs = {store_id: slug for store_id, slug, _ in stores}
    prices = []
    for store_id, slug, status in stores:
        line = timeline(changes, store_id, now)
        price = line.price_ore if line else 0
        held = int(status["catalog_revision"]) if status else None
        prices.append(
            StorePriceRead(
                store=slug,
                price_ore=price,
                comparison=comparison(product, price),
                store_revision=held,
                applied=held is not None and held >= base.revision,
            )
        )
    sources: dict[int, str] = {
        row[0]: row[1]
        for row in session.execute(
            select(PriceChange.id, PriceChange.source).where(PriceChange.product_id == product.id)
        )
    }
    history = [
        PriceChangeRead(
            id=c.id,
            price_ore=c.price_ore,
            effective_at=c.effective_at,
            store=slugs.get(c.store_id) if c.store_id is not None else None,
            source=sources[c.id],
            pending=c.effective_at > now,
        )
        for c in sorted(changes, key=lambda c: (c.effective_at, c.id), reverse=True)
    ]
    return ProductDetail(**base.model_dump(), stores=prices, prices=history)
