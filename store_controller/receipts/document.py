"""A receipt as a value: everything the law asks a receipt to show, ready to render.

Built from the recorded sale (controller) or the synced sale (backoffice builds its own page
from the same fields). Amounts include VAT; times are the store's local time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from retail import Money
from retail.vat import VatRow

ELECTRONIC = "Elektroniskt kassakvitto"
COPY = "KOPIA"
SIMULATED_LABEL = "Simulerad betalning (inga pengar dragna)"
METHOD_LABELS = {
    "swish": "Swish",
    "member_account": "Medlemskonto",
    "simulated": SIMULATED_LABEL,
}


@dataclass(frozen=True, slots=True)
class ReceiptLine:
    name: str
    quantity: int
    unit_price: Money
    amount: Money
    """Incl. VAT (for a weighed line: the price of the weight)."""
    weight_g: int | None = None
    pant: Money = field(default_factory=lambda: Money(0))
    """The deposit on this line's packages, shown on its own line."""


@dataclass(frozen=True, slots=True)
class ReceiptDocument:
    store_name: str
    org_number: str
    address: str
    receipt_number: str
    """In the unbroken series of the register: "store/register/000042"."""
    register_id: str
    occurred_at: datetime
    """Local time of the sale."""
    lines: tuple[ReceiptLine, ...]
    total: Money
    vat: tuple[VatRow, ...]
    payment_method: str
    """A label such as "Swish" or "Medlemskonto"."""
    paid: Money
    copy: bool = False
    extra: tuple[str, ...] = field(default=())
    """Further lines printed at the end (e.g. the sale id)."""
    legal_name: str = ""
    """The registered company or association, when it differs from the store's name."""
    vat_number: str = ""

    def as_copy(self) -> ReceiptDocument:
        return ReceiptDocument(
            legal_name=self.legal_name,
            vat_number=self.vat_number,
            store_name=self.store_name,
            org_number=self.org_number,
            address=self.address,
            receipt_number=self.receipt_number,
            register_id=self.register_id,
            occurred_at=self.occurred_at,
            lines=self.lines,
            total=self.total,
            vat=self.vat,
            payment_method=self.payment_method,
            paid=self.paid,
            copy=True,
            extra=self.extra,
        )


def method_label(method: str, provider: str) -> str:
    """The receipt's "means of payment" for a sale's payment row."""
    if provider == "simulated":
        return SIMULATED_LABEL
    return METHOD_LABELS.get(method, method)
