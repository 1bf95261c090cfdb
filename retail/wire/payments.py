"""A store's own record of a payment it asked a provider for (protocol 3 on).

The controller sends one each time a payment is created or its state changes, so the backoffice
knows every payment the store knows of, with or without a sale: a payment Swish took whose sale
never came is found by reconciliation from the store's record, not only from a callback.
"""

from __future__ import annotations

import enum
from typing import Annotated, Literal, Self
from uuid import UUID

from pydantic import Field, model_validator

from retail.enum_value import read_value_in_c
from retail.money import MAX_AMOUNT_ORE
from retail.wire.common import StrictInt, UtcDateTime, WireModel, refuse

PAYMENT_RECORD_PROTOCOL = 3
"""The first protocol version whose batches may carry payment records."""


@read_value_in_c
class PaymentRecordState(enum.StrEnum):
    """What the store knows of the payment. Final: paid, declined, cancelled, error."""

    CREATED = "created"
    """Asked of the provider; no answer yet."""
    PAID = "paid"
    DECLINED = "declined"
    CANCELLED = "cancelled"
    ERROR = "error"
    UNRESOLVED = "unresolved"
    """Still not final after the store's alert time (the store keeps asking)."""

    @property
    def final(self) -> bool:
        return self not in (PaymentRecordState.CREATED, PaymentRecordState.UNRESOLVED)


class PaymentRecord(WireModel):
    """One state of one payment; `sale_id` is the sale the payment pays for (its reference)."""

    kind: Literal["payment"] = "payment"
    sale_id: UUID
    provider: Literal["swish"]
    state: PaymentRecordState
    amount_ore: Annotated[StrictInt, Field(gt=0, le=MAX_AMOUNT_ORE)]
    requested_at: UtcDateTime
    occurred_at: UtcDateTime
    """When the store saw this state."""

    @model_validator(mode="after")
    def _not_before_request(self) -> Self:
        if self.occurred_at < self.requested_at:
            raise refuse(
                "PaymentRecord", [(("occurred_at",), "a state is seen before the request")]
            )
        return self
