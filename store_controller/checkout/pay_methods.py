"""The kiosk's pay buttons: one per offered payment method, the default one first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from store_controller.i18n import Language, Text
from store_controller.payments.port import PaymentProvider

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
