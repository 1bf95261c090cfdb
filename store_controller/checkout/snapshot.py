"""A cart as plain JSON and back (pure): what a pending payment keeps, prices as they were."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from retail import Money, VatClass
from store_controller.checkout.cart import AgeCheckResult, Cart, CartLine
from store_controller.checkout.catalog import CatalogItem, SoldBy


def cart_snapshot(cart: Cart) -> dict[str, Any]:
    """Everything needed to record the sale later, without the catalog."""
    return {
        "lines": [_line(line) for line in cart.lines],
        "age_checks": [
            {
                "order_ref": c.order_ref,
                "identity_hash": c.identity_hash,
                "age": c.age,
                "required_age": c.required_age,
                "checked_at": c.checked_at.isoformat(),
            }
            for c in cart.age_checks
        ],
    }


def restore_cart(snapshot: dict[str, Any]) -> Cart:
    lines = tuple(_restore_line(n, raw) for n, raw in enumerate(snapshot["lines"], start=1))
    checks = tuple(
        AgeCheckResult(
            order_ref=c["order_ref"],
            identity_hash=c["identity_hash"],
            age=c["age"],
            required_age=c["required_age"],
            checked_at=datetime.fromisoformat(c["checked_at"]),
        )
        for c in snapshot["age_checks"]
    )
    return Cart(lines=lines, next_line_id=len(lines) + 1, age_checks=checks)


def _line(line: CartLine) -> dict[str, Any]:
    item = line.item
    return {
        "product_id": item.product_id,
        "sku": item.sku,
        "name": item.name,
        "price_ore": item.price.ore,
        "vat_class": item.vat_class.value,
        "pant_ore": item.pant.ore,
        "age_limit": item.age_limit,
        "sold_by": item.sold_by.value,
        "product_key": line.product_key,
        "quantity": line.quantity,
        "weight_g": line.weight_g,
        "label_price_ore": None if line.label_price is None else line.label_price.ore,
    }


def _restore_line(line_id: int, raw: dict[str, Any]) -> CartLine:
    item = CatalogItem(
        product_id=raw["product_id"],
        sku=raw["sku"],
        name=raw["name"],
        price=Money(raw["price_ore"]),
        vat_class=VatClass(raw["vat_class"]),
        pant=Money(raw["pant_ore"]),
        age_limit=raw["age_limit"],
        sold_by=SoldBy(raw["sold_by"]),
    )
    label = raw["label_price_ore"]
    return CartLine(
        line_id=line_id,
        item=item,
        product_key=raw["product_key"],
        quantity=raw["quantity"],
        weight_g=raw["weight_g"],
        label_price=None if label is None else Money(label),
    )
