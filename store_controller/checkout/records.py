"""What the checkout records besides sales: unknown barcodes and abandoned carts."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from retail.wire import UnknownBarcode
from store_controller.checkout.cart import Cart
from store_controller.outbox.queue import enqueue

if TYPE_CHECKING:
    from store_controller.db.sessions import Sessions


def record_unknown_barcode(
    sessions: Sessions,
    *,
    register_id: str,
    product_key: str | None,
    reason: str,
    source: str,
    scanned_at: datetime,
) -> None:
    """Put a scan that found no product on the owner's list; keys also go to the backoffice."""
    from store_controller.checkout.models import UnknownBarcodeRow  # the ORM, on first use

    with sessions.begin() as session:
        session.add(
            UnknownBarcodeRow(
                scanned_at=scanned_at,
                register_id=register_id,
                product_key=product_key,
                reason=reason[:32],
                source=source[:40],
            )
        )
        if product_key is not None:
            message = UnknownBarcode(
                scanned_at=scanned_at, register_id=register_id, product_key=product_key
            )
            enqueue(session, message, at=scanned_at)


def record_abandoned_cart(
    sessions: Sessions,
    *,
    register_id: str,
    cart: Cart,
    started_at: datetime,
    abandoned_at: datetime,
    reason: str,
) -> None:
    """Keep what was in a cart that was never paid (for shrink follow-up)."""
    from store_controller.checkout.models import AbandonedCartRow

    with sessions.begin() as session:
        session.add(
            AbandonedCartRow(
                register_id=register_id,
                started_at=started_at,
                abandoned_at=abandoned_at,
                reason=reason,
                line_count=len(cart.lines),
                total_ore=cart.total.ore,
                lines=[
                    {
                        "product_key": line.product_key,
                        "name": line.item.name,
                        "quantity": line.quantity,
                        "weight_g": line.weight_g,
                        "amount_ore": line.amount.ore,
                    }
                    for line in cart.lines
                ],
            )
        )
