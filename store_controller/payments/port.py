"""The payment port: what the checkout asks of any payment provider (Swish, member account...).

Contract for implementations:
- `request` starts a payment of `amount` for `reference` (the sale id). It is idempotent: asking
  again with the same reference returns the same payment, never a second charge.
- `status` reports the current state; `PAID` only once the provider itself confirmed the money
  (a callback or a status read from the provider, never a guess or a timeout).
- `cancel` withdraws an unpaid request; cancelling a paid one returns it as `PAID` unchanged.
- All three are coroutines called on the controller's event loop; they must not block it, and
  raise `PaymentUnavailableError` when the provider cannot be reached (the checkout then retries).
- Amounts are `Money` (öre, VAT included); times are UTC.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from retail import Money
from store_controller.i18n import Text

if TYPE_CHECKING:
    from retail.wire import PaymentMethod


class PaymentStatus(enum.StrEnum):
    """Where a payment stands; only PAID means money was taken."""

    PENDING = "pending"
    PAID = "paid"
    DECLINED = "declined"
    CANCELLED = "cancelled"
    ERROR = "error"

    @property
    def final(self) -> bool:
        return self is not PaymentStatus.PENDING


@dataclass(frozen=True, slots=True)
class PaymentRequest:
    """What the checkout wants paid; `reference` is the sale id (idempotency key)."""

    reference: str
    amount: Money
    message: str
    age_limit: int | None = None
    """Swish can check the payer's age for restricted baskets (see swish.md)."""


@dataclass(frozen=True, slots=True)
class PaymentState:
    """A provider's answer about one payment."""

    reference: str
    status: PaymentStatus
    amount: Money
    method: PaymentMethod
    provider: str
    provider_reference: str | None = None
    confirmed_at: datetime | None = None
    """When the provider confirmed the money (PAID only)."""
    qr_data: str | None = None
    """What the kiosk shows for the customer's phone to scan (e.g. a Swish QR), if anything."""
    message: Text | None = None
    """What to tell the customer now (a step to take, or why the payment ended unpaid)."""
    account_balance: Text | None = None
    """A member account's standing after this payment (PAID on account only), for the receipt."""
    customer_hash: str | None = None
    """The keyed identity hash of the member who paid on account (PAID on account only)."""


class PaymentError(Exception):
    """Base of the payment errors."""


class PaymentUnavailableError(PaymentError):
    """The provider did not answer usably; try again later."""


class PaymentProvider(Protocol):
    """A way to take a payment; see the module docstring for the contract."""

    name: str

    async def request(self, request: PaymentRequest) -> PaymentState:
        """Start (or find again) the payment for `request.reference`."""
        ...

    async def status(self, reference: str) -> PaymentState:
        """The current state of the payment for `reference`; KeyError if never requested."""
        ...

    async def cancel(self, reference: str) -> PaymentState:
        """Withdraw an unpaid payment; a paid one stays PAID."""
        ...
