"""The quarantine: records a store sent that were not applied, kept verbatim with the reason,
each one raising an alert for the store's owner. Nothing in it is ever deleted by sync.

Two reasons put a record here:
- "conflict": it carries the identity of a record already held (the same sale, movement, visit,
  alert report or Z-report; or the same sequence number) with other content. The first is kept.
- "refused": the wire's checks refused it (`detail` names the field). It is acknowledged so the
  rest of the store's outbox flows.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from backoffice.alerts.lifecycle import Occurrence, raise_alert
from backoffice.alerts.models import Alert
from backoffice.db.bulk import uuid_texts
from backoffice.sales.models import Sale, SaleLine
from backoffice.stock.models import StockMovement
from backoffice.sync.models import QuarantinedEntry
from backoffice.visits.models import Visit
from backoffice.zreports.models import ZReport
from retail import wire

CONFLICT = "conflict"
REFUSED = "refused"
ALERT_CATEGORY = {CONFLICT: "sync_conflict", REFUSED: "sync_refused"}
_ALERT_NAMESPACE = uuid.UUID("0b7f3b0e-5a51-4c59-9f57-2f0e2b6a8c11")


def identity_of(payload: wire.OutboxPayload) -> str | None:
    """The key a fact is known by across sequence numbers (None: it has none)."""
    key: str | None = None
    if isinstance(payload, wire.Sale):
        key = f"sale:{payload.sale_id}"
    elif isinstance(payload, wire.StockMovement):
        key = f"stock_movement:{payload.movement_id}"
    elif isinstance(payload, wire.Visit):
        key = f"visit:{payload.visit_id}"
    elif isinstance(payload, wire.Alert):  # a clearing report is a fact of its own
        key = f"alert:{payload.alert_id}:{'cleared' if payload.cleared else 'raised'}"
    elif isinstance(payload, wire.ZReport):
        key = f"z_report:{payload.register_id}:{payload.z_number}"
    elif isinstance(payload, wire.PaymentRecord):  # each state is a fact of its own
        key = f"payment:{payload.sale_id}:{payload.state.value}"
    return key


_KEYED_BY_ID = {"sale": "sale_id", "stock_movement": "movement_id", "visit": "visit_id"}
"""The kinds whose identity is "<kind>:<their id>" (as `identity_of` writes it): nearly every
entry of a push."""


def identities_of(payloads: Sequence[wire.OutboxPayload]) -> list[str | None]:
    """`identity_of` of each payload; the sales', movements' and visits' ids written as text
    in one call (`uuid_texts`) instead of one `str(UUID)` each."""
    found: list[str | None] = []
    keyed: list[tuple[int, str]] = []
    ids: list[uuid.UUID] = []
    for n, payload in enumerate(payloads):
        name = _KEYED_BY_ID.get(payload.kind)
        if name is None:
            found.append(identity_of(payload))
        else:
            found.append(None)
            keyed.append((n, payload.kind))
            ids.append(getattr(payload, name))
    for (n, kind), text in zip(keyed, uuid_texts(ids), strict=True):
        found[n] = f"{kind}:{text}"
    return found


def digest_of(payload: wire.OutboxPayload) -> str:
    """sha256 of the payload as its wire model writes it (the same fact gives the same text):
    the bytes of `payload.model_dump_json()`, from the serializer itself (no text decoded and
    encoded again)."""
    return hashlib.sha256(payload.__pydantic_serializer__.to_json(payload)).hexdigest()


def digests_of(payloads: Sequence[wire.OutboxPayload]) -> list[str]:
    """`digest_of` of each payload, in one Python call for a push's ~450."""
    sha256 = hashlib.sha256
    return [sha256(p.__pydantic_serializer__.to_json(p)).hexdigest() for p in payloads]


def digest_of_json(entry: object) -> str:
    text = json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def quarantine(
    *,
    session: Session,
    store_id: int,
    seq: int,
    kind: str,
    reason: str,
    detail: str,
    entry: object,
    now: datetime,
    identity: str | None = None,
    kept_seq: int | None = None,
) -> bool:
    """Keep `entry` (JSON as received) with its reason and alert the owner; False if this very
    entry is already kept (a replayed batch quarantines nothing twice)."""
    digest = digest_of_json(entry)
    known = session.scalar(
        select(QuarantinedEntry.id).where(
            QuarantinedEntry.store_id == store_id,
            QuarantinedEntry.seq == seq,
            QuarantinedEntry.digest == digest,
        )
    )
    if known is not None:
        return False
    session.add(
        QuarantinedEntry(
            store_id=store_id,
            seq=seq,
            kind=kind[:40],
            reason=reason,
            detail=detail,
            identity=identity,
            kept_seq=kept_seq,
            digest=digest,
            entry=entry,
            received_at=now,
        )
    )
    what = f"{kind} (sequence {seq})"
    message = (
        f"Synk: {what} har annat innehåll än den som redan finns (sekvens {kept_seq}); "
        "den första behålls, den andra ligger i karantän."
        if reason == CONFLICT
        else f"Synk: {what} avvisades och ligger i karantän: {detail}"
    )
    raise_owner_alert(
        session=session,
        store_id=store_id,
        category=ALERT_CATEGORY[reason],
        message=message,
        key=f"{store_id}:{seq}:{digest}",
        now=now,
    )
    session.flush()
    return True


def raise_owner_alert(
    *, session: Session, store_id: int, category: str, message: str, key: str, now: datetime
) -> uuid.UUID:
    """An alert the backoffice raises itself for the store's owner (one per `key`): kept
    beside the stores' own reports and counted into the open case of its kind."""
    alert_id = uuid.uuid5(_ALERT_NAMESPACE, key)
    if session.get(Alert, (store_id, alert_id)) is None:
        severity = str(wire.Severity.WARNING)
        occurrence = Occurrence(
            store_id=store_id, kind=category, severity=severity, message=message[:500], seen_at=now
        )
        raise_alert(session=session, occurrence=occurrence, now=now)
        session.add(
            Alert(
                store_id=store_id,
                alert_id=alert_id,
                category=category[:32],
                severity=str(wire.Severity.WARNING),
                message=message[:500],
                raised_at=now,
                cleared_at=None,
                received_at=now,
            )
        )
    return alert_id


def quarantined(*, session: Session, store_id: int) -> list[dict[str, Any]]:
    """Every quarantined record of the store, newest first, beside the record kept (conflicts)."""
    rows = session.scalars(
        select(QuarantinedEntry)
        .where(QuarantinedEntry.store_id == store_id)
        .order_by(QuarantinedEntry.id.desc())
    )
    return [
        {
            "id": row.id,
            "seq": row.seq,
            "kind": row.kind,
            "reason": row.reason,
            "detail": row.detail,
            "identity": row.identity,
            "received_at": row.received_at,
            "entry": row.entry,
            "kept_seq": row.kept_seq,
            "kept": kept_record(session=session, store_id=store_id, row=row),
        }
        for row in rows
    ]


def _columns(row: object) -> dict[str, Any]:
    return {attr.key: getattr(row, attr.key) for attr in inspect(row).mapper.column_attrs}


def kept_record(*, session: Session, store_id: int, row: QuarantinedEntry) -> dict[str, Any] | None:
    """The record kept in place of a conflicting one, as stored (None for a refused one)."""
    if row.reason != CONFLICT or row.kept_seq is None:
        return None
    models: dict[str, Any] = {
        "sale": Sale,
        "stock_movement": StockMovement,
        "visit": Visit,
        "z_report": ZReport,
    }
    if row.kind == "alert" and row.identity:
        alert = session.get(Alert, (store_id, uuid.UUID(row.identity.split(":")[1])))
        return _columns(alert) if alert else None
    model = models.get(row.kind)
    if model is None:
        return None
    found = session.scalars(
        select(model).where(model.store_id == store_id, model.seq == row.kept_seq)
    ).first()
    if found is None:
        return None
    kept = _columns(found)
    if isinstance(found, Sale):
        lines = session.scalars(
            select(SaleLine)
            .where(SaleLine.store_id == store_id, SaleLine.sale_id == found.sale_id)
            .order_by(SaleLine.line_no)
        )
        kept["lines"] = [_columns(line) for line in lines]
    return kept
