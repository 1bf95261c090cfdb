"""Payment recovery: every payment asked for and never settled is followed until it is final.

A crash (or a kill, or a power cut) between asking the provider and recording the sale leaves a
row in `pending_payments`. `PaymentRecovery` asks the provider about each such row, at start-up
and then on every tick while one may be open, with a backoff per payment (1 s, 2 s, 4 s... up to
`payment_recovery_max_interval_s`) while the provider cannot answer:

- PAID: the sale is recorded from the kept cart (receipt, journal, outbox like any sale) and the
  kiosk offers its receipt to the customer who paid;
- still PENDING (nobody is paying at the kiosk any more): it is cancelled, and followed again
  until the provider confirms the cancellation (or that it was paid after all);
- DECLINED, CANCELLED or ERROR: settled with that outcome;
- unknown to the provider: settled as "unknown" and logged (the provider never created it, so
  nobody was charged: e.g. a request that failed to reach Swish, which the kiosk leaves here);
- no answer (provider unreachable, provider not configured now): logged every time and tried
  again later. Nothing is skipped silently.

A payment still unresolved `payment_unresolved_alert_minutes` after it was requested raises a
payment alert (one per payment, its id derived from the sale id) and, the first time, queues
the payment's "unresolved" record for the backoffice with it; the alert is cleared once the
payment is resolved (its settled record goes with the settling). The payment the kiosk is
following itself is left to the kiosk.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from retail import Money
from retail.wire import AlertCategory, Severity
from store_controller.alerts.service import clear_alert, raise_alert_in
from store_controller.checkout.pending import PendingPayment, settle, unsettled
from store_controller.checkout.sales_writer import RecordedSale, record_sale
from store_controller.checkout.service import CheckoutService
from store_controller.outbox.queue import enqueue
from store_controller.payments.port import PaymentError, PaymentState, PaymentStatus

log = logging.getLogger(__name__)

FIRST_RETRY_S = 1.0
ALERT_NAMESPACE = uuid.UUID("5a0f8f64-3c1e-4a43-9d4e-7b1f1a9d2c13")


def alert_id_for(sale_id: str) -> str:
    """The id of the "payment unresolved" alert of one payment (stable across restarts)."""
    return str(uuid.uuid5(ALERT_NAMESPACE, f"payment-unresolved:{sale_id}"))


@dataclass
class _Retry:
    next_at: float
    delay_s: float
    alerted: bool = False


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one check of one payment came to: recorded (a sale), settled, or still open."""

    recorded: RecordedSale | None = None
    settled: str | None = None

    @property
    def resolved(self) -> bool:
        return self.recorded is not None or self.settled is not None


OPEN = Outcome()


class PaymentRecovery:
    """Follows the unsettled payments of one register; `run_due` is called on every tick."""

    def __init__(self, service: CheckoutService) -> None:
        self.service = service
        self._retries: dict[str, _Retry] = {}
        self._none_open_at: int | None = None
        """`service.payments_asked` when the table last held no open payment (None: not read
        yet, as at start-up, where a crash may have left some)."""

    async def run_due(self) -> int:
        """Check every unsettled payment whose next check is due; the number of sales recorded.

        The table is read at the first call and then only while a payment was open at the last
        read or the kiosk has asked for one since (`payments_asked`, counted after its row is
        written): a tick with nothing open does no query and no thread hop. The query scans
        the whole table (settled rows are kept, one a sale), ~23 ms of CPU at 50,000 rows,
        every 0.5 s. Rows come only from this register's checkout (this process's kiosk) and
        from before a restart."""
        service = self.service
        asked = service.payments_asked
        if self._none_open_at == asked:
            return 0
        recorded = 0
        now = service.clock.monotonic()
        open_payments = await asyncio.to_thread(unsettled, service.sessions, service.register_id)
        if not open_payments:
            self._none_open_at = asked
        for pending in open_payments:
            if pending.sale_id == service.paying_reference:
                continue  # the kiosk follows its own payment
            retry = self._retries.get(pending.sale_id)
            if retry is not None and now < retry.next_at:
                continue
            outcome = await check_payment(service, pending)
            if outcome.resolved:
                self._resolved(pending, outcome)
                recorded += outcome.recorded is not None
                continue
            self._backoff(pending, now, retry)
        return recorded

    def _resolved(self, pending: PendingPayment, outcome: Outcome) -> None:
        self._retries.pop(pending.sale_id, None)
        # raised by this process or before a restart; clearing an unknown alert does nothing
        clear_alert(self.service.sessions, alert_id_for(pending.sale_id), at=self._now())
        if outcome.recorded is not None:
            self.service.show_recovered(outcome.recorded)

    def _backoff(self, pending: PendingPayment, now: float, retry: _Retry | None) -> None:
        cap = self.service.config.payment_recovery_max_interval_s
        delay = FIRST_RETRY_S if retry is None else min(retry.delay_s * 2, cap)
        retry = retry or _Retry(next_at=now, delay_s=delay)
        retry.delay_s, retry.next_at = min(delay, cap), now + min(delay, cap)
        self._retries[pending.sale_id] = retry
        limit = timedelta(minutes=self.service.config.payment_unresolved_alert_minutes)
        if not retry.alerted and self._now() - pending.requested_at >= limit:
            retry.alerted = True
            _alert_unresolved(self.service, pending)

    def _now(self) -> datetime:
        return self.service.clock.now()


async def recover_payments(service: CheckoutService) -> int:
    """One pass over every unsettled payment (no backoff); the number of sales recorded."""
    recorded = 0
    for pending in await asyncio.to_thread(unsettled, service.sessions, service.register_id):
        if pending.sale_id == service.paying_reference:
            continue
        outcome = await check_payment(service, pending)
        recorded += outcome.recorded is not None
    return recorded


async def check_payment(service: CheckoutService, pending: PendingPayment) -> Outcome:
    """Ask the provider about `pending` once and act on the answer (see the module docstring)."""
    extra = {"sale_id": pending.sale_id, "provider": pending.provider}
    provider = service.provider_named(pending.provider)
    if provider is None:
        log.warning("an unsettled payment's provider is not configured now: kept open", extra=extra)
        return OPEN
    try:
        state = await provider.status(pending.sale_id)
        if state.status is PaymentStatus.PENDING:
            state = await provider.cancel(pending.sale_id)
    except KeyError:
        # The provider never created it (the request did not reach it): nobody was charged.
        log.warning("an unsettled payment is unknown to the provider: settled", extra=extra)
        await _settle(service, pending.sale_id, "unknown")
        return Outcome(settled="unknown")
    except PaymentError as error:
        log.warning(
            "an unsettled payment could not be checked now; trying again later",
            extra={**extra, "error": str(error)},
        )
        return OPEN
    if state.status is PaymentStatus.PENDING:
        log.info("an unsettled payment is still pending at the provider", extra=extra)
        return OPEN
    if state.status is not PaymentStatus.PAID:
        await _settle(service, pending.sale_id, state.status.value)
        return Outcome(settled=state.status.value)
    recorded = await _record(service, pending, state)
    log.info("a sale paid before a restart was recorded", extra={"sale_id": pending.sale_id})
    return Outcome(recorded=recorded)


async def _record(
    service: CheckoutService, pending: PendingPayment, state: PaymentState
) -> RecordedSale:
    return await asyncio.to_thread(
        record_sale,
        sessions=service.sessions,
        cart=pending.cart,
        sale_id=uuid.UUID(pending.sale_id),
        store_id=service.store_id,
        register_id=service.register_id,
        occurred_at=service.clock.now(),
        local_date=service.local_today(),
        payment=state,
    )


async def _settle(service: CheckoutService, sale_id: str, outcome: str) -> None:
    now = service.clock.now()
    await asyncio.to_thread(settle, service.sessions, sale_id=sale_id, outcome=outcome, at=now)


def _alert_unresolved(service: CheckoutService, pending: PendingPayment) -> None:
    """Raise the payment's alert and, the first time, queue its "unresolved" record with it
    (one transaction: never one without the other). A payment settled meanwhile is left."""
    amount = Money(pending.amount_ore).format()
    from retail.wire import PaymentRecordState
    from store_controller.checkout.models import PendingPaymentRow  # the ORM, on first use
    from store_controller.checkout.payment_records import payment_record

    now = service.clock.now()
    with service.sessions.begin() as session:
        row = session.get(PendingPaymentRow, pending.sale_id)
        if row is None or row.settled_at is not None:
            return
        new = raise_alert_in(
            session,
            alert_id=alert_id_for(pending.sale_id),
            category=AlertCategory.PAYMENT,
            severity=Severity.CRITICAL,
            message=(
                f"A {pending.provider} payment of {amount} (sale {pending.sale_id}) is still "
                "unresolved: the provider could not confirm it. The store keeps asking; check it "
                "with the provider if this lasts."
            ),
            details={"sale_id": pending.sale_id, "provider": pending.provider},
            at=now,
        )
        record = payment_record(
            sale_id=pending.sale_id,
            provider=pending.provider,
            amount_ore=pending.amount_ore,
            requested_at=pending.requested_at,
            state=PaymentRecordState.UNRESOLVED,
            at=now,
        )
        if new and record is not None:
            enqueue(session, record, at=now)
