"""The store's own records of its Swish payments (`retail.wire.PaymentRecord`, protocol 3).

Each is queued in the outbox inside the transaction that changes the payment's state, so the
backoffice learns of a payment exactly when the store does: created (`remember_payment`),
settled (`settle_payment`, and the paid path of `record_sale`), and unresolved (payment
recovery's alert, the first time it is raised). Every state is sent once per payment (the
backoffice treats the same state again with other content as a conflict).

Only Swish payments are recorded: the member account's payments are the sales themselves.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime

from retail.wire import PaymentRecord, PaymentRecordState

log = logging.getLogger(__name__)

RECORDED_PROVIDER = "swish"

_SETTLED = {
    "paid": PaymentRecordState.PAID,
    "declined": PaymentRecordState.DECLINED,
    "cancelled": PaymentRecordState.CANCELLED,
    "error": PaymentRecordState.ERROR,
    # Unknown to the provider: the request never reached it, nobody was charged.
    "unknown": PaymentRecordState.ERROR,
}


def settled_state(outcome: str) -> PaymentRecordState:
    """The record's state for a `pending_payments` outcome (an unknown outcome is an error)."""
    return _SETTLED.get(outcome, PaymentRecordState.ERROR)


def payment_record(
    *,
    sale_id: str,
    provider: str,
    amount_ore: int,
    requested_at: datetime,
    state: PaymentRecordState,
    at: datetime,
) -> PaymentRecord | None:
    """The record of one state of a payment, or None for a payment that is not recorded (not
    Swish, or an amount no Swish payment has)."""
    if provider != RECORDED_PROVIDER:
        return None
    if amount_ore <= 0:
        log.warning(
            "a Swish payment of no positive amount is not recorded", extra={"sale_id": sale_id}
        )
        return None
    return PaymentRecord(
        sale_id=uuid.UUID(sale_id),
        provider=RECORDED_PROVIDER,
        state=state,
        amount_ore=amount_ore,
        requested_at=requested_at,
        occurred_at=max(at, requested_at),  # a wall clock stepped back never makes it invalid
    )
