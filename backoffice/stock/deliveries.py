"""Receiving a delivery: lines by scanned or typed code (a GS1 code brings its best-before date
and batch), unknown codes reported for the catalog's make-a-product step, commit into the book;
best-before batches and what expires soon."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.errors import ConflictError, NotFoundError
from backoffice.stock.book import Move, book, products_by_key, sums
from backoffice.stock.book_models import DeliveryLine, GoodsDelivery
from backoffice.stock.counting import BadCodeError
from retail.barcodes import ScanRejected, parse_scan


def open_delivery(
    session: Session, *, store_id: int, supplier: str, note_number: str, now: datetime
) -> GoodsDelivery:
    delivery = GoodsDelivery(
        store_id=store_id, supplier=supplier, note_number=note_number, created_at=now
    )
    session.add(delivery)
    session.flush()
    return delivery


def _open(session: Session, store_id: int, delivery_id: int) -> GoodsDelivery:
    delivery = session.get(GoodsDelivery, delivery_id)
    if delivery is None or delivery.store_id != store_id:
        raise NotFoundError(f"no delivery {delivery_id} in this store")
    if delivery.status != "open":
        raise ConflictError(f"delivery {delivery_id} is already committed")
    return delivery


@dataclass(frozen=True, slots=True)
class AddedLine:
    line_id: int
    product_key: str
    known: bool
    """False: no product has this code yet (make it one in the catalog, then commit)."""
    best_before: date | None
    batch: str | None


def add_line(
    session: Session,
    *,
    store_id: int,
    delivery_id: int,
    code: str,
    quantity: int,
    best_before: date | None,
    cost_ore: int | None,
    today: date,
) -> AddedLine:
    _open(session, store_id, delivery_id)
    scan = parse_scan(code, today=today)
    if isinstance(scan, ScanRejected):
        raise BadCodeError(f"{code[:40]!r} is not a product code: {scan.message}")
    dated = best_before or scan.best_before or scan.expiry
    line = DeliveryLine(
        delivery_id=delivery_id,
        store_id=store_id,
        product_key=scan.product_key,
        quantity=quantity,
        best_before=dated,
        batch=scan.batch,
        cost_ore=cost_ore,
    )
    session.add(line)
    session.flush()
    known = scan.product_key in products_by_key(session, [scan.product_key])
    return AddedLine(line.id, scan.product_key, known, dated, scan.batch)


def lines(session: Session, delivery_id: int) -> list[DeliveryLine]:
    query = select(DeliveryLine).where(DeliveryLine.delivery_id == delivery_id)
    return list(session.scalars(query.order_by(DeliveryLine.id)))


def commit_delivery(session: Session, *, store_id: int, delivery_id: int, now: datetime) -> int:
    """Book every received line as a delivery movement (a delivery file's line nobody checked
    off books nothing); refused while a received code is no product yet."""
    delivery = _open(session, store_id, delivery_id)
    received = [ln for ln in lines(session, delivery_id) if ln.quantity > 0]
    refs = products_by_key(session, [ln.product_key for ln in received])
    unknown = sorted({ln.product_key for ln in received if ln.product_key not in refs})
    if unknown:
        raise ConflictError(f"make these codes products first: {', '.join(unknown)}")
    moves = [
        Move(ln.product_key, ln.quantity, cost_ore=ln.cost_ore or refs[ln.product_key].cost_ore)
        for ln in received
    ]
    booked = book(
        session,
        store_id=store_id,
        kind="delivery",
        source=f"delivery:{delivery_id}",
        moves=moves,
        now=now,
        reason=f"{delivery.supplier} {delivery.note_number}"[:40],
    )
    for ln in lines(session, delivery_id):
        ln.committed = True
    delivery.status, delivery.committed_at = "committed", now
    return booked


@dataclass(frozen=True, slots=True)
class Batch:
    product_key: str
    best_before: date
    batch: str | None
    left: int
    """Pieces of this batch still on hand, oldest sold first (first expired, first out)."""


def expiring(session: Session, *, store_id: int, today: date, days: int) -> list[Batch]:
    """Batches on hand whose best-before date is within `days` of `today` (or past)."""
    query = (
        select(DeliveryLine)
        .where(
            DeliveryLine.store_id == store_id,
            DeliveryLine.committed.is_(True),
            DeliveryLine.best_before.is_not(None),
        )
        .order_by(DeliveryLine.best_before.desc(), DeliveryLine.id.desc())
    )
    received = list(session.scalars(query))
    on_hand = sums(session, store_id, {ln.product_key for ln in received})
    remaining = {key: max(q, 0) for key, (q, _) in on_hand.items()}
    horizon = today + timedelta(days=days)
    soon = []
    for ln in received:  # newest date first: what is on hand is the newest batches
        left = min(ln.quantity, remaining.get(ln.product_key, 0))
        remaining[ln.product_key] = remaining.get(ln.product_key, 0) - left
        assert ln.best_before is not None
        if left > 0 and ln.best_before <= horizon:
            soon.append(Batch(ln.product_key, ln.best_before, ln.batch, left))
    return sorted(soon, key=lambda b: (b.best_before, b.product_key))
