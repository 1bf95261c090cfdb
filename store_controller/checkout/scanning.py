"""From a parsed scan and the product it names to a cart change or a refusal (pure)."""

from __future__ import annotations

from dataclasses import dataclass

from retail import Money, Scan, ScanKind, ScanRejected
from store_controller.checkout import messages
from store_controller.checkout.catalog import CatalogItem, SoldBy
from store_controller.i18n import Text


@dataclass(frozen=True, slots=True)
class AddLine:
    """Add `quantity` packages of `item` (weighed, price-labelled or plain)."""

    item: CatalogItem
    product_key: str
    quantity: int = 1
    weight_g: int | None = None
    label_price: Money | None = None


@dataclass(frozen=True, slots=True)
class Refuse:
    """Tell the customer `message`; record the scan for the owner when `record` is set."""

    message: Text
    reason: str
    product_key: str | None = None
    record: bool = True


def decide(scan: Scan | ScanRejected, item: CatalogItem | None) -> AddLine | Refuse:
    """What a scan does to the cart, given the product its key found (or None)."""
    if isinstance(scan, ScanRejected):
        return Refuse(messages.rejected_scan(scan.reason), scan.reason.value)
    if item is None:
        return Refuse(messages.UNKNOWN_PRODUCT, "unknown", scan.product_key)
    if not item.active:
        return Refuse(messages.INACTIVE_PRODUCT, "inactive", scan.product_key)
    return _line_for(scan, item)


def _line_for(scan: Scan, item: CatalogItem) -> AddLine | Refuse:
    if (scan.weight_g is not None and scan.weight_g <= 0) or (
        scan.price is not None and scan.price.ore <= 0
    ):
        return Refuse(messages.UNREADABLE, "zero_value", scan.product_key)
    if scan.kind is ScanKind.VARIABLE_PRICE or scan.price is not None:
        return AddLine(item, scan.product_key, scan.quantity, scan.weight_g, scan.price)
    if scan.weight_g is not None:
        return AddLine(item, scan.product_key, scan.quantity, weight_g=scan.weight_g)
    if item.sold_by is SoldBy.WEIGHT:
        return Refuse(messages.NEEDS_WEIGHT_LABEL, "needs_weight", scan.product_key, record=False)
    return AddLine(item, scan.product_key, scan.quantity)
