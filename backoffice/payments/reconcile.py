"""Swish reconciliation of one store and one local day: money known against the sales carrying it.

Sources of Swish payments, each per sale id (the payment's `payeePaymentReference`):
- the sales' Swish payment rows (what the store recorded after reading PAID from Swish);
- the stores' payment records (`store_payments`, protocol 3 on): every payment a store asked
  for and the last state it saw, with or without a sale;
- the Swish callbacks the backoffice received and then verified with a GET on Swish (only
  `verified_*` counts, never the body; a callback never verified is not a payment here).

Findings, each listed and alerted (kind `payment_mismatch`, one case per store that repeats):
- `payment_without_sale`: the store's record or Swish says PAID for a reference no sale of any
  day carries;
- `payment_unresolved`: the store's record of a payment of the day is still not final
  (created or unresolved) and no sale carries it: the customer may have been charged;
- `sale_without_payment`: a Swish sale with no payment row, or (when callbacks are configured)
  one Swish never confirmed to the backoffice;
- `amount_differs`: the store's paid record or the Swish amount differs from the sale's
  Swish payment.

A callback names no store; one without a sale is the store's whose name the payment message
carries (the stores ask for "Byabutik <store>"). The day is the store's local day in `zone`,
matched by sale time for sales and by receipt time for callbacks; matching itself spans days.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.alerts.lifecycle import Occurrence, keep_alert
from backoffice.alerts.models import AlertCase
from backoffice.payments.models import StorePayment, SwishCallback
from backoffice.sales.models import Sale, SalePayment
from backoffice.stores.models import Store
from swish_merchant.models import payee_reference

ALERT_KIND = "payment_mismatch"
MESSAGE_PREFIX = "Byabutik "
FindingKind = Literal[
    "payment_without_sale", "payment_unresolved", "sale_without_payment", "amount_differs"
]
PAID = "paid"
OPEN_STATES = frozenset({PAID, "created", "unresolved"})
"""States of a store's payment record that need a sale (paid) or an answer (the others)."""


@dataclass(frozen=True)
class Finding:
    kind: FindingKind
    reference: str
    """The Swish payee payment reference (the sale id without hyphens, upper case)."""
    sale_id: str | None
    sale_amount_ore: int | None
    swish_amount_ore: int | None
    swish_id: str | None


@dataclass(frozen=True)
class Reconciliation:
    store: str
    day: date
    callbacks_configured: bool
    swish_sales: int
    swish_payments: int
    matched: int
    findings: list[Finding] = field(default_factory=list)

    @property
    def balanced(self) -> bool:
        return not self.findings


def day_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The local day `day` in `zone` as a UTC interval [start, end)."""
    start = datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)
    return start, end


def reconcile(
    session: Session,
    *,
    store: Store,
    day: date,
    zone: ZoneInfo,
    callbacks_configured: bool,
) -> Reconciliation:
    """The reconciliation of `store` on `day` (read only; see `alert_findings`)."""
    start, end = day_bounds(day, zone)
    paid_by_sale = _swish_sales(session, store.id, start, end)
    refs = {payee_reference(str(sale_id)).upper(): sale_id for sale_id in paid_by_sale}
    verified = _verified_paid(session, start, end, store.slug, set(refs))
    records = _store_records(session, store.id, start, end, set(paid_by_sale))
    findings: list[Finding] = []
    matched = 0
    for ref, sale_id in sorted(refs.items()):
        sale_amount = paid_by_sale[sale_id]
        confirmed = verified.pop(ref, None)
        record = records.pop(sale_id, None)
        paid_record = record if record is not None and record.state == PAID else None
        if sale_amount is None:
            findings.append(Finding("sale_without_payment", ref, str(sale_id), None, None, None))
        elif paid_record is not None and paid_record.amount_ore != sale_amount:
            findings.append(
                Finding(
                    "amount_differs", ref, str(sale_id), sale_amount, paid_record.amount_ore, None
                )
            )
        elif confirmed is not None and confirmed.verified_amount_ore != sale_amount:
            findings.append(
                Finding(
                    "amount_differs",
                    ref,
                    str(sale_id),
                    sale_amount,
                    confirmed.verified_amount_ore,
                    confirmed.swish_id,
                )
            )
        elif confirmed is None and paid_record is None:
            if callbacks_configured:
                findings.append(
                    Finding("sale_without_payment", ref, str(sale_id), sale_amount, None, None)
                )
        else:
            matched += 1
    unmatched_records = {
        payee_reference(str(sale_id)).upper(): record
        for sale_id, record in records.items()
        if record.state in OPEN_STATES
    }
    carried = _references_with_sales(session, set(verified) | set(unmatched_records))
    for ref, record in sorted(unmatched_records.items()):
        if ref in carried:
            continue  # its sale is on another day: reconciled there
        verified.pop(ref, None)  # the store's record says it already
        kind: FindingKind = "payment_without_sale" if record.state == PAID else "payment_unresolved"
        findings.append(Finding(kind, ref, None, None, record.amount_ore, None))
    for ref, callback in sorted(verified.items()):
        if ref in carried or ref in unmatched_records:
            continue  # its sale is on another day (or at another store): reconciled there
        findings.append(
            Finding(
                "payment_without_sale",
                ref,
                None,
                None,
                callback.verified_amount_ore,
                callback.swish_id,
            )
        )
    return Reconciliation(
        store=store.slug,
        day=day,
        callbacks_configured=callbacks_configured,
        swish_sales=len(refs),
        swish_payments=matched
        + sum(f.kind in ("amount_differs", "payment_without_sale") for f in findings),
        matched=matched,
        findings=findings,
    )


def alert_findings(
    session: Session, *, store: Store, result: Reconciliation, now: datetime
) -> AlertCase | None:
    """Raise (or keep) the store's `payment_mismatch` alert if the day does not balance; the
    case if it is new."""
    if result.balanced:
        return None
    counts: dict[str, int] = defaultdict(int)
    for finding in result.findings:
        counts[finding.kind] += 1
    what = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in sorted(counts.items()))
    message = (
        f"Swish reconciliation of {result.day.isoformat()} does not balance: {what}. "
        f"See byabutik backoffice reconcile --store {store.slug} --day {result.day.isoformat()}."
    )
    occurrence = Occurrence(
        store_id=store.id, kind=ALERT_KIND, severity="critical", message=message, seen_at=now
    )
    return keep_alert(session=session, occurrence=occurrence, now=now)


def _swish_sales(
    session: Session, store_id: int, start: datetime, end: datetime
) -> dict[uuid.UUID, int | None]:
    """Sales of the day that took Swish: the Swish amount of each (None: no payment row)."""
    query = (
        select(Sale.sale_id, SalePayment.method, SalePayment.amount_ore)
        .outerjoin(
            SalePayment,
            (SalePayment.store_id == Sale.store_id) & (SalePayment.sale_id == Sale.sale_id),
        )
        .where(Sale.store_id == store_id, Sale.occurred_at >= start, Sale.occurred_at < end)
    )
    amounts: dict[uuid.UUID, int | None] = {}
    for sale_id, method, amount in session.execute(query):
        if method == "swish":
            amounts[sale_id] = (amounts.get(sale_id) or 0) + amount
    return amounts


def _store_records(
    session: Session, store_id: int, start: datetime, end: datetime, sale_ids: set[uuid.UUID]
) -> dict[uuid.UUID, StorePayment]:
    """The store's payment records: those of its sales of the day (any day asked), and those
    asked for on the day."""
    base = select(StorePayment).where(StorePayment.store_id == store_id)
    found: dict[uuid.UUID, StorePayment] = {}
    if sale_ids:
        for record in session.scalars(base.where(StorePayment.sale_id.in_(sorted(sale_ids)))):
            found[record.sale_id] = record
    day = base.where(StorePayment.requested_at >= start, StorePayment.requested_at < end)
    for record in session.scalars(day):
        found.setdefault(record.sale_id, record)
    return found


def _verified_paid(
    session: Session, start: datetime, end: datetime, slug: str, refs: set[str]
) -> dict[str, SwishCallback]:
    """Verified PAID payment callbacks for the store: its sales' references (any day), and
    those of the day whose message names the store."""
    base = select(SwishCallback).where(
        SwishCallback.kind == "payment", SwishCallback.verified_status == "PAID"
    )
    found: dict[str, SwishCallback] = {}
    if refs:
        for callback in session.scalars(
            base.where(
                SwishCallback.payee_payment_reference.in_(
                    sorted(refs | {ref.lower() for ref in refs})
                )
            )
        ):
            found.setdefault(_ref(callback), callback)
    day = base.where(SwishCallback.received_at >= start, SwishCallback.received_at < end)
    for callback in session.scalars(day):
        ref = _ref(callback)
        if ref and ref not in found and _message_store(callback) == slug:
            found[ref] = callback
    return found


def _references_with_sales(session: Session, refs: set[str]) -> set[str]:
    """Which of `refs` a sale of any store and day carries."""
    wanted: dict[uuid.UUID, str] = {}
    for ref in refs:
        try:
            wanted[uuid.UUID(hex=ref)] = ref
        except ValueError:
            continue
    if not wanted:
        return set()
    query = select(Sale.sale_id).where(Sale.sale_id.in_(list(wanted)))
    return {wanted[sale_id] for sale_id in session.scalars(query)}


def _ref(callback: SwishCallback) -> str:
    return (callback.payee_payment_reference or "").upper()


def _message_store(callback: SwishCallback) -> str | None:
    message = callback.body.get("message") if isinstance(callback.body, dict) else None
    if isinstance(message, str) and message.startswith(MESSAGE_PREFIX):
        return message.removeprefix(MESSAGE_PREFIX).strip()
    return None
