"""Swish callbacks: record what arrived, then record what Swish itself says (never the body)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from backoffice.payments.callback_body import SWISH_ID, InvalidCallbackError
from backoffice.payments.models import SwishCallback
from backoffice.payments.status import (
    Kind,
    SwishFetchError,
    SwishObjectStatus,
    SwishStatusReader,
)


def kind_of(body: dict[str, Any]) -> Kind:
    return "refund" if "originalPaymentReference" in body else "payment"


def _text(body: dict[str, Any], key: str, limit: int) -> str | None:
    value = body.get(key)
    return value[:limit] if isinstance(value, str) else None


def record_callback(*, session: Session, body: dict[str, Any], now: datetime) -> SwishCallback:
    """Store the callback as received (flushed, not committed); `body` passed `callback_body`."""
    swish_id = body.get("id")
    if not isinstance(swish_id, str) or not SWISH_ID.fullmatch(swish_id):
        raise InvalidCallbackError("`id`: a Swish id is 32 upper-case hexadecimal characters")
    callback = SwishCallback(
        received_at=now,
        kind=kind_of(body),
        swish_id=swish_id,
        payee_payment_reference=_text(body, "payeePaymentReference", 36),
        reported_status=_text(body, "status", 16),
        body=body,
    )
    session.add(callback)
    session.flush()
    return callback


async def verify_callback(
    *, callback: SwishCallback, reader: SwishStatusReader, now: datetime
) -> SwishObjectStatus | None:
    """Ask Swish about the callback's object and record the answer; None if Swish was unreachable.

    The caller commits. A mismatch between body and Swish is kept as it is (both columns), for
    the owner to see; only `verified_status` is ever to be trusted.
    """
    kind: Kind = "refund" if callback.kind == "refund" else "payment"
    try:
        status = await reader.fetch(kind, callback.swish_id)
    except SwishFetchError as exc:
        callback.fetch_error = str(exc)[:300]
        return None
    callback.verified_status = status.status[:16]
    callback.verified_amount_ore = status.amount_ore
    callback.payment_reference = status.payment_reference
    callback.error_code = status.error_code
    callback.verified_at = now
    callback.fetch_error = None
    return status
