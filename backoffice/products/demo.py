"""The demo's products in the backoffice: the demo catalog saved through the products service,
so the backoffice holds what the simulated store sells and publishes it to the stores."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.products.models import Product
from backoffice.products.schemas import Deposit, ProductInput
from backoffice.products.service import save_product
from byabutik.demo_catalog import DemoItem, demo_items
from retail.comparison import ContentUnit
from retail.wire.catalog import Unit


def product_input(item: DemoItem) -> ProductInput:
    return ProductInput(
        sku=item.sku,
        name=item.name,
        brand=item.brand,
        category=item.category,
        gtins=[item.gtin] if item.gtin else [],
        article=item.article,
        unit=Unit(item.unit),
        price_ore=item.price_ore,
        vat_class=item.vat_class,
        deposit=Deposit(item.deposit),
        age_limit=item.age_limit,
        essential=item.essential,
        supplier=item.supplier,
        cost_price_ore=item.cost_price_ore,
        content_amount=item.content_amount,
        content_unit=ContentUnit(item.content_unit) if item.content_unit else None,
    )


def seed_demo_products(*, session: Session, now: datetime) -> int:
    """Save every demo product the backoffice does not have yet; how many were added."""
    have = set(session.scalars(select(Product.sku)))
    added = 0
    for item in demo_items():
        if item.sku not in have:
            save_product(session=session, data=product_input(item), now=now, source="demo")
            added += 1
    return added
