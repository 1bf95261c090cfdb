"""Paying at the kiosk: the request for a cart, the pay buttons (one per offered method, the
default one first), and the customer's words for a failed request."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from store_controller.checkout.cart import Cart
from store_controller.checkout.keys import new_ids
from store_controller.i18n import Language, Text
from store_controller.payments.port import PaymentProvider, PaymentRequest

LABELS: dict[str, Text] = {
    "swish": Text("Swish", "Swish"),
    "member_account": Text("Medlemskonto", "Member account"),
    "simulated": Text("Betala", "Pay"),
}
PAY = Text("Betala", "Pay")


@dataclass(frozen=True, slots=True)
class PayButton:
    id: str
    """The element id: "pay" for the default method (what the tests and scripts press)."""
    name: str
    label: str


def pay_buttons(methods: Sequence[PaymentProvider], lang: Language) -> list[PayButton]:
    """One button per method; a single method is just "Betala"."""
    if len(methods) == 1:
        return [PayButton("pay", "", PAY.in_(lang))]
    buttons = []
    for index, method in enumerate(methods):
        label = LABELS.get(method.name, Text(method.name, method.name)).in_(lang)
        button_id = "pay" if index == 0 else f"pay-{method.name.replace('_', '-')}"
        buttons.append(PayButton(button_id, method.name, label))
    return buttons


def payment_request(cart: Cart, store_id: str) -> PaymentRequest:
    """A new payment (a new sale id, time-ordered: the key of the sale's rows) of the cart's
    total; the highest age limit goes along."""
    age_limit = max((line.item.age_limit or 0 for line in cart.lines), default=0)
    return PaymentRequest(
        reference=new_ids(1)[0],
        amount=cart.total,
        message=f"Byabutik {store_id}",
        age_limit=age_limit or None,
    )


def customer_text(error: Exception) -> Text | None:
    """The provider's own bilingual words for a failed request, if it has any."""
    text = getattr(error, "customer_text", None)
    return text if isinstance(text, Text) else None
