"""Apply the stores' payment records (`retail.wire.PaymentRecord`) to `store_payments`.

One row per store and sale id holds the latest state the store reported. Idempotent: the same
record again changes nothing. A record moves the row on when it is later than the row's state
and the row is not final yet. A record that contradicts what is held (another amount or
provider, or another final state after a final one) is a conflict: the row is kept as it is and
the record goes to the sync quarantine with an alert for the owner, never dropped in silence.
"""

from __future__ import annotations

from collections import abc
from datetime import datetime

from sqlalchemy.orm import Session

from backoffice.payments.models import StorePayment
from backoffice.sync.quarantine import CONFLICT, quarantine
from retail import wire


def record_payments(
    *,
    session: Session,
    store_id: int,
    records: abc.Sequence[tuple[int, wire.PaymentRecord]],
    now: datetime,
) -> None:
    """Apply `(seq, record)` pairs in sequence order; the caller commits."""
    for seq, record in records:
        row = session.get(StorePayment, (store_id, record.sale_id))
        if row is None:
            session.add(
                StorePayment(
                    store_id=store_id,
                    sale_id=record.sale_id,
                    provider=record.provider,
                    state=record.state.value,
                    amount_ore=record.amount_ore,
                    requested_at=record.requested_at,
                    state_at=record.occurred_at,
                    received_at=now,
                )
            )
            session.flush()
            continue
        problem = _contradiction(row, record)
        if problem is not None:
            quarantine(
                session=session,
                store_id=store_id,
                seq=seq,
                kind=record.kind,
                reason=CONFLICT,
                detail=f"payment {record.sale_id}: {problem}",
                entry={"seq": seq, "payload": record.model_dump(mode="json")},
                now=now,
                identity=f"payment:{record.sale_id}",
            )
            continue
        held = wire.PaymentRecordState(row.state)
        if held.final or record.state == held:
            continue  # a repeat, or a late non-final report after the final one
        if record.state.final or record.occurred_at >= row.state_at:
            row.state, row.state_at, row.received_at = record.state.value, record.occurred_at, now


def _contradiction(row: StorePayment, record: wire.PaymentRecord) -> str | None:
    if row.amount_ore != record.amount_ore:
        return f"amount {record.amount_ore} öre, held {row.amount_ore} öre"
    if row.provider != record.provider:
        return f"provider {record.provider}, held {row.provider}"
    held = wire.PaymentRecordState(row.state)
    if held.final and record.state.final and held != record.state:
        return f"state {record.state.value}, held {held.value}"
    return None
