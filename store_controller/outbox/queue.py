"""Queue a wire message for the backoffice, inside the caller's transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from retail.wire import (
    Alert,
    CommandAck,
    Heartbeat,
    Sale,
    StockMovement,
    UnknownBarcode,
    Visit,
    ZReport,
)
from store_controller.outbox.models import OutboxEntry

Message = Sale | StockMovement | Visit | Alert | Heartbeat | UnknownBarcode | ZReport | CommandAck


def enqueue(session: Session, message: Message, *, at: datetime) -> None:
    """Add `message` to the outbox in `session`: it is sent if and only if the session commits."""
    session.add(
        OutboxEntry(kind=message.kind, payload=message.model_dump(mode="json"), created_at=at)
    )
