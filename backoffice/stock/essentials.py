"""The product keys (GTIN-14s and 8-digit articles) of the catalog's essential products: what
the alert rules watch for running out or expiring."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.products.models import Product, ProductGtin


def essential_keys(session: Session, _store_id: int) -> set[str]:
    """Every active product marked essential (the catalog is the association's)."""
    wanted = select(Product.id).where(Product.essential.is_(True), Product.active.is_(True))
    gtins = set(session.scalars(select(ProductGtin.gtin).where(ProductGtin.product_id.in_(wanted))))
    articles = session.scalars(
        select(Product.article).where(
            Product.essential.is_(True), Product.active.is_(True), Product.article.is_not(None)
        )
    )
    return gtins | {a for a in articles if a}
